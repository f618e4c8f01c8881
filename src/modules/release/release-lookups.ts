import type { Kysely } from 'kysely';
import type { Catalog } from '../../platform/db/catalog/types.ts';
import { Errors } from '../../platform/errors/catalogue.ts';
import { isSysId } from '../../platform/ids/sys-id.ts';

/** Tables whose records are versions of a product (they carry `product` and `version`). */
export const VERSION_TABLES = ['cmdb_sw_component_model', 'cmdb_software_product_model', 'cmdb_service_offering_model'];

export interface ModelRow {
  sys_id: string;
  sys_class_name: string;
  name: string;
  product: string | null;
  version: string | null;
}

export function versionClasses(catalog: Catalog): string[] {
  return VERSION_TABLES.flatMap((t) => catalog.require(t).classNames);
}

/** A product or service: a `cmdb_model` record that is not a version. */
export async function findProduct(db: Kysely<any>, catalog: Catalog, id: string | undefined, label = 'Product ID'): Promise<ModelRow> {
  const row = id && isSysId(id) ? ((await db.selectFrom('cmdb_model').selectAll().where('sys_id', '=', id).executeTakeFirst()) as ModelRow | undefined) : undefined;
  if (!row || versionClasses(catalog).includes(row.sys_class_name)) throw Errors.rule(`${label} is invalid${id ? `: ${id}` : ''}`);
  return row;
}

export async function findVersion(db: Kysely<any>, catalog: Catalog, id: string, label = 'Product version'): Promise<ModelRow> {
  const row = isSysId(id) ? ((await db.selectFrom('cmdb_model').selectAll().where('sys_id', '=', id).executeTakeFirst()) as ModelRow | undefined) : undefined;
  if (!row || !versionClasses(catalog).includes(row.sys_class_name)) throw Errors.rule(`${label} is invalid: ${id}`);
  return row;
}

export async function findActiveUser(db: Kysely<any>, id: string | undefined, label: string): Promise<{ sys_id: string; user_name: string }> {
  const row = id && isSysId(id) ? await db.selectFrom('sys_user').select(['sys_id', 'user_name', 'active']).where('sys_id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw Errors.rule(`${label} is invalid${id ? `: ${id}` : ''}`);
  if (row.active !== 1) throw Errors.rule(`${label} ${row.user_name} is not an active user`);
  return { sys_id: row.sys_id, user_name: row.user_name };
}

export interface TargetRow {
  sys_id: string;
  name: string;
  date: string;
  release_calendar: string | null;
}

export async function findTarget(db: Kysely<any>, id: string): Promise<TargetRow> {
  const row = isSysId(id) ? await db.selectFrom('sn_dpr_model_release_target').select(['sys_id', 'name', 'date', 'release_calendar']).where('sys_id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw Errors.rule(`Release target is invalid: ${id}`);
  return row as TargetRow;
}

export async function findCalendar(db: Kysely<any>, id: string | undefined): Promise<{ sys_id: string; name: string; release_admin: string | null }> {
  const row = id && isSysId(id) ? await db.selectFrom('sn_dpr_model_release_calendar').select(['sys_id', 'name', 'release_admin']).where('sys_id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw Errors.rule(`Release calendar is invalid${id ? `: ${id}` : ''}`);
  return row as { sys_id: string; name: string; release_admin: string | null };
}
