import { describe, expect, it } from 'vitest';
import { isSysId, newSysId } from './sys-id.ts';

describe('newSysId', () => {
  it('makes 32 lowercase hex characters, unique', () => {
    const ids = Array.from({ length: 10_000 }, () => newSysId());
    expect(ids.every(isSysId)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('orders ids of later milliseconds after earlier ones, so rows made together are neighbours', () => {
    const t = Date.parse('2026-12-05T01:00:00Z');
    expect(newSysId(t).slice(0, 12)).toBe(t.toString(16).padStart(12, '0'));
    const ids = [t, t + 1, t + 1_000, t + 86_400_000].map((ms) => newSysId(ms));
    expect([...ids].sort()).toEqual(ids);
  });
});
