import { describe, expect, it } from 'vitest';
import { benchSizes, releaseFate, type BenchReleaseFate } from './bench-scale.ts';

describe('bench data set sizes', () => {
  it('grows every count with the scale and keeps versions per product', () => {
    const one = benchSizes(1);
    const ten = benchSizes(10);
    expect(one.releases).toBe(2000);
    expect(ten.releases).toBe(20_000);
    expect(ten.products).toBe(one.products * 10);
    expect(ten.versionsPerProduct).toBe(one.versionsPerProduct);
  });

  it('refuses a scale that is not a whole number of at least 1', () => {
    expect(() => benchSizes(0)).toThrow(/at least 1/);
    expect(() => benchSizes(1.5)).toThrow(/whole number/);
  });

  it('gives every 100 releases each state, mostly In Progress, the same at any offset', () => {
    const count = (from: number) => {
      const fates = new Map<BenchReleaseFate, number>();
      for (let i = from; i < from + 100; i++) fates.set(releaseFate(i), (fates.get(releaseFate(i)) ?? 0) + 1);
      return Object.fromEntries(fates);
    };
    expect(count(0)).toEqual({ ready_to_complete: 35, in_progress: 35, on_hold: 8, review: 7, completed: 7, cancelled: 8 });
    expect(count(1700)).toEqual(count(0));
  });
});
