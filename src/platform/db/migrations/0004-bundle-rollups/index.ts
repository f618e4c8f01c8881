import type { Kysely } from 'kysely';
import { capabilitiesOf } from '../../dialect/dialect.ts';
import { REDUNDANT_INDEXES } from './redundant-indexes.ts';
import { createTaskRollup } from './task-rollup.ts';

/**
 * Bundle aggregates without reading every task (BENCHMARKS.md §1):
 * - `dpr_release_task_rollup` holds, per release and phase, how many release tasks there are and
 *   how many are approved. Database triggers keep it, so every write path (the engine, the Table
 *   API, cascading deletes, a bulk import in SQL) updates it in the same transaction.
 * - Policy mappings are counted from an index on (release, class, state, phase), and their
 *   executions found by mapping, or by release, policy and phase.
 * - Indexes that another index already covers (same leading columns) are dropped: each costs a
 *   write on every insert, and a release from the standard template inserts 50 tasks.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const name of REDUNDANT_INDEXES) await db.schema.dropIndex(name).ifExists().execute();
  await db.schema.createIndex('ix_policy_mapping_release_class_state_phase').on('sn_pace_policy_mapping').columns(['release', 'sys_class_name', 'state', 'phase']).execute();
  await db.schema.dropIndex('ix_sn_pace_policy_mapping_release').ifExists().execute();
  // An execution written without its mapping belongs to the mapping of the same release, policy
  // and phase. Without this index SQLite looked those up by policy alone: every execution of that
  // policy on the instance, once per mapping counted.
  await db.schema.createIndex('ix_policy_execution_release_policy_phase').on('sn_dpr_policy_execution').columns(['release', 'policy', 'phase']).execute();
  await db.schema.dropIndex('ix_sn_dpr_policy_execution_release').ifExists().execute();
  await createTaskRollup(db, capabilitiesOf(db).kind);
}
