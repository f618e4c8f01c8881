/**
 * Policy status values and how several of them roll up into one (DOMAIN §2.5, CONTRACT §8).
 *
 * - execution status: one mapping's result in one run (`sn_dpr_policy_execution.status`).
 * - mapping status: the latest completed execution of a mapping, or `not_run`.
 * - phase / release `policy_status`: the roll-up of mapping statuses (phase) and of the phases of a
 *   primary and its children (release), worst first:
 *   In progress > Not run > Non-compliant > Compliant with exception > Compliant.
 */
export type PolicyStatusValue = 'in_progress' | 'not_run' | 'non_compliant' | 'compliant_with_exception' | 'compliant';

/** Worst first. DOMAIN §2.5's aggregation table implies Not run beats Non-compliant. */
export const STATUS_PRECEDENCE: readonly PolicyStatusValue[] = ['in_progress', 'not_run', 'non_compliant', 'compliant_with_exception', 'compliant'];

/** Results that count as compliant (CONTRACT §8: a waived result counts as compliant). */
export const COMPLIANT_STATUSES: readonly string[] = ['compliant', 'compliant_with_exception'];

/** A stored value we do not know (edited by hand) counts as not run: it proves nothing. */
export function asStatus(value: unknown): PolicyStatusValue {
  return STATUS_PRECEDENCE.includes(value as PolicyStatusValue) ? (value as PolicyStatusValue) : 'not_run';
}

/** The worst of `statuses`; `empty` when there are none. */
export function worstStatus(statuses: Iterable<unknown>, empty: PolicyStatusValue = 'not_run'): PolicyStatusValue {
  let worst: number | undefined;
  for (const status of statuses) {
    const rank = STATUS_PRECEDENCE.indexOf(asStatus(status));
    if (worst === undefined || rank < worst) worst = rank;
  }
  return worst === undefined ? empty : STATUS_PRECEDENCE[worst]!;
}
