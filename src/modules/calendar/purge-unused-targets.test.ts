import { describe, expect, it } from 'vitest';
import { purgeCutoff } from './purge-unused-targets.ts';

describe('purgeCutoff', () => {
  it('is six calendar months before today', () => {
    expect(purgeCutoff('2025-10-01')).toBe('2025-04-01');
    expect(purgeCutoff('2026-03-15')).toBe('2025-09-15');
  });

  it('clamps to the end of a shorter month, leap years included', () => {
    expect(purgeCutoff('2026-08-31')).toBe('2026-02-28');
    expect(purgeCutoff('2024-08-31')).toBe('2024-02-29');
    expect(purgeCutoff('2025-12-31')).toBe('2025-06-30');
  });

  it('refuses a malformed today', () => {
    expect(() => purgeCutoff('2025-02-30')).toThrow(/today must be a date in yyyy-MM-dd format/);
  });
});
