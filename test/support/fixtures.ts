import type { Kysely } from 'kysely';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import type { Row } from '../../src/platform/records/row.ts';
import { createUser, type TestServer } from './server.ts';

/** US federal holidays of 2025 used by DOMAIN.md §3.8's worked example, plus other 2025-26 holidays. */
export const US_HOLIDAYS_2025 = ['2025-06-19', '2025-07-04', '2025-09-01', '2025-10-13', '2025-11-11', '2025-11-27', '2025-12-25', '2026-01-01', '2026-01-19'];

export const PASSWORD = 'pw';

/** Users holding each DPR role (password `pw`), named after the role. */
export const USERS = {
  pm: 'sn_dpr_model.product_manager',
  ra: 'sn_dpr_model.release_admin',
  rc: 'sn_dpr_model.release_coordinator',
  ru: 'sn_dpr_model.release_user',
  cal: 'sn_dpr_model.release_calendar_admin',
  tmpl: 'sn_dpr_model.release_template_admin',
  nobody: '',
} as const;
export type UserKey = keyof typeof USERS;

export interface World {
  users: Record<UserKey, string>;
  /** `[user_name, password]` for `server.request({ auth })`. */
  as(user: UserKey): [string, string];
  products: { payments: string; mobile: string; ledger: string; portal: string };
  versions: { payments240: string; payments250: string; mobile31: string; ledger10: string; portalOffering: string };
  schedules: { usHolidays: string; blackout: string };
  calendar: string;
  targets: { oct31: string; dec19: string; mar20: string };
  templates: { timeline: string; stage: string; validating: string };
  templatePhases: { timeline: string[]; stage: string[] };
}

type Insert = (table: string, values: Record<string, unknown>) => Promise<Row>;

/**
 * A realistic starting world for endpoint tests, written through the record store in one
 * transaction: users per role, products and versions, a US-holiday schedule, a calendar with
 * targets, a 4-phase timeline template (DOMAIN §3.8 durations 10/25/15/10), a stage template and a
 * version-validating template.
 */
export async function createWorld(server: TestServer): Promise<World> {
  const users = {} as Record<UserKey, string>;
  for (const [key, role] of Object.entries(USERS)) {
    users[key as UserKey] = await createUser(server, key, PASSWORD, role ? [role] : []);
  }
  const { store, database } = server.handle.services;
  return inTransaction(database.db, async (trx) => {
    const insert: Insert = (table, values) => store.insert(trx, SYSTEM_ACTOR, table, values);
    const id = (row: Row) => String(row.sys_id);

    const payments = id(await insert('cmdb_application_product_model', { name: 'Payments Service', owner: users.pm }));
    const mobile = id(await insert('cmdb_application_product_model', { name: 'Mobile Banking App', owner: users.pm }));
    const ledger = id(await insert('cmdb_application_product_model', { name: 'Ledger Core', owner: users.pm }));
    const portal = id(await insert('cmdb_service_product_model', { name: 'Customer Portal', owner: users.pm }));
    const version = (product: string, productName: string, v: string, table = 'cmdb_sw_component_model') =>
      insert(table, { product, version: v, name: `${productName} ${v}` }).then(id);
    const versions = {
      payments240: await version(payments, 'Payments Service', '2.4.0'),
      payments250: await version(payments, 'Payments Service', '2.5.0'),
      mobile31: await version(mobile, 'Mobile Banking App', '3.1'),
      ledger10: await version(ledger, 'Ledger Core', '1.0'),
      portalOffering: await version(portal, 'Customer Portal', '2025.4', 'cmdb_service_offering_model'),
    };

    const usHolidays = id(await insert('cmn_schedule', { name: 'US holidays and weekends', type: 'excluded', time_zone: 'UTC' }));
    await insert('cmn_schedule_span', { schedule: usHolidays, name: 'Weekends', start_date: '2000-01-01', repeat_type: 'weekly', days_of_week: '67' });
    for (const day of US_HOLIDAYS_2025) await insert('cmn_schedule_span', { schedule: usHolidays, name: `Holiday ${day}`, start_date: day, end_date: day });
    const blackout = id(await insert('cmn_schedule', { name: 'Year-end blackout', type: 'blackout', time_zone: 'UTC' }));
    await insert('cmn_schedule_span', { schedule: blackout, name: 'Freeze', start_date: '2025-12-22', end_date: '2026-01-02' });

    const calendar = id(await insert('sn_dpr_model_release_calendar', { name: 'Payments calendar', release_admin: users.ra, schedules: `${blackout}` }));
    const target = (name: string, date: string) => insert('sn_dpr_model_release_target', { name, date, release_calendar: calendar, release_admin: users.ra }).then(id);
    const targets = { oct31: await target('October patch', '2025-10-31'), dec19: await target('December release', '2025-12-19'), mar20: await target('Q1 release', '2026-03-20') };

    const template = async (name: string, processType: 'timeline' | 'stage', validates: boolean, phases: Array<[string, number, boolean]>) => {
      const t = id(await insert('sn_dpr_model_release_template', { name, process_type: processType, validates_version: validates, schedule: processType === 'timeline' ? usHolidays : null }));
      const phaseIds: string[] = [];
      for (const [i, [phaseName, duration, readiness]] of phases.entries()) {
        const p = id(await insert('sn_dpr_model_template_phase', { template: t, name: phaseName, order: (i + 1) * 100, duration, readiness_phase: readiness }));
        phaseIds.push(p);
        for (let k = 1; k <= 2; k++) {
          await insert('sn_dpr_model_template_task', { template_phase: p, name: `${phaseName} task ${k}`, order: k * 100, need_approval: k === 2 && i === 0 });
        }
        if (processType === 'timeline') {
          await insert('sn_dpr_model_template_key_date', { template_phase: p, name: `${phaseName} kickoff`, type: 'milestone', offset_days: 0, offset_from: 'start' });
        }
      }
      return { id: t, phases: phaseIds };
    };
    const timeline = await template('Standard timeline', 'timeline', false, [
      ['Plan', 10, false],
      ['Build', 25, false],
      ['Test', 15, false],
      ['Release', 10, true],
    ]);
    const stage = await template('Stage gates', 'stage', false, [
      ['Design', 0, false],
      ['Develop', 0, false],
      ['Launch', 0, true],
    ]);
    const validating = await template('Validated version', 'timeline', true, [
      ['Prepare', 5, false],
      ['Validate', 5, true],
    ]);

    return {
      users,
      as: (user: UserKey) => [user, PASSWORD] as [string, string],
      products: { payments, mobile, ledger, portal },
      versions,
      schedules: { usHolidays, blackout },
      calendar,
      targets,
      templates: { timeline: timeline.id, stage: stage.id, validating: validating.id },
      templatePhases: { timeline: timeline.phases, stage: stage.phases },
    };
  });
}

/** Reads rows straight from the database (assertions on stored state). */
export function rows(db: Kysely<any>, table: string) {
  return db.selectFrom(table).selectAll();
}

/** A custom role containing `contained`, granted to a new user; returns that user's credentials. */
export async function userWithRoleContaining(server: TestServer, role: string, contained: string, userName: string): Promise<[string, string]> {
  const { store, database } = server.handle.services;
  await inTransaction(database.db, async (trx) => {
    const created = await store.insert(trx, SYSTEM_ACTOR, 'sys_user_role', { name: role });
    const inner = await trx.selectFrom('sys_user_role').select('sys_id').where('name', '=', contained).executeTakeFirstOrThrow();
    await store.insert(trx, SYSTEM_ACTOR, 'sys_user_role_contains', { role: created.sys_id, contains: inner.sys_id });
  });
  await createUser(server, userName, PASSWORD, [role]);
  return [userName, PASSWORD];
}
