import type { Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import { CONTENT_PACK_V1 } from './policies.ts';

const STAMP = { sys_created_on: '1970-01-01 00:00:00', sys_created_by: 'system', sys_updated_on: '1970-01-01 00:00:00', sys_updated_by: 'system', sys_mod_count: 0 };

/** The sys_id of a shipped policy: stable across installations, derived from its machine name. */
export const contentPackSysId = (id: string) => createHash('sha256').update(`sn_pace_policy:${id}`).digest('hex').slice(0, 32);

/**
 * The lookups a policy run and the status endpoint make by release, phase and mapping; named
 * `ix_policy_*` (and created only if missing) so that they cannot clash with another module's.
 */
const LOOKUPS: Array<[name: string, table: string, columns: string[]]> = [
  ['ix_policy_mapping_phase', 'sn_pace_policy_mapping', ['phase', 'state']],
  ['ix_policy_mapping_release', 'sn_pace_policy_mapping', ['release']],
  ['ix_policy_exception_mapping', 'sn_dpr_policy_exception', ['mapping', 'state']],
  ['ix_policy_release_parent', 'sn_dpr_model_release', ['parent']],
  ['ix_policy_task_release', 'task', ['release']],
  ['ix_policy_key_date_release', 'sn_dpr_model_release_key_date', ['release']],
  ['ix_policy_enhancement_release', 'sn_dpr_model_product_enhancement', ['release']],
  ['ix_policy_artifact_release', 'sn_dpr_model_release_artifact', ['release']],
];

/**
 * Seeds the shipped policies (active), so every installation can map them to template phases, and
 * adds the indexes policy runs read through.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .insertInto('sn_pace_policy')
    .values(
      CONTENT_PACK_V1.map((p) => ({
        sys_id: contentPackSysId(p.id),
        sys_class_name: 'sn_pace_policy',
        ...STAMP,
        name: p.name,
        description: p.description,
        active: 1,
        condition: p.condition,
        message: p.message,
        inputs: JSON.stringify(p.inputs),
        policy_id: p.id,
      })),
    )
    .execute();
  for (const [name, table, columns] of LOOKUPS) await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
}
