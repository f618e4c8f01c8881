import { sql, type Kysely } from 'kysely';
import type { DialectKind } from '../../dialect/dialect.ts';

const ROLLUP = 'dpr_release_task_rollup';
const RELEASE_TASK = 'sn_dpr_model_release_task';

/**
 * Creates the per-release, per-phase task counts (`phase` is '' for a task without a phase), fills
 * them from the existing tasks, and installs the triggers that keep them: a release task inserted,
 * deleted (also by a cascade) or changed in class, release, phase or approval moves its count. The
 * table is internal: it is not in the dictionary, so the Table API does not list it.
 */
export async function createTaskRollup(db: Kysely<any>, kind: DialectKind): Promise<void> {
  const table = db.schema
    .createTable(ROLLUP)
    .addColumn('release', 'varchar(32)', (c) => c.notNull())
    .addColumn('phase', 'varchar(32)', (c) => c.notNull())
    .addColumn('tasks', 'integer', (c) => c.notNull())
    .addColumn('approved', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint(`pk_${ROLLUP}`, ['release', 'phase']);
  // On SQLite the rows are stored in key order, so a release's counts are read in one seek.
  await (kind === 'sqlite' ? table.modifyEnd(sql`without rowid`) : table).execute();
  await sql`
    insert into ${sql.table(ROLLUP)} (release, phase, tasks, approved)
    select release, coalesce(phase, ''), count(*), sum(case when approval = 'approved' then 1 else 0 end)
    from task where sys_class_name = ${sql.lit(RELEASE_TASK)} and release is not null
    group by release, coalesce(phase, '')`.execute(db);
  for (const statement of kind === 'postgres' ? postgresTriggers() : sqliteTriggers()) await sql.raw(statement).execute(db);
}

const counts = (row: 'NEW' | 'OLD') => `${row}.sys_class_name = '${RELEASE_TASK}' and ${row}.release is not null`;
const approved = (row: 'NEW' | 'OLD') => `case when ${row}.approval = 'approved' then 1 else 0 end`;
const changed = `OLD.sys_class_name is not NEW.sys_class_name or OLD.release is not NEW.release
  or OLD.phase is not NEW.phase or OLD.approval is not NEW.approval`;

/** Adds NEW's task to its row (the WHERE also settles SQLite's upsert-after-SELECT parsing). */
const add = `
  insert into ${ROLLUP} (release, phase, tasks, approved)
  select NEW.release, coalesce(NEW.phase, ''), 1, ${approved('NEW')} where ${counts('NEW')}
  on conflict (release, phase) do update set tasks = ${ROLLUP}.tasks + 1, approved = ${ROLLUP}.approved + excluded.approved;`;

/** Takes OLD's task from its row, and drops the row once it counts nothing. */
const remove = `
  update ${ROLLUP} set tasks = tasks - 1, approved = approved - ${approved('OLD')}
  where release = OLD.release and phase = coalesce(OLD.phase, '') and ${counts('OLD')};
  delete from ${ROLLUP} where release = OLD.release and phase = coalesce(OLD.phase, '') and tasks = 0;`;

function sqliteTriggers(): string[] {
  return [
    `create trigger trg_task_rollup_insert after insert on task when ${counts('NEW')} begin ${add} end`,
    `create trigger trg_task_rollup_delete after delete on task when ${counts('OLD')} begin ${remove} end`,
    `create trigger trg_task_rollup_update after update of sys_class_name, release, phase, approval on task
      when ${changed} begin ${remove} ${add} end`,
  ];
}

function postgresTriggers(): string[] {
  const pgChanged = changed.replaceAll(' is not ', ' is distinct from ');
  return [
    `create function dpr_task_rollup() returns trigger language plpgsql as $$
    begin
      if TG_OP in ('UPDATE', 'DELETE') then ${remove} end if;
      if TG_OP in ('UPDATE', 'INSERT') then ${add} end if;
      return null;
    end $$`,
    `create trigger trg_task_rollup_insert_delete after insert or delete on task for each row execute function dpr_task_rollup()`,
    `create trigger trg_task_rollup_update after update of sys_class_name, release, phase, approval on task
      for each row when (${pgChanged}) execute function dpr_task_rollup()`,
  ];
}
