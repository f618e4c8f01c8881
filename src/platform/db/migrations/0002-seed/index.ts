import type { Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import { PROPERTIES } from './properties.ts';
import { ROLES } from './roles.ts';

const STAMP = { sys_created_on: '1970-01-01 00:00:00', sys_created_by: 'system', sys_updated_on: '1970-01-01 00:00:00', sys_updated_by: 'system', sys_mod_count: 0 };
const stableId = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

export async function up(db: Kysely<any>): Promise<void> {
  const roleNames = new Set([...Object.keys(ROLES), ...Object.values(ROLES).flat()]);
  const roleId = (name: string) => stableId(`sys_user_role:${name}`);
  await db
    .insertInto('sys_user_role')
    .values([...roleNames].map((name) => ({ sys_id: roleId(name), sys_class_name: 'sys_user_role', ...STAMP, name })))
    .execute();
  const contains = Object.entries(ROLES).flatMap(([role, children]) =>
    children.map((child) => ({
      sys_id: stableId(`sys_user_role_contains:${role}>${child}`),
      sys_class_name: 'sys_user_role_contains',
      ...STAMP,
      role: roleId(role),
      contains: roleId(child),
    })),
  );
  await db.insertInto('sys_user_role_contains').values(contains).execute();
  await db
    .insertInto('sys_properties')
    .values(PROPERTIES.map((p) => ({ sys_id: stableId(`sys_properties:${p.name}`), sys_class_name: 'sys_properties', ...STAMP, ...p })))
    .execute();
  await db.insertInto('sys_clock').values({ sys_id: stableId('sys_clock:instance'), sys_class_name: 'sys_clock', ...STAMP, name: 'instance', offset_ms: null }).execute();
}
