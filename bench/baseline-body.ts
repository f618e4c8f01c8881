/**
 * The baselines' fixed answer: shaped and sized like dpr's `GET bundle` without aggregates for a
 * bundle of 10 releases (~1.4 KB), so the ratio compares serving equal bytes.
 */
export const BASELINE_BODY = {
  result: {
    bundleId: '0123456789abcdef0123456789abcdef',
    name: 'Bench Bundle 10',
    description: '10 releases (benchmark data)',
    state: 'in_progress',
    active: true,
    owner: 'bench.owner0000',
    releases: Array.from({ length: 10 }, (_, i) => ({
      sysId: `${String(i).padStart(2, '0')}23456789abcdef0123456789abcdef`,
      number: `DPRREL00${1000 + i}`,
      name: `Bench Release ${String(i).padStart(6, '0')}`,
      state: 'In Progress',
    })),
  },
};
