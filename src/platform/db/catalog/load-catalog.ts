import type { Kysely } from 'kysely';
import { buildCatalog } from './build-catalog.ts';
import { SYSTEM_COLUMN_NAMES } from './system-columns.ts';
import type { Catalog, ColumnDef, InternalType, TableDef } from './types.ts';

/** Reads the catalog from `sys_db_object` and `sys_dictionary`: the dictionary is data, as on the platform. */
export async function loadCatalog(db: Kysely<any>): Promise<Catalog> {
  const tables = await db.selectFrom('sys_db_object').selectAll().orderBy('name').execute();
  const entries = await db.selectFrom('sys_dictionary').selectAll().orderBy('name').orderBy('element').execute();
  const byTable = new Map<string, ColumnDef[]>();
  for (const e of entries) {
    if (SYSTEM_COLUMN_NAMES.has(e.element)) continue;
    const def: ColumnDef = {
      element: e.element,
      internal_type: e.internal_type as InternalType,
      label: e.column_label ?? undefined,
      reference: e.reference ?? undefined,
      mandatory: e.mandatory === 1,
      read_only: e.read_only === 1,
      max_length: e.max_length ?? undefined,
      default_value: e.default_value ?? undefined,
      choices: e.choices ? String(e.choices).split(',') : undefined,
      cascade: e.cascade_rule === 'delete' ? 'delete' : e.cascade_rule === 'clear' ? 'clear' : undefined,
    };
    byTable.set(e.name, [...(byTable.get(e.name) ?? []), def]);
  }
  const defs: TableDef[] = tables.map((t) => ({
    name: t.name,
    label: t.label ?? t.name,
    super_class: t.super_class ?? undefined,
    number_prefix: t.number_prefix ?? undefined,
    display_field: t.display_field ?? undefined,
    columns: byTable.get(t.name) ?? [],
  }));
  return buildCatalog(defs);
}
