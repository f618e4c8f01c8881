import { describe, expect, it } from 'vitest';
import { compileExpression } from './compile-expression.ts';
import { toCostTree } from './cost-tree.ts';
import { errorCostFor, estimateCost } from './estimate-cost.ts';
import { PreparedPolicyContext } from './prepare-context.ts';
import { recordsToCel } from './to-cel-value.ts';
import type { PolicyContext } from './types.ts';
import { shapeOfValue, UNBOUNDED } from './value-shape.ts';

function tasks(n: number, description = 'short') {
  return recordsToCel(
    Array.from({ length: n }, (_, i) => ({ number: `RTASK${String(i).padStart(7, '0')}`, state: 3, short_description: description })),
    { number: 'string', state: 'integer', short_description: 'string' },
  );
}

function cost(condition: string, context: PolicyContext): number {
  const compiled = compileExpression('condition', condition);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return estimateCost(compiled.expression.costTree, PreparedPolicyContext.from(context).shapes, { errorCost: 0 }).cost;
}

describe('estimateCost', () => {
  it('grows linearly with a single comprehension and multiplies when nested', () => {
    const one = cost('tasks.all(t, true)', { tasks: tasks(100) });
    const ten = cost('tasks.all(t, true)', { tasks: tasks(1000) });
    expect(ten / one).toBeGreaterThan(9);
    expect(ten / one).toBeLessThan(11);
    const nested = cost('tasks.all(a, tasks.all(b, true))', { tasks: tasks(1000) });
    expect(nested).toBeGreaterThanOrEqual(1000 * 1000);
    const triple = cost('tasks.all(a, tasks.all(b, tasks.all(c, true)))', { tasks: tasks(5000) });
    expect(triple).toBeGreaterThan(1e11);
  });

  it('costs nothing per element for empty lists', () => {
    expect(cost('tasks.all(a, tasks.all(b, tasks.all(c, true)))', {})).toBeLessThan(10);
  });

  it('is field-sensitive: a long description does not inflate a short field', () => {
    const long = tasks(100, 'x'.repeat(10_000));
    const numberOnly = cost('tasks.map(t, t.number).join(", ").size() > 0', { tasks: long });
    const description = cost('tasks.map(t, t.short_description).join(", ").size() > 0', { tasks: long });
    expect(numberOnly).toBeLessThan(10_000);
    expect(description).toBeGreaterThan(1_000_000);
  });

  it('sees string doubling through cel.bind', () => {
    const levels = (n: number) => {
      let body = 's0.size() > 0';
      for (let i = 1; i <= n; i++) body = `cel.bind(s${i - 1}, s${i} + s${i}, ${body})`;
      return `cel.bind(s${n}, "abcdefghij", ${body})`;
    };
    expect(cost(levels(10), {})).toBeGreaterThan(10 * 2 ** 10);
    expect(cost(levels(20), {})).toBeGreaterThan(10 * 2 ** 20);
  });

  it('charges absorbed errors only where a step can fail', () => {
    const compiled = (text: string) => {
      const c = compileExpression('condition', text);
      if (!c.ok) throw new Error(c.error.message);
      return c.expression.costTree;
    };
    const shapes = PreparedPolicyContext.from({ tasks: tasks(1000) }).shapes;
    const withErrors = (text: string) => estimateCost(compiled(text), shapes, { errorCost: 1000 }).cost;
    // Every task has `state` and `number`: reading them cannot fail, nor can equality or `in`.
    expect(withErrors('tasks.all(t, has(t.state))')).toBeLessThan(10_000);
    expect(withErrors('tasks.all(t, t.state == 3 && t.number in ["a", "b"])')).toBeLessThan(100_000);
    expect(withErrors('tasks.all(a, tasks.exists(b, b.number == a.number))')).toBeLessThan(100 * 1000 * 1000);
    // A key some record lacks, or an ordering of unknown kinds, may fail.
    expect(withErrors('tasks.all(t, t.missing == 3)')).toBeGreaterThan(1000 * 1000);
    expect(withErrors('tasks.all(t, t.number < 3)')).toBeGreaterThan(1000 * 1000);
    const partial = recordsToCel([{ state: 3 }, {}]);
    const partialShapes = PreparedPolicyContext.from({ tasks: partial }).shapes;
    expect(estimateCost(compiled('tasks.all(t, t.state == 3)'), partialShapes, { errorCost: 1000 }).cost).toBeGreaterThan(2000);
    // `&&` absorbs errors of its left side only.
    expect(withErrors('tasks.map(t, has(t.state) && t.missing == 3).size() > 0')).toBeLessThan(20_000);
    expect(withErrors('tasks.map(t, t.missing == 3 && true).size() > 0')).toBeGreaterThan(1000 * 1000);
    expect(errorCostFor(10_000)).toBeGreaterThan(errorCostFor(10));
  });

  it('makes unknown operators infinitely expensive', () => {
    expect(estimateCost(toCostTree({ op: 'something_new', args: [], start: 0, end: 0 }), new Map()).cost).toBe(Infinity);
  });
});

describe('shapeOfValue', () => {
  it('bounds sizes and keeps per-field bounds of records', () => {
    const shape = shapeOfValue(tasks(3, 'abc'));
    expect(shape.len).toBe(3);
    expect(shape.item?.fields?.get('short_description')?.len).toBe(3);
    expect(shape.item?.fields?.get('number')?.len).toBe(12);
  });

  it('summarises cycles and exponential sharing as unbounded instead of hanging', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(shapeOfValue(cyclic).size).toBe(Infinity);
    let shared: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 30; i++) shared = { a: shared, b: shared };
    const started = performance.now();
    expect(shapeOfValue(shared)).toBe(UNBOUNDED);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
