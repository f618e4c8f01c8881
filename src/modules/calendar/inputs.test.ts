import { describe, expect, it } from 'vitest';
import { givenFlag, givenText, idList } from './inputs.ts';
import { parseOptIns } from './opt-ins.ts';

describe('givenText', () => {
  it('treats undefined, null, blank and objects as not given, trims the rest', () => {
    for (const v of [undefined, null, '', '   ', {}, []]) expect(givenText(v)).toBeUndefined();
    expect(givenText(' a ')).toBe('a');
    expect(givenText(5)).toBe('5');
  });
});

describe('givenFlag', () => {
  it('reads JSON and string booleans, and refuses anything else', () => {
    expect(givenFlag(true, 'f')).toBe(true);
    expect(givenFlag('false', 'f')).toBe(false);
    expect(givenFlag(null, 'f')).toBeUndefined();
    expect(() => givenFlag(1, 'f')).toThrow('f must be true or false (got 1)');
  });
});

describe('idList', () => {
  it('splits, trims, drops empties and duplicates, keeping the first-seen order', () => {
    expect(idList(' b , a,b,, c ', 'x')).toEqual(['b', 'a', 'c']);
    expect(idList(['a', ' a ', 'b'], 'x')).toEqual(['a', 'b']);
    expect(idList(null, 'x')).toEqual([]);
    expect(() => idList(5, 'x')).toThrow('x must be a comma-separated list of sys_ids');
  });
});

describe('parseOptIns', () => {
  it('maps each listed date to its answer; identical repeats are fine', () => {
    const answers = parseOptIns([
      { date: '2025-10-24', active: true },
      { date: '2025-10-31', active: 'false' },
      { date: '2025-10-24', active: 'true' },
    ]);
    expect([...answers]).toEqual([
      ['2025-10-24', true],
      ['2025-10-31', false],
    ]);
    expect(parseOptIns(undefined).size).toBe(0);
  });

  it('refuses contradicting answers for one date', () => {
    expect(() => parseOptIns([{ date: '2025-10-24', active: false }, { date: '2025-10-24', active: true }])).toThrow(/twice/);
  });
});
