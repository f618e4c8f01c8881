import type { Kysely } from 'kysely';
import { Errors } from '../../platform/errors/catalogue.ts';
import type { HookContext, RecordRule } from '../../platform/records/hooks.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import type { Row } from '../../platform/records/row.ts';
import { PHASE_STATE_LABELS, type PhaseState } from '../release/release-states.ts';
import { notRunnableReason } from './family.ts';
import { loadFamily } from './family-repo.ts';
import { hasExecutions } from './mapping-repo.ts';
import { isJsonObject } from './policy-save-rule.ts';

/** Phases that are over: their mappings are history (DOMAIN §4.3: no mapping to a Completed or Cancelled phase). */
const CLOSED_PHASES: readonly string[] = ['completed', 'cancelled', 'restarted'];

export interface MappingRuleDeps {
  store: RecordStore;
  /** Queues a policy run of the release (coalesced). */
  rerun(db: Kysely<any>, releaseId: string): Promise<void>;
}

/**
 * `sn_dpr_pace_policy_mapping` business rules (DOMAIN §4.3):
 * - a mapping's phase belongs to its release (the release is filled in from the phase when absent);
 *   `config` is a JSON object;
 * - through the Table API, mappings are added, (de)activated, moved or deleted on phases that are
 *   not over only. The engine's own writes are exempt: it records history (seeded releases, copies
 *   of a restarted phase) that users may not rewrite;
 * - removing (deactivating or deleting) an executed mapping of the current In Progress phase
 *   re-runs the phase's policies, so its status stops counting the removed one.
 */
export function mappingRules(deps: MappingRuleDeps): RecordRule {
  const phaseOf = (db: Kysely<any>, id: unknown) => (typeof id === 'string' ? deps.store.get(db, 'sn_dpr_model_release_phase', id) : Promise.resolve(undefined));
  const refuseClosed = async (ctx: HookContext, phaseId: unknown, what: string) => {
    if (ctx.source !== 'table_api') return;
    const phase = await phaseOf(ctx.db, phaseId);
    if (phase && CLOSED_PHASES.includes(String(phase.state))) {
      throw Errors.rule(`${what} a ${PHASE_STATE_LABELS[phase.state as PhaseState] ?? phase.state} phase (phase ${String(phase.name)})`);
    }
  };
  const rerunIfExecuted = async (db: Kysely<any>, mapping: Row) => {
    if (typeof mapping.release !== 'string' || typeof mapping.phase !== 'string') return;
    if (!(await hasExecutions(db, String(mapping.sys_id)))) return;
    const family = await loadFamily(db, mapping.release);
    if (!family || notRunnableReason(family, 'run policies') || family.release.current_phase !== mapping.phase) return;
    await deps.rerun(db, mapping.release);
  };

  return {
    async beforeInsert(ctx, row) {
      checkConfig(row);
      // The engine writes consistent mappings (a template stamped on a release): no lookup per row.
      if (ctx.source !== 'table_api' && row.release) return;
      const phase = await phaseOf(ctx.db, row.phase);
      if (phase) {
        row.release ??= phase.release;
        if (row.release !== phase.release) throw Errors.rule('The phase of a policy mapping must belong to the release of the mapping');
      }
      if (row.state === 'active') await refuseClosed(ctx, row.phase, 'Policies cannot be mapped to');
    },
    async beforeUpdate(ctx, next, previous, changed) {
      if (changed.has('config')) checkConfig(next);
      if (changed.has('phase') || changed.has('release')) {
        const phase = await phaseOf(ctx.db, next.phase);
        if (phase && next.release !== phase.release) throw Errors.rule('The phase of a policy mapping must belong to the release of the mapping');
      }
      if (changed.has('state') || changed.has('phase')) {
        await refuseClosed(ctx, previous.phase, 'Policy mappings cannot be changed on');
        await refuseClosed(ctx, next.phase, 'Policies cannot be mapped to');
      }
    },
    async afterUpdate(ctx, next, previous, changed) {
      if (changed.has('state') && previous.state === 'active' && next.state !== 'active') await rerunIfExecuted(ctx.db, previous);
    },
    async beforeDelete(ctx, previous) {
      await refuseClosed(ctx, previous.phase, 'Policy mappings cannot be removed from');
      if (previous.state === 'active') await rerunIfExecuted(ctx.db, previous);
    },
  };
}

function checkConfig(row: Row): void {
  if (row.config !== null && row.config !== undefined && !isJsonObject(row.config)) throw Errors.rule('Policy mapping config must be a JSON object');
}
