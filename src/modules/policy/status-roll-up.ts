import type { Kysely } from 'kysely';
import { SYSTEM_ACTOR } from '../../platform/records/actor.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import type { Row } from '../../platform/records/row.ts';
import type { PhaseRow, ReleaseRow } from '../release/release-repo.ts';
import { notRunnableReason, type ReleaseFamily } from './family.ts';
import { loadFamily } from './family-repo.ts';
import { latestResultsOf } from './mapping-repo.ts';
import { worstStatus, type PolicyStatusValue } from './policy-statuses.ts';
import { policyRunKey, queuedRunKeys } from './run-job-repo.ts';

/**
 * Recomputes the `policy_status` of a release family from what is stored (DOMAIN §2.5):
 *
 * - a phase a queued run will evaluate is `in_progress`;
 * - otherwise a phase is the worst latest status of its active mappings (`not_run` without any);
 * - a release is the worst status of the phases its run covers that have policies — for a primary
 *   its current phase and its children's phase of the same order, so the primary "combines its
 *   children" — and its current phase's status when none has policies;
 * - a release without a current phase (in Review, Completed) keeps its status, unless it was left
 *   `in_progress`.
 *
 * The phases looked at are the members' current phases, the primary's run targets and any phase
 * left `in_progress` (e.g. completed while a run was queued). Only changed values are written,
 * through the record store. Costs two statements (five when it loads the family) plus one per
 * changed record.
 */
export async function refreshFamilyStatuses(store: RecordStore, db: Kysely<any>, familyOrId: ReleaseFamily | string): Promise<void> {
  const family = typeof familyOrId === 'string' ? await loadFamily(db, familyOrId) : familyOrId;
  if (!family) return;
  const phases = new Map<string, PhaseRow>();
  for (const member of family.members) {
    for (const { phase } of family.targets(member)) phases.set(phase.sys_id, phase);
    for (const phase of family.phasesOf(member.sys_id)) if (phase.policy_status === 'in_progress') phases.set(phase.sys_id, phase);
  }

  const statusesOf = new Map<string, string[]>();
  for (const result of await latestResultsOf(db, [...phases.keys()])) {
    statusesOf.set(result.phase, [...(statusesOf.get(result.phase) ?? []), result.status ?? 'not_run']);
  }
  const queued = await queuedRunKeys(db, family.members.map((m) => policyRunKey(m.sys_id)));
  const pending = new Set<string>();
  for (const member of family.members) {
    if (!queued.has(policyRunKey(member.sys_id)) || notRunnableReason(family, 'run policies', member)) continue;
    for (const { phase } of family.targets(member)) pending.add(phase.sys_id);
  }

  const phaseStatus = (phase: PhaseRow): PolicyStatusValue => (pending.has(phase.sys_id) ? 'in_progress' : worstStatus(statusesOf.get(phase.sys_id) ?? []));
  const hasPolicies = (phase: PhaseRow) => pending.has(phase.sys_id) || (statusesOf.get(phase.sys_id)?.length ?? 0) > 0;
  const releaseStatus = (release: ReleaseRow): string => {
    const targets = family.targets(release);
    if (targets.length === 0) return release.policy_status === 'in_progress' ? 'not_run' : release.policy_status;
    const covered = targets.filter((t) => hasPolicies(t.phase));
    return covered.length ? worstStatus(covered.map((t) => phaseStatus(t.phase))) : phaseStatus(targets[0]!.phase);
  };

  // The rows were read whole with the family: saved through the record store without reading them again.
  const save = async (table: string, row: PhaseRow | ReleaseRow, status: string) => {
    if (status === row.policy_status) return;
    const meta = store.table(table);
    const previous = row as unknown as Row;
    await store.save(db, SYSTEM_ACTOR, meta, meta, { ...previous, policy_status: status }, previous);
  };
  for (const phase of phases.values()) await save('sn_dpr_model_release_phase', phase, phaseStatus(phase));
  for (const release of family.members) await save('sn_dpr_model_release', release, releaseStatus(release));
}
