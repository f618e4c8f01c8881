import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPolicy } from './check-policy.ts';
import { CONTENT_PACK } from './content-pack.ts';
import { evaluatePolicy } from './evaluate-policy.ts';
import { buildParams, celToJson, recordToCel, recordsToCel, type InternalType } from './to-cel-value.ts';
import type { CelMap, PolicyContext } from './types.ts';

const VARIABLES = ['tasks', 'allTasks', 'keyDates', 'relatedTasks', 'enhancements', 'artifacts', 'changeRequests'];
const RECORDS = ['release', 'phase', 'product', 'version', 'params'];
const FIELDS = ['number', 'state', 'active', 'code_coverage', 'tests_total', 'missing', 'name', 'json'];
const ITER = ['t', 'a', 'x'];

/** CEL-ish text: mostly well-formed, sometimes not (random tokens), over the policy variables. */
const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string; list: string }>((tie) => ({
  list: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...VARIABLES),
    fc.tuple(tie('list'), fc.constantFrom(...ITER), tie('expr')).map(([l, v, e]) => `${l}.filter(${v}, ${e})`),
    fc.tuple(tie('list'), fc.constantFrom(...ITER), tie('expr')).map(([l, v, e]) => `${l}.map(${v}, ${e})`),
    fc.array(tie('expr'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
    fc.tuple(tie('list'), tie('list')).map(([a, b]) => `${a} + ${b}`),
  ),
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...ITER, ...RECORDS, 'true', 'false', 'null', '""', '"closed"'),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Number.isInteger(d) ? `${d}.0` : String(d))),
    fc.tuple(fc.constantFrom(...ITER, ...RECORDS), fc.constantFrom(...FIELDS)).map(([v, f]) => `${v}.${f}`),
    fc.tuple(fc.constantFrom(...ITER, ...RECORDS), fc.constantFrom(...FIELDS)).map(([v, f]) => `has(${v}.${f})`),
    fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>=', '&&', '||', 'in'), tie('expr')).map(([l, op, r]) => `(${l} ${op} ${r})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, t, e]) => `(${c} ? ${t} : ${e})`),
    tie('expr').map((e) => `!${e}`),
    fc.tuple(tie('list'), fc.constantFrom('all', 'exists', 'exists_one'), fc.constantFrom(...ITER), tie('expr')).map(([l, m, v, e]) => `${l}.${m}(${v}, ${e})`),
    fc.tuple(fc.constantFrom('size', 'sum', 'string', 'int', 'double', 'dyn'), tie('list')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom('size', 'string', 'int', 'double'), tie('expr')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom(...ITER), tie('expr'), tie('expr')).map(([v, val, body]) => `cel.bind(${v}, ${val}, ${body})`),
    tie('list').map((l) => `${l}.map(x, string(x)).join(", ")`),
    fc.tuple(tie('expr'), fc.string({ maxLength: 3 })).map(([e, junk]) => `${e}${junk}`),
  ),
})).expr;

/** Half of the conditions bind the iteration variables, so that more of them get evaluated. */
const condition = fc.oneof(
  expression,
  expression.map((e) => `tasks.all(t, artifacts.exists(a, changeRequests.all(x, dyn(${e}) == true)))`),
  expression.map((e) => `cel.bind(t, release, cel.bind(a, phase, cel.bind(x, params, dyn(${e}) == true)))`),
);

const celScalar = fc.oneof(
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.boolean(),
  fc.constant(null),
);
const celValue = fc.oneof(celScalar, fc.array(celScalar, { maxLength: 4 }), fc.dictionary(fc.constantFrom(...FIELDS), celScalar, { maxKeys: 3 }));
const record: fc.Arbitrary<CelMap> = fc.dictionary(fc.constantFrom(...FIELDS), celValue, { maxKeys: FIELDS.length }) as fc.Arbitrary<CelMap>;
const records = fc.array(record, { maxLength: 30 });

const context: fc.Arbitrary<PolicyContext> = fc.record(
  {
    release: record,
    phase: record,
    params: record,
    tasks: records,
    allTasks: records,
    artifacts: records,
    relatedTasks: records,
    enhancements: records,
    changeRequests: records,
  },
  { requiredKeys: [] },
);

function assertWellFormed(result: ReturnType<typeof evaluatePolicy>, ms: number): void {
  expect(['compliant', 'non_compliant']).toContain(result.status);
  expect(typeof result.reason).toBe('string');
  expect(result.reason.length).toBeGreaterThan(0);
  expect(() => JSON.stringify(result.executionOutput)).not.toThrow();
  if (result.status === 'compliant') expect(result.executionOutput.result).toBe(true);
  if (result.executionOutput.error) expect(result.status).toBe('non_compliant');
  expect(ms).toBeLessThan(2_000);
}

describe('evaluatePolicy (properties)', () => {
  it('never throws and always returns a status, for arbitrary expressions and inputs', () => {
    const stackTraceLimit = Error.stackTraceLimit;
    fc.assert(
      fc.property(condition, expression, context, (conditionText, message, ctx) => {
        const started = performance.now();
        const result = evaluatePolicy({ condition: conditionText, message }, ctx);
        assertWellFormed(result, performance.now() - started);
        expect(Error.stackTraceLimit).toBe(stackTraceLimit);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws at save time on arbitrary text, and positions stay inside it', () => {
    fc.assert(
      fc.property(fc.oneof(expression, fc.string({ maxLength: 200 })), (text) => {
        const result = checkPolicy({ condition: text, message: '"m"' });
        if (!result.ok) {
          expect(result.field).toBe('condition');
          expect(typeof result.message).toBe('string');
          if (result.position) {
            expect(result.position.line).toBeGreaterThanOrEqual(1);
            expect(result.position.column).toBeGreaterThanOrEqual(1);
            expect(result.position.offset).toBeLessThanOrEqual(text.length);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('runs every content-pack policy on arbitrary records without an unexpected failure', () => {
    fc.assert(
      fc.property(context, fc.constantFrom(...CONTENT_PACK), (ctx, policy) => {
        const started = performance.now();
        const result = evaluatePolicy(policy, { ...ctx, params: buildParams(policy.inputs, ctx.params) });
        assertWellFormed(result, performance.now() - started);
      }),
      { numRuns: 300 },
    );
  });

  it('converts arbitrary table rows and renders any result as JSON', () => {
    const types: InternalType[] = ['string', 'integer', 'decimal', 'boolean', 'glide_date', 'glide_date_time', 'reference', 'glide_list', 'json', 'password2'];
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.jsonValue(), fc.bigInt(), fc.date())),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.constantFrom(...types)),
        (row, rowTypes) => {
          const converted = recordToCel(row, rowTypes);
          expect(() => JSON.stringify(celToJson(converted))).not.toThrow();
          expect(recordsToCel([row], rowTypes)).toHaveLength(1);
          for (const [field, type] of Object.entries(rowTypes)) {
            if (type === 'password2') expect(Object.hasOwn(converted, field)).toBe(false);
            if (type === 'integer' && Object.hasOwn(converted, field)) expect(typeof converted[field]).toBe('bigint');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
