import { randomBytes } from 'node:crypto';

/**
 * `run_id` of the executions one run writes: 32 hex characters like a sys_id, whose first 12 are
 * the run's instant in milliseconds. `last_run_at` has whole seconds only, so two runs within one
 * second would tie; ordering by `run_id` after it picks the later one.
 */
export function newRunId(now: Date): string {
  return Math.max(0, now.getTime()).toString(16).padStart(12, '0').slice(-12) + randomBytes(10).toString('hex');
}
