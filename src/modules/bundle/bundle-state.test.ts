import { describe, expect, it } from 'vitest';
import { bundleIsActive, deriveBundleState } from './bundle-state.ts';

describe('deriveBundleState (DOMAIN.md §2.7)', () => {
  it('is Draft without releases (blanks are not releases)', () => {
    expect(deriveBundleState([])).toBe('draft');
    expect(deriveBundleState([null, undefined, ''])).toBe('draft');
  });

  it('is Ready when every release is Pending or Draft', () => {
    expect(deriveBundleState(['pending'])).toBe('ready');
    expect(deriveBundleState(['draft'])).toBe('ready');
    expect(deriveBundleState(['pending', 'draft', 'pending'])).toBe('ready');
  });

  it('is In Progress with one release In Progress, Review or Restarting', () => {
    for (const s of ['in_progress', 'review', 'restarting']) {
      expect(deriveBundleState([s])).toBe('in_progress');
      expect(deriveBundleState(['pending', s, 'completed'])).toBe('in_progress');
    }
  });

  it('is In Progress for a mix of Draft and Completed', () => {
    expect(deriveBundleState(['draft', 'completed'])).toBe('in_progress');
  });

  it('is In Progress for the mixes the docs leave out (On Hold; Pending with Completed)', () => {
    expect(deriveBundleState(['on_hold'])).toBe('in_progress');
    expect(deriveBundleState(['pending', 'completed'])).toBe('in_progress');
    expect(deriveBundleState(['cancelled', 'pending'])).toBe('in_progress');
  });

  it('is Completed when every release is Completed or Cancelled, and then inactive', () => {
    expect(deriveBundleState(['completed'])).toBe('completed');
    expect(deriveBundleState(['cancelled'])).toBe('completed');
    expect(deriveBundleState(['completed', 'cancelled', 'completed'])).toBe('completed');
    expect(bundleIsActive('completed')).toBe(false);
    for (const s of ['draft', 'ready', 'in_progress'] as const) expect(bundleIsActive(s)).toBe(true);
  });
});
