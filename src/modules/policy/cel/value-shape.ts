/**
 * Size summaries ("shapes") of CEL values, the abstract domain of the cost estimator.
 *
 * A shape is an upper bound on a value:
 * - `size`: total size, counting string characters, list elements and map entries at every depth;
 * - `len`: top-level length (string characters, list elements or map entries; 1 for a scalar);
 * - `item`: bound on every list element / map value; `key`: bound on every map key;
 * - `fields`: per-key bounds for maps whose keys are all known (record fields), which keeps
 *   `t.number` small even when another field of the same records holds long text;
 * - `opaque`: the value may be a map with keys not listed in `fields`, so a field access falls
 *   back to `item`;
 * - `kinds`: which CEL kinds the value may have (bit set, `undefined` = any), and `required`: the
 *   keys every map among the values has. Together they let the estimator prove that `t.number`
 *   or `a == b` cannot fail, which matters because failures absorbed by `all` / `exists` are
 *   expensive (see estimate-cost.ts).
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
  readonly kinds?: number;
  readonly required?: ReadonlySet<string>;
}

type MutableShape = { -readonly [K in keyof Shape]: Shape[K] };

export const Kind = Object.freeze({
  STRING: 1,
  INT: 2,
  DOUBLE: 4,
  BOOL: 8,
  NULL: 16,
  LIST: 32,
  MAP: 64,
  OTHER: 128,
});

/** True when every value the shape stands for is of one of `allowed` kinds. */
export function onlyKinds(shape: Shape, allowed: number): boolean {
  return shape.kinds !== undefined && (shape.kinds & ~allowed) === 0;
}

/** Accessing `name` on such a value cannot fail: it is always a map that always has the key. */
export function hasRequiredField(shape: Shape, name: string): boolean {
  return onlyKinds(shape, Kind.MAP) && shape.required?.has(name) === true;
}

/** Something of size 1 whose kind we do not know (the result of most scalar operations). */
export const SCALAR: Shape = Object.freeze({ size: 1, len: 1 });
export const BOOL: Shape = Object.freeze({ size: 1, len: 1, kinds: Kind.BOOL });
export const INT: Shape = Object.freeze({ size: 1, len: 1, kinds: Kind.INT });

/** Maps with more keys than this are summarised by `item` only. */
const MAX_TRACKED_FIELDS = 256;
/** Merging recursion stops here and falls back to `boundedBy`, which also ends self-references. */
const MAX_MERGE_DEPTH = 12;
/** Deeper data (or a cycle) is summarised as UNBOUNDED: converted records are never this deep. */
const MAX_SUMMARY_DEPTH = 64;
/** More nodes than this (e.g. a shared sub-object referenced exponentially often) is UNBOUNDED. */
const MAX_SUMMARY_NODES = 2_000_000;
/**
 * Per-field accumulators follow the paths of the data (a list of records shares one per field),
 * so real inputs need few; past this many, new keys fold into `item`, which bounds memory.
 */
const MAX_ACCUMULATORS = 20_000;

export function boundedBy(n: number): Shape {
  const shape: MutableShape = { size: n, len: n, opaque: true };
  shape.item = shape;
  shape.key = shape;
  return Object.freeze(shape);
}

export const UNBOUNDED: Shape = boundedBy(Infinity);

const SMALL_STRINGS: Shape[] = [];
export function stringShape(len: number): Shape {
  if (len < 256 && Number.isInteger(len)) return (SMALL_STRINGS[len] ??= Object.freeze({ size: len + 1, len, kinds: Kind.STRING }));
  return { size: len + 1, len, kinds: Kind.STRING };
}

/** Multiplication where 0 × ∞ is 0 (an empty list costs nothing however big its step). */
export function mul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : a * b;
}

export function listShape(len: number, item: Shape | undefined): Shape {
  return item ? { size: 1 + mul(len, item.size), len, item, kinds: Kind.LIST } : { size: 1, len: 0, kinds: Kind.LIST };
}

function mergeKinds(a: Shape, b: Shape): number | undefined {
  return a.kinds === undefined || b.kinds === undefined ? undefined : a.kinds | b.kinds;
}

/** Keys present in every map of the merged values (only maps count; unknown kinds know nothing). */
function mergeRequired(a: Shape, b: Shape): ReadonlySet<string> | undefined {
  if (a.kinds === undefined || b.kinds === undefined) return undefined;
  const aMap = (a.kinds & Kind.MAP) !== 0;
  const bMap = (b.kinds & Kind.MAP) !== 0;
  if (!aMap) return bMap ? b.required : undefined;
  if (!bMap || a.required === b.required) return a.required;
  if (!a.required || !b.required) return undefined;
  let shared: Set<string> | undefined;
  for (const name of a.required) {
    if (b.required.has(name)) continue;
    shared ??= new Set(a.required);
    shared.delete(name);
  }
  return shared ?? a.required;
}

/** Least upper bound of two shapes. */
export function mergeShapes(a: Shape | undefined, b: Shape | undefined, depth = 0): Shape | undefined {
  if (!a) return b;
  if (!b || a === b) return a;
  if (depth > MAX_MERGE_DEPTH) return boundedBy(Math.max(a.size, b.size));
  const item = mergeShapes(a.item, b.item, depth + 1);
  const key = mergeShapes(a.key, b.key, depth + 1);
  const opaque = a.opaque === true || b.opaque === true;
  const fields = opaque ? undefined : mergeFields(a.fields, b.fields, depth);
  const tooMany = fields !== undefined && fields.size > MAX_TRACKED_FIELDS;
  const kinds = mergeKinds(a, b);
  const required = mergeRequired(a, b);
  // Reuse `a` when `b` adds nothing: merging thousands of similar records then allocates nothing.
  if (
    a.size >= b.size &&
    a.len >= b.len &&
    item === a.item &&
    key === a.key &&
    opaque === (a.opaque === true) &&
    fields === a.fields &&
    kinds === a.kinds &&
    required === a.required
  ) {
    return a;
  }
  const merged: MutableShape = { size: Math.max(a.size, b.size), len: Math.max(a.len, b.len) };
  if (item) merged.item = item;
  if (key) merged.key = key;
  if (opaque || tooMany) merged.opaque = true;
  else if (fields) merged.fields = fields;
  if (kinds !== undefined) merged.kinds = kinds;
  if (required) merged.required = required;
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
  if (onlyKinds(shape, Kind.LIST)) return shape.item ?? SCALAR;
  if (onlyKinds(shape, Kind.MAP)) return shape.key ?? SCALAR;
  return mergeShapes(shape.item, shape.key) ?? SCALAR;
}

/** Bound on `a + b` for strings, lists or bytes (numbers stay scalar). */
export function concatShape(a: Shape, b: Shape): Shape {
  const kinds = mergeKinds(a, b);
  if (a.size <= 1 && b.size <= 1) return kinds === undefined ? SCALAR : { size: 1, len: 1, kinds };
  const out: MutableShape = { size: a.size + b.size, len: a.len + b.len, opaque: true };
  const item = mergeShapes(a.item, b.item);
  const key = mergeShapes(a.key, b.key);
  if (item) out.item = item;
  if (key) out.key = key;
  if (kinds !== undefined) out.kinds = kinds;
  return out;
}

interface SummaryState {
  nodes: number;
  accumulators: number;
}

/**
 * Summarises actual data (a context variable) in one pass, linear in the data size. Values are
 * folded into mutable accumulators (no shape per record), which keeps summarising thousands of
 * records cheap. Depth and node count are bounded so that odd inputs (cycles, a sub-object
 * shared exponentially often) give UNBOUNDED instead of hanging.
 */
export function shapeOfValue(value: unknown): Shape {
  const state: SummaryState = { nodes: 0, accumulators: 0 };
  const acc = new Accumulator();
  acc.add(value, 0, state);
  // Over budget: the accumulators may be huge and deep, so do not even build their shape.
  return state.nodes > MAX_SUMMARY_NODES ? UNBOUNDED : acc.toShape();
}

/** Least upper bound of many values, built incrementally. */
class Accumulator {
  size = 0;
  len = 0;
  kinds = 0;
  unbounded = false;
  /** Number of values folded in (for a field: how many maps had it). */
  count = 0;
  /** Number of maps folded in. */
  maps = 0;
  /** Tracks list elements and the values of maps whose fields overflowed. */
  item: Accumulator | undefined;
  key: Accumulator | undefined;
  /** Per-key accumulators of map values; `item` of the shape is their merge. */
  fields: Map<string, Accumulator> | undefined;
  opaque = false;

  /** Folds `value` in and returns its own total size. */
  add(value: unknown, depth: number, state: SummaryState): number {
    this.count++;
    if (++state.nodes > MAX_SUMMARY_NODES || depth > MAX_SUMMARY_DEPTH) {
      this.unbounded = true;
      return Infinity;
    }
    switch (typeof value) {
      case 'string':
        this.kinds |= Kind.STRING;
        return this.bump(value.length + 1, value.length);
      case 'bigint':
        this.kinds |= Kind.INT;
        return this.bump(1, 1);
      case 'number':
        this.kinds |= Kind.DOUBLE;
        return this.bump(1, 1);
      case 'boolean':
        this.kinds |= Kind.BOOL;
        return this.bump(1, 1);
      case 'object':
        break;
      default:
        this.kinds |= Kind.OTHER;
        return this.bump(1, 1);
    }
    if (value === null) {
      this.kinds |= Kind.NULL;
      return this.bump(1, 1);
    }
    if (value instanceof Uint8Array) {
      this.kinds |= Kind.OTHER;
      return this.bump(value.length + 1, value.length);
    }
    if (Array.isArray(value)) {
      this.kinds |= Kind.LIST;
      const item = (this.item ??= new Accumulator());
      let size = 1;
      for (let i = 0; i < value.length; i++) size += item.add(value[i], depth + 1, state);
      return this.bump(size, value.length);
    }
    if (value instanceof Map) return this.addEntries(value.entries(), value.size, depth, state);
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto !== null && proto !== Object.prototype) {
      this.kinds |= Kind.OTHER; // Date, cel-js value classes
      return this.bump(1, 1);
    }
    this.kinds |= Kind.MAP;
    this.maps++;
    const keys = Object.keys(value);
    const record = value as Record<string, unknown>;
    const key = (this.key ??= new Accumulator());
    let size = 1;
    for (let i = 0; i < keys.length; i++) {
      const name = keys[i]!;
      key.kinds |= Kind.STRING;
      key.count++;
      size += key.bump(name.length + 1, name.length) + this.fieldAccumulator(name, state).add(record[name], depth + 1, state);
    }
    return this.bump(size, keys.length);
  }

  private addEntries(entries: Iterable<[unknown, unknown]>, count: number, depth: number, state: SummaryState): number {
    this.kinds |= Kind.MAP;
    this.maps++;
    const key = (this.key ??= new Accumulator());
    let size = 1;
    for (const [k, v] of entries) {
      const keySize = key.add(k, depth + 1, state);
      const target = typeof k === 'string' ? this.fieldAccumulator(k, state) : this.overflow();
      size += keySize + target.add(v, depth + 1, state);
    }
    return this.bump(size, count);
  }

  private fieldAccumulator(name: string, state: SummaryState): Accumulator {
    const fields = (this.fields ??= new Map());
    let acc = fields.get(name);
    if (acc) return acc;
    if (fields.size >= MAX_TRACKED_FIELDS || ++state.accumulators > MAX_ACCUMULATORS) return this.overflow();
    acc = new Accumulator();
    fields.set(name, acc);
    return acc;
  }

  private overflow(): Accumulator {
    this.opaque = true;
    return (this.item ??= new Accumulator());
  }

  bump(size: number, len: number): number {
    if (size > this.size) this.size = size;
    if (len > this.len) this.len = len;
    return size;
  }

  toShape(): Shape {
    if (this.unbounded) return UNBOUNDED;
    let item = this.item?.toShape();
    let fields: Map<string, Shape> | undefined;
    let required: Set<string> | undefined;
    if (this.fields) {
      fields = new Map();
      required = new Set();
      for (const [name, acc] of this.fields) {
        const shape = acc.toShape();
        fields.set(name, shape);
        item = mergeShapes(item, shape);
        if (acc.count === this.maps) required.add(name);
      }
    }
    const key = this.key?.toShape();
    if ((item && item.size === Infinity) || (key && key.size === Infinity)) return UNBOUNDED;
    if (!item && !key && !fields) {
      if (this.kinds === Kind.STRING && this.size === this.len + 1) return stringShape(this.len);
      return { size: this.size, len: this.len, kinds: this.kinds };
    }
    const shape: MutableShape = { size: this.size, len: this.len, kinds: this.kinds };
    if (item) shape.item = item;
    if (key) shape.key = key;
    if (fields && !this.opaque) shape.fields = fields;
    else if (fields || this.opaque) shape.opaque = true;
    if ((this.kinds & Kind.MAP) !== 0) shape.required = this.opaque ? new Set() : (required ?? new Set());
    return shape;
  }
}
