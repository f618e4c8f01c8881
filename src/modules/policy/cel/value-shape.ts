/**
 * Size summaries ("shapes") of CEL values, the abstract domain of the cost estimator.
 *
 * A shape is an upper bound on a value, whatever its kind:
 * - `size`: total size, counting string characters, list elements and map entries at every depth;
 * - `len`: top-level length (string characters, list elements or map entries; 1 for a scalar);
 * - `item`: bound on every list element / map value; `key`: bound on every map key;
 * - `fields`: per-key bounds for maps whose keys are all known (record fields), which keeps
 *   `t.number` small even when another field of the same records holds long text;
 * - `opaque`: the value may be a map with keys not listed in `fields`, so a field access falls
 *   back to `item`.
 * Shapes are immutable once built. `boundedBy(n)` (self-referential) bounds any value whose total
 * size is at most n; `UNBOUNDED` is the shape we know nothing about.
 */
export interface Shape {
  readonly size: number;
  readonly len: number;
  readonly item?: Shape;
  readonly key?: Shape;
  readonly fields?: ReadonlyMap<string, Shape>;
  readonly opaque?: boolean;
}

export const SCALAR: Shape = Object.freeze({ size: 1, len: 1 });

/** Maps with more keys than this are summarised by `item` only. */
const MAX_TRACKED_FIELDS = 256;
/** Merging recursion stops here and falls back to `boundedBy`, which also ends self-references. */
const MAX_MERGE_DEPTH = 12;
/** Deeper data (or a cycle) is summarised as UNBOUNDED: converted records are never this deep. */
const MAX_SUMMARY_DEPTH = 64;
/** More nodes than this (e.g. a shared sub-object referenced exponentially often) is UNBOUNDED. */
const MAX_SUMMARY_NODES = 5_000_000;

export function boundedBy(n: number): Shape {
  const shape = { size: n, len: n, opaque: true } as { size: number; len: number; opaque: boolean; item?: Shape; key?: Shape };
  shape.item = shape;
  shape.key = shape;
  return Object.freeze(shape);
}

export const UNBOUNDED: Shape = boundedBy(Infinity);

const SMALL_STRINGS: Shape[] = [];
export function stringShape(len: number): Shape {
  if (len < 256 && Number.isInteger(len)) return (SMALL_STRINGS[len] ??= Object.freeze({ size: len + 1, len }));
  return { size: len + 1, len };
}

/** Multiplication where 0 × ∞ is 0 (an empty list costs nothing however big its step). */
export function mul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}

export function listShape(len: number, item: Shape | undefined): Shape {
  return item ? { size: 1 + mul(len, item.size), len, item } : { size: 1, len: 0 };
}

/** Least upper bound of two shapes. */
export function mergeShapes(a: Shape | undefined, b: Shape | undefined, depth = 0): Shape | undefined {
  if (!a) return b;
  if (!b || a === b) return a;
  if (depth > MAX_MERGE_DEPTH) return boundedBy(Math.max(a.size, b.size));
  const item = mergeShapes(a.item, b.item, depth + 1);
  const key = mergeShapes(a.key, b.key, depth + 1);
  const opaque = a.opaque === true || b.opaque === true;
  let fields: ReadonlyMap<string, Shape> | undefined;
  if (!opaque) fields = mergeFields(a.fields, b.fields, depth);
  const tooMany = fields !== undefined && fields.size > MAX_TRACKED_FIELDS;
  // Reuse `a` when `b` adds nothing: merging thousands of similar records then allocates nothing.
  if (
    a.size >= b.size &&
    a.len >= b.len &&
    item === a.item &&
    key === a.key &&
    opaque === (a.opaque === true) &&
    fields === a.fields
  ) {
    return a;
  }
  const merged: { size: number; len: number; item?: Shape; key?: Shape; fields?: ReadonlyMap<string, Shape>; opaque?: boolean } = {
    size: Math.max(a.size, b.size),
    len: Math.max(a.len, b.len),
  };
  if (item) merged.item = item;
  if (key) merged.key = key;
  if (opaque || tooMany) merged.opaque = true;
  else if (fields) merged.fields = fields;
  return merged;
}

function mergeFields(
  a: ReadonlyMap<string, Shape> | undefined,
  b: ReadonlyMap<string, Shape> | undefined,
  depth: number,
): ReadonlyMap<string, Shape> | undefined {
  if (!a) return b;
  if (!b || a === b) return a;
  let out: Map<string, Shape> | undefined;
  for (const [name, shape] of b) {
    const current = a.get(name);
    const merged = mergeShapes(current, shape, depth + 1)!;
    if (merged !== current) (out ??= new Map(a)).set(name, merged);
  }
  return out ?? a;
}

/** Bound on `value.name` (or `value["name"]`). A key absent from known fields fails at run time, cheaply. */
export function fieldShape(shape: Shape, name: string): Shape {
  if (!shape.opaque && shape.fields) return shape.fields.get(name) ?? SCALAR;
  return shape.item ?? SCALAR;
}

/** Bound on `value[i]` for a computed index (list element or map value). */
export function indexShape(shape: Shape): Shape {
  return shape.item ?? SCALAR;
}

/** Bound on the iteration variable of a comprehension: list elements, or map keys. */
export function elementShape(shape: Shape): Shape {
  return mergeShapes(shape.item, shape.key) ?? SCALAR;
}

/** Bound on `a + b` for strings, lists or bytes (numbers stay scalar). */
export function concatShape(a: Shape, b: Shape): Shape {
  if (a.size <= 1 && b.size <= 1) return SCALAR;
  const merged = mergeShapes(a.item, b.item);
  const key = mergeShapes(a.key, b.key);
  const out: { size: number; len: number; item?: Shape; key?: Shape; opaque?: boolean } = {
    size: a.size + b.size,
    len: a.len + b.len,
    opaque: true,
  };
  if (merged) out.item = merged;
  if (key) out.key = key;
  return out;
}

interface SummaryState {
  nodes: number;
}

/**
 * Summarises actual data (a context variable). Linear in the data size; bounded in depth and in
 * nodes so that odd inputs (cycles, shared sub-objects) give UNBOUNDED instead of hanging.
 */
export function shapeOfValue(value: unknown): Shape {
  return summarize(value, 0, { nodes: 0 });
}

function summarize(value: unknown, depth: number, state: SummaryState): Shape {
  if (++state.nodes > MAX_SUMMARY_NODES || depth > MAX_SUMMARY_DEPTH) return UNBOUNDED;
  if (typeof value === 'string') return stringShape(value.length);
  if (value === null || typeof value !== 'object') return SCALAR;
  if (value instanceof Uint8Array) return { size: value.length + 1, len: value.length };
  if (Array.isArray(value)) {
    let item: Shape | undefined;
    let size = 1;
    for (const element of value as unknown[]) {
      const shape = summarize(element, depth + 1, state);
      size += shape.size;
      item = mergeShapes(item, shape);
    }
    return item ? { size, len: value.length, item } : { size: 1, len: 0 };
  }
  const proto = Object.getPrototypeOf(value) as object | null;
  const isMap = value instanceof Map;
  if (!isMap && proto !== null && proto !== Object.prototype) return SCALAR; // Date, cel-js value classes
  const entries: Iterable<[unknown, unknown]> = isMap ? (value as Map<unknown, unknown>) : Object.entries(value as object);
  let item: Shape | undefined;
  let key: Shape | undefined;
  let fields: Map<string, Shape> | undefined = new Map();
  let size = 1;
  let len = 0;
  for (const [k, v] of entries) {
    const keyShape = summarize(k, depth + 1, state);
    const valueShape = summarize(v, depth + 1, state);
    len++;
    size += keyShape.size + valueShape.size;
    key = mergeShapes(key, keyShape);
    item = mergeShapes(item, valueShape);
    if (fields && typeof k === 'string' && fields.size < MAX_TRACKED_FIELDS) fields.set(k, valueShape);
    else fields = undefined;
  }
  const shape: { size: number; len: number; item?: Shape; key?: Shape; fields?: ReadonlyMap<string, Shape>; opaque?: boolean } = { size, len };
  if (item) shape.item = item;
  if (key) shape.key = key;
  if (fields) shape.fields = fields;
  else shape.opaque = true;
  return shape;
}
