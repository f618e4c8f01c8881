import type { AstNode } from './ast-node.ts';
import { toCostTree, type CostNode } from './cost-tree.ts';
import {
  BOOL,
  INT,
  Kind,
  SCALAR,
  UNBOUNDED,
  boundedBy,
  concatShape,
  elementShape,
  fieldShape,
  hasRequiredField,
  indexShape,
  listShape,
  mergeShapes,
  mul,
  onlyKinds,
  stringShape,
  type Shape,
} from './value-shape.ts';

/**
 * Static upper bound on the work an expression does on given inputs, computed before running it.
 *
 * Why: cel-js evaluates synchronously and has no iteration budget, so a running expression cannot
 * be interrupted. CEL always terminates, but nested comprehensions multiply
 * (`tasks.all(a, tasks.all(b, tasks.all(c, true)))` over 5 000 tasks is 1.25·10¹¹ steps) and
 * `cel.bind` can double a string or list at every level. So we refuse, before evaluating, any
 * expression whose bound exceeds the budget.
 *
 * How: an abstract interpretation over `Shape`s (value-shape.ts), starting from the shapes of the
 * actual inputs. Each node costs 1 unit; a comprehension costs its range plus
 * (range length) × (step cost + 1), assuming no short-circuit; operations that copy, compare, scan
 * or parse data (`+`, `==`, `in`, `join`, `contains`, `string()`, `sum`, ...) also cost the size of
 * the data they touch; a conditional costs the dearer branch. Computing the bound is linear in the
 * expression size: a comprehension step is estimated once, with the element shape.
 *
 * Failures: `all`, `exists` and the left side of `&&` / `||` absorb evaluation errors and go on,
 * and every error costs microseconds in cel-js (an Error object plus a scan of the expression
 * text), far more than a node. So each such place is charged `errorCost` per evaluation unless
 * the estimator proves the guarded expression cannot fail (`mayFail`): field reads of keys every
 * record has, equality, `in` a list, `has()`, boolean operators on bools, string predicates...
 *
 * Unknown operators make the estimate infinite, so a future cel-js feature is refused rather than
 * trusted.
 */

export interface CostEstimate {
  cost: number;
  shape: Shape;
  /** False only when evaluating the expression can never raise an error on these inputs. */
  mayFail: boolean;
}

/** Variable shapes in scope: the inputs, then comprehension / `cel.bind` variables. */
export interface Scope {
  get(name: string): Shape | undefined;
}

/** One bound variable in front of its enclosing scope (cheaper than copying a Map per macro). */
class Binding implements Scope {
  constructor(
    private readonly name: string,
    private readonly shape: Shape,
    private readonly parent: Scope,
  ) {}

  get(name: string): Shape | undefined {
    return name === this.name ? this.shape : this.parent.get(name);
  }
}

/** cel-js converts time zones with `toLocaleString`, measured at ~250 µs per call. */
const TIME_ZONE_COST = 10_000;

export interface EstimateOptions {
  /** Cost of one absorbed evaluation error; see errorCostFor. */
  errorCost?: number;
}

/**
 * cel-js builds an Error per failure and, in its constructor, scans the expression text up to the
 * failing node to render an excerpt. Measured with stack traces off (evaluate-policy.ts turns them
 * off while evaluating): ~3.5 µs per error plus ~10 ns per character, i.e. ~140 units plus
 * 0.4 unit per character at ~25 ns per unit.
 */
export function errorCostFor(textLength: number): number {
  return 140 + Math.ceil(0.4 * textLength);
}

const TEXT = Kind.STRING;

/**
 * Comparing or searching strings runs at memory speed (~1 ns per character, against ~25 ns per
 * unit), so text-only work is charged per 8 characters; lists and maps are charged per element.
 */
function touched(a: Shape, b: Shape, size: number): number {
  return onlyKinds(a, TEXT) && onlyKinds(b, TEXT) ? Math.ceil(size / 8) : size;
}
const NUMBER = Kind.INT | Kind.DOUBLE;
const SIZED = Kind.STRING | Kind.LIST | Kind.MAP | Kind.OTHER;
const STRINGABLE = Kind.STRING | Kind.INT | Kind.DOUBLE | Kind.BOOL;

/** Estimates a cost tree (see cost-tree.ts), or a cel-js AST converted on the fly. */
export function estimateCost(expression: CostNode | AstNode, variables: Scope, options: EstimateOptions = {}): CostEstimate {
  const tree = 'k' in expression ? expression : toCostTree(expression);
  return new Estimator(options.errorCost ?? errorCostFor(0)).estimate(tree, variables);
}

class Estimator {
  constructor(private readonly errorCost: number) {}

  estimate(node: CostNode, scope: Scope): CostEstimate {
    switch (node.k) {
      case 'literal':
        return { cost: 1, shape: node.shape, mayFail: false };
      case 'variable':
        return { cost: 1, shape: scope.get(node.name) ?? SCALAR, mayFail: false };
      case 'field': {
        const o = this.estimate(node.operand, scope);
        return { cost: o.cost + 1, shape: fieldShape(o.shape, node.name), mayFail: o.mayFail || !hasRequiredField(o.shape, node.name) };
      }
      case 'index': {
        const o = this.estimate(node.operand, scope);
        return { cost: o.cost + this.estimate(node.index, scope).cost + 1, shape: indexShape(o.shape), mayFail: true };
      }
      case 'list': {
        let cost = 1;
        let size = 1;
        let item: Shape | undefined;
        let mayFail = false;
        for (const element of node.items) {
          const e = this.estimate(element, scope);
          cost += e.cost + 1;
          size += e.shape.size;
          item = mergeShapes(item, e.shape);
          mayFail ||= e.mayFail;
        }
        const shape: Shape = item ? { size, len: node.items.length, item, kinds: Kind.LIST } : listShape(0, undefined);
        return { cost, shape, mayFail };
      }
      case 'map':
        return this.mapLiteral(node, scope);
      case 'conditional': {
        const c = this.estimate(node.condition, scope);
        const t = this.estimate(node.then, scope);
        const o = this.estimate(node.otherwise, scope);
        return {
          cost: c.cost + Math.max(t.cost, o.cost) + 1,
          shape: mergeShapes(t.shape, o.shape)!,
          mayFail: c.mayFail || t.mayFail || o.mayFail || !onlyKinds(c.shape, Kind.BOOL),
        };
      }
      case 'logical': {
        const l = this.estimate(node.left, scope);
        const r = this.estimate(node.right, scope);
        const leftMayFail = l.mayFail || !onlyKinds(l.shape, Kind.BOOL);
        const cost = l.cost + r.cost + 1 + (leftMayFail ? this.errorCost : 0);
        return { cost, shape: BOOL, mayFail: leftMayFail || r.mayFail || !onlyKinds(r.shape, Kind.BOOL) };
      }
      case 'arithmetic': {
        let cost = 1;
        let mayFail = !node.not; // overflow, division by zero, no overload
        for (const operand of node.operands) {
          const e = this.estimate(operand, scope);
          cost += e.cost;
          mayFail ||= e.mayFail || !onlyKinds(e.shape, Kind.BOOL);
        }
        return { cost, shape: node.not ? BOOL : SCALAR, mayFail };
      }
      case 'compare': {
        const l = this.estimate(node.left, scope);
        const r = this.estimate(node.right, scope);
        // Equality never fails in cel-js (different kinds are just unequal); ordering needs
        // two numbers or two strings.
        const ordered =
          node.op === '==' || node.op === '!=' || (onlyKinds(l.shape, NUMBER) && onlyKinds(r.shape, NUMBER)) || (onlyKinds(l.shape, TEXT) && onlyKinds(r.shape, TEXT));
        // Deep equality and string comparison stop at the smaller operand.
        const work = touched(l.shape, r.shape, Math.min(l.shape.size, r.shape.size));
        return { cost: l.cost + r.cost + 1 + work, shape: BOOL, mayFail: l.mayFail || r.mayFail || !ordered };
      }
      case 'in': {
        const l = this.estimate(node.left, scope);
        const r = this.estimate(node.right, scope);
        return {
          cost: l.cost + r.cost + 1 + r.shape.size,
          shape: BOOL,
          mayFail: l.mayFail || r.mayFail || !onlyKinds(r.shape, Kind.LIST | Kind.MAP),
        };
      }
      case 'plus': {
        const l = this.estimate(node.left, scope);
        const r = this.estimate(node.right, scope);
        const shape = concatShape(l.shape, r.shape);
        const safe =
          (onlyKinds(l.shape, TEXT) && onlyKinds(r.shape, TEXT)) ||
          (onlyKinds(l.shape, Kind.LIST) && onlyKinds(r.shape, Kind.LIST)) ||
          (onlyKinds(l.shape, Kind.DOUBLE) && onlyKinds(r.shape, Kind.DOUBLE));
        return { cost: l.cost + r.cost + 1 + (shape.size <= 1 ? 0 : shape.size), shape, mayFail: l.mayFail || r.mayFail || !safe };
      }
      case 'has': {
        // has(x.f) reads x and tests the key; it fails only if x fails or is not a map.
        if (node.operand.k !== 'field') return { cost: this.estimate(node.operand, scope).cost + 1, shape: BOOL, mayFail: true };
        const x = this.estimate(node.operand.operand, scope);
        return { cost: x.cost + 2, shape: BOOL, mayFail: x.mayFail || !onlyKinds(x.shape, Kind.MAP) };
      }
      case 'call':
        return this.call(node.name, node.args, scope);
      case 'method':
        return this.method(node.name, node.receiver, node.args, scope);
      case 'macro':
        return this.macro(node, scope);
      case 'bind': {
        const value = this.estimate(node.value, scope);
        const body = this.estimate(node.body, new Binding(node.variable, value.shape, scope));
        return { cost: value.cost + body.cost + 1, shape: body.shape, mayFail: value.mayFail || body.mayFail };
      }
      case 'unknown':
        return { cost: Infinity, shape: UNBOUNDED, mayFail: true };
    }
  }

  private mapLiteral(node: Extract<CostNode, { k: 'map' }>, scope: Scope): CostEstimate {
    let cost = 1;
    let size = 1;
    let item: Shape | undefined;
    let key: Shape | undefined;
    let fields: Map<string, Shape> | undefined = new Map();
    for (let i = 0; i < node.keys.length; i++) {
      const ke = this.estimate(node.keys[i]!, scope);
      const ve = this.estimate(node.values[i]!, scope);
      cost += ke.cost + ve.cost + 1;
      size += ke.shape.size + ve.shape.size;
      key = mergeShapes(key, ke.shape);
      item = mergeShapes(item, ve.shape);
      const literalKey = node.literalKeys[i];
      if (fields && literalKey !== undefined) fields.set(literalKey, mergeShapes(fields.get(literalKey), ve.shape)!);
      else fields = undefined;
    }
    const shape: { -readonly [K in keyof Shape]: Shape[K] } = { size, len: node.keys.length, kinds: Kind.MAP };
    if (item) shape.item = item;
    if (key) shape.key = key;
    if (fields) {
      shape.fields = fields;
      shape.required = new Set(fields.keys());
    } else shape.opaque = true;
    // Duplicate or non-literal keys can fail; be conservative about anything but literal keys.
    return { cost, shape, mayFail: true };
  }

  private macro(node: Extract<CostNode, { k: 'macro' }>, scope: Scope): CostEstimate {
    const { name } = node;
    const range = this.estimate(node.range, scope);
    const n = range.shape.len;
    const element = elementShape(range.shape);
    const inner = new Binding(node.variable, element, scope);
    let perElement = 1;
    let stepsMayFail = false;
    let last: Shape = SCALAR;
    const steps = node.steps.map((step) => this.estimate(step, inner));
    for (const e of steps) {
      perElement += e.cost;
      stepsMayFail ||= e.mayFail;
      last = e.shape;
    }
    // The predicate (all/exists/exists_one/filter, and map's filter) must be a bool.
    const predicate = name === 'map' ? (steps.length === 3 ? steps[1] : undefined) : steps[0];
    if (predicate && !onlyKinds(predicate.shape, Kind.BOOL)) stepsMayFail = true;
    if ((name === 'all' || name === 'exists') && stepsMayFail) perElement += this.errorCost;
    const cost = range.cost + 1 + mul(n, perElement);
    const mayFail = range.mayFail || stepsMayFail || !onlyKinds(range.shape, Kind.LIST | Kind.MAP);
    if (name === 'filter') return { cost, shape: listShape(n, element), mayFail };
    if (name === 'map') return { cost, shape: listShape(n, last), mayFail };
    return { cost, shape: BOOL, mayFail };
  }

  private call(name: string, args: readonly CostNode[], scope: Scope): CostEstimate {
    const estimates = args.map((arg) => this.estimate(arg, scope));
    let base = 1;
    let argsMayFail = false;
    for (const e of estimates) {
      base += e.cost;
      argsMayFail ||= e.mayFail;
    }
    const first = estimates[0]?.shape ?? SCALAR;
    switch (name) {
      case 'size':
        // Strings are measured in code points, which is a scan.
        return { cost: base + first.len, shape: INT, mayFail: argsMayFail || !onlyKinds(first, SIZED) };
      case 'sum':
        return { cost: base + first.len, shape: { size: 1, len: 1, kinds: NUMBER }, mayFail: true };
      case 'dyn':
        return { cost: base, shape: first, mayFail: argsMayFail };
      case 'string':
        return { cost: base + first.size, shape: stringShape(Math.max(first.size, 32)), mayFail: argsMayFail || !onlyKinds(first, STRINGABLE) };
      case 'bytes':
        return { cost: base + first.size, shape: { size: first.size + 1, len: first.size, kinds: Kind.OTHER }, mayFail: true };
      case 'int':
      case 'uint':
      case 'double':
      case 'bool':
      case 'type':
      case 'timestamp':
      case 'duration':
        return { cost: base + first.size, shape: SCALAR, mayFail: true };
      default:
        return generic(base, estimates);
    }
  }

  private method(name: string, receiver: CostNode, args: readonly CostNode[], scope: Scope): CostEstimate {
    const r = this.estimate(receiver, scope);
    const estimates = args.map((arg) => this.estimate(arg, scope));
    let base = 1 + r.cost;
    let argSizes = 0;
    let mayFail = r.mayFail;
    let argsText = true;
    for (const e of estimates) {
      base += e.cost;
      argSizes += e.shape.size;
      mayFail ||= e.mayFail;
      argsText &&= onlyKinds(e.shape, TEXT);
    }
    const textCall = !mayFail && onlyKinds(r.shape, TEXT) && argsText;
    switch (name) {
      case 'size':
        return { cost: base + r.shape.len, shape: INT, mayFail: mayFail || !onlyKinds(r.shape, SIZED) };
      case 'join': {
        const separator = estimates[0]?.shape.len ?? 0;
        const n = r.shape.len;
        const out = mul(n, elementShape(r.shape).len) + mul(n, separator);
        return { cost: base + r.shape.size + out, shape: stringShape(out), mayFail: true };
      }
      case 'split':
        return { cost: base + 2 * r.shape.size + argSizes, shape: listShape(r.shape.len + 1, stringShape(r.shape.len)), mayFail: true };
      case 'trim':
      case 'lowerAscii':
      case 'upperAscii':
        return { cost: base + r.shape.size, shape: stringShape(r.shape.len), mayFail: !textCall };
      case 'substring':
      case 'string':
        return { cost: base + r.shape.size, shape: stringShape(r.shape.len), mayFail: true };
      case 'hex':
      case 'base64':
        return { cost: base + 2 * r.shape.size, shape: stringShape(2 * r.shape.len + 4), mayFail: true };
      case 'json':
        return { cost: base + 2 * r.shape.size, shape: boundedBy(r.shape.size), mayFail: true };
      case 'contains':
      case 'startsWith':
      case 'endsWith':
        return { cost: base + (textCall ? Math.ceil((r.shape.size + argSizes) / 8) : r.shape.size + argSizes), shape: BOOL, mayFail: !textCall };
      case 'indexOf':
      case 'lastIndexOf':
      case 'matches':
      case 'at':
        return { cost: base + r.shape.size + argSizes, shape: SCALAR, mayFail: true };
      default:
        // Timestamp and duration getters; with a time-zone argument they are expensive.
        if (name.startsWith('get')) return { cost: base + (args.length > 0 ? TIME_ZONE_COST : 0), shape: INT, mayFail: true };
        return generic(base + r.shape.size, [r, ...estimates]);
    }
  }
}

/** Unknown function: assume it touches all its arguments, returns something as big, and may fail. */
function generic(base: number, estimates: readonly CostEstimate[]): CostEstimate {
  let shape: Shape = SCALAR;
  let touched = 0;
  for (const e of estimates) {
    touched += e.shape.size;
    shape = shape === SCALAR ? e.shape : concatShape(shape, e.shape);
  }
  return { cost: base + touched, shape: { ...shape, kinds: undefined } as Shape, mayFail: true };
}
