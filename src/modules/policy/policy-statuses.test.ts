import { describe, expect, it } from 'vitest';
import { asStatus, worstStatus } from './policy-statuses.ts';

describe('worstStatus', () => {
  it('follows the aggregation rows of DOMAIN §2.5', () => {
    expect(worstStatus(['not_run', 'not_run', 'not_run'])).toBe('not_run');
    // Primary not run, the others non-compliant or compliant: Not run.
    expect(worstStatus(['not_run', 'non_compliant', 'non_compliant'])).toBe('not_run');
    expect(worstStatus(['not_run', 'compliant'])).toBe('not_run');
    expect(worstStatus(['non_compliant', 'compliant', 'compliant'])).toBe('non_compliant');
    expect(worstStatus(['compliant', 'compliant'])).toBe('compliant');
    expect(worstStatus(['compliant', 'compliant', 'compliant', 'compliant_with_exception'])).toBe('compliant_with_exception');
  });

  it('puts a run in progress above everything', () => {
    expect(worstStatus(['compliant', 'in_progress', 'not_run', 'non_compliant'])).toBe('in_progress');
  });

  it('answers the empty value for no status and reads unknown values as not run', () => {
    expect(worstStatus([])).toBe('not_run');
    expect(worstStatus([], 'compliant')).toBe('compliant');
    expect(asStatus('passed')).toBe('not_run');
    expect(asStatus(null)).toBe('not_run');
    expect(worstStatus(['compliant', 'bogus'])).toBe('not_run');
  });
});
