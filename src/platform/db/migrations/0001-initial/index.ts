import { sql, type Kysely } from 'kysely';
import { createIndex, createTables } from '../../ddl.ts';
import { cmdbTables } from './cmdb-tables.ts';
import { dprTables } from './dpr-tables.ts';
import { platformTables } from './platform-tables.ts';
import { taskTables } from './task-tables.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await createTables(db, [...platformTables, ...cmdbTables, ...taskTables, ...dprTables]);

  // Natural keys and the lookups the DPR endpoints and the job queue make.
  await createIndex(db, 'sys_user', ['user_name'], { unique: true });
  await createIndex(db, 'sys_user_role', ['name'], { unique: true });
  await createIndex(db, 'sys_user_has_role', ['user', 'role'], { unique: true });
  await createIndex(db, 'sys_user_role_contains', ['role', 'contains'], { unique: true });
  await createIndex(db, 'sys_properties', ['name'], { unique: true });
  await createIndex(db, 'sys_dictionary', ['name', 'element'], { unique: true });
  await createIndex(db, 'sys_db_object', ['name'], { unique: true });
  await createIndex(db, 'oauth_entity', ['client_id'], { unique: true });
  await createIndex(db, 'oauth_credential', ['token'], { unique: true });
  await createIndex(db, 'task', ['number'], { unique: true });
  await createIndex(db, 'sn_dpr_model_release', ['number'], { unique: true });
  await createIndex(db, 'sys_job', ['state', 'run_at']);
  await createIndex(db, 'sys_job', ['idempotency_key'], { unique: true });
  await createIndex(db, 'sys_trigger', ['name'], { unique: true });
  await createIndex(db, 'sys_clock', ['name'], { unique: true });
  await createIndex(db, 'sys_number_counter', ['prefix'], { unique: true });
  await createIndex(db, 'cmn_schedule_span', ['schedule', 'start_date']);
  await createIndex(db, 'sn_dpr_model_release_target', ['release_calendar', 'date']);
  await createIndex(db, 'sn_dpr_model_release_bundle_m2m', ['bundle', 'release'], { unique: true });
  await createIndex(db, 'sn_dpr_model_release_related_task_m2m', ['release', 'task'], { unique: true });
  await createIndex(db, 'sn_dpr_model_release_phase', ['release', 'order']);
  await createIndex(db, 'task', ['phase', 'order']);
  await createIndex(db, 'sn_dpr_policy_execution', ['mapping', 'last_run_at']);
  await createIndex(db, 'sn_dpr_model_release', ['state']);
  // Release names are unique, ignoring case and surrounding spaces, among releases that are not
  // Completed or Cancelled (CONTRACT §8); the index makes the rule hold under concurrent writes.
  await db.schema
    .createIndex('ux_sn_dpr_model_release_open_name')
    .on('sn_dpr_model_release')
    .expression(sql`lower(trim(name))`)
    .unique()
    .where(sql.ref('state'), 'not in', ['completed', 'cancelled'])
    .execute();
}

