import fc from 'fast-check';

/** Strings a careless or hostile client sends: unicode, control characters, huge, injection-shaped. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'null',
    'undefined',
    '0',
    '-1',
    '1e309',
    'NaN',
    'true',
    "' OR '1'='1",
    "'; DROP TABLE sys_user; --",
    '" OR 1=1 --',
    '\u0000',
    '%00',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '${7*7}',
    '{{7*7}}',
    '__proto__',
    'constructor',
    'a'.repeat(64),
    '\uD800',
    '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ✓ 日本語 مرحبا',
    '2025-02-30',
    '9999-12-31T23:59:59Z',
    'PT9999999H',
  ),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => 'x'.repeat(n)),
);

/**
 * The same for URLs: huge values stay below Node's 16 KB header limit, past which the HTTP parser
 * answers 431 before any route runs (fuzz.test.ts checks that answer once, on its own).
 */
export const nastyUrlString: fc.Arbitrary<string> = nastyString.map((s) => (s.length > 3000 ? s.slice(0, 3000) : s));

/** JSON nested `depth` levels deep (arrays or objects). */
export const deepJson: fc.Arbitrary<unknown> = fc.tuple(fc.integer({ min: 10, max: 3000 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
});

export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: nastyString },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, [], {}) },
);

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  maxLength?: number;
}

/** A value that fits `schema` (loosely: it is where the fuzzing starts from, not a validator). */
function fitting(schema: Schema, pick: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf?.length) return fc.oneof(...schema.anyOf.map((s) => fitting(s, pick)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return fc.oneof(pick, fc.string({ maxLength: 20 }));
    case 'integer':
      return fc.integer();
    case 'number':
      return fc.double({ noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? fitting(schema.items, pick) : anyJson, { maxLength: 5 });
    case 'object':
    default:
      return objectFrom(schema, pick);
  }
}

/** Each property: fitting, wrong type, or left out; plus, sometimes, fields the schema never named. */
function objectFrom(schema: Schema, pick: fc.Arbitrary<string>): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(schema.properties ?? {});
  const props = Object.fromEntries(
    entries.map(([name, sub]) => [name, fc.option(fc.oneof({ weight: 3, arbitrary: fitting(sub, pick) }, { weight: 1, arbitrary: anyJson }), { nil: undefined, freq: 4 })]),
  );
  return fc
    .tuple(fc.record(props), fc.option(fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'sys_id', 'sys_created_on', 'user_password')), anyJson, { maxKeys: 4 }), { freq: 3 }))
    .map(([known, extra]) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(known)) if (v !== undefined) out[k] = v;
      if (extra) for (const [k, v] of Object.entries(extra)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      return out;
    });
}

/** A body sent exactly as written (malformed JSON, say), not JSON-encoded. */
export class RawBody {
  constructor(readonly text: string) {}
}

/** A request body for `schema`: mostly shaped like it, sometimes any JSON, sometimes not JSON at all. */
export function bodyFor(schema: Schema | undefined, pick: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  const raw = fc.constantFrom('{', '{"a":', 'not json', '[1,2', '{"a":1}{"b":2}', '\u0000', '');
  return fc.oneof(
    { weight: 6, arbitrary: schema ? fitting(schema, pick) : anyJson },
    { weight: 2, arbitrary: anyJson },
    { weight: 1, arbitrary: raw.map((text) => new RawBody(text)) },
  );
}

/** `sysparm_query` text: real-looking conditions, garbage and injection attempts, in any mix. */
export function encodedQuery(fields: readonly string[]): fc.Arbitrary<string> {
  const field = fc.oneof(fc.constantFrom(...fields), fc.constantFrom('sys_id', 'number', 'name', 'task.short_description', 'release.name', 'nope', 'sys_id)--'), nastyUrlString);
  const operator = fc.constantFrom('=', '!=', 'LIKE', 'NOT LIKE', 'STARTSWITH', 'ENDSWITH', 'IN', 'NOT IN', '<', '<=', '>', '>=', 'ISEMPTY', 'ISNOTEMPTY', 'BETWEEN', 'ON', 'DYNAMIC', 'SAMEAS', 'INSTANCEOF', '', '==');
  const condition = fc.tuple(field, operator, nastyUrlString).map(([f, o, v]) => `${f}${o}${v}`);
  const joiner = fc.constantFrom('^', '^OR', '^NQ', '^EQ', '^^', '');
  const order = fc.tuple(fc.constantFrom('ORDERBY', 'ORDERBYDESC', 'GROUPBY'), field).map(([o, f]) => `${o}${f}`);
  return fc.oneof(
    fc.array(fc.tuple(fc.oneof(condition, order), joiner), { maxLength: 4 }).map((parts) => parts.map(([c, j]) => c + j).join('').slice(0, 6000)),
    nastyUrlString,
  );
}
