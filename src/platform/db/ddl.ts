import { createHash } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { buildCatalog, physicalColumns } from './catalog/build-catalog.ts';
import type { Catalog, ColumnMeta, TableDef } from './catalog/types.ts';
import { capabilitiesOf } from './dialect/dialect.ts';

// DDL helpers used by migrations. They take definitions as data so that a migration stays frozen:
// it carries its own snapshot of the tables it creates.

type AnyDb = Kysely<any>;

const MIGRATION_STAMP = '1970-01-01 00:00:00';

function onDelete(c: ColumnMeta): 'set null' | 'cascade' {
  return c.cascade === 'delete' ? 'cascade' : 'set null';
}

/** Creates the physical tables, foreign keys and indexes for `defs`, and records them in the dictionary. */
export async function createTables(db: AnyDb, defs: TableDef[], existing: TableDef[] = []): Promise<void> {
  const caps = capabilitiesOf(db);
  const catalog = buildCatalog([...existing, ...defs]);
  const roots = [...new Set(defs.filter((d) => !d.super_class).map((d) => d.name))];
  const refsOf = (root: string) => physicalColumns(catalog, root).filter((c) => c.internal_type === 'reference');

  for (const root of roots) {
    let create = db.schema.createTable(root).addColumn('sys_id', 'varchar(32)', (c) => c.primaryKey());
    for (const c of physicalColumns(catalog, root)) {
      if (c.element === 'sys_id') continue;
      const type = c.element === 'sys_class_name' ? 'varchar(80)' : caps.sqlType(c.internal_type);
      create = create.addColumn(c.element, sql.raw(type), (b) => {
        let col = b;
        if (['sys_class_name', 'sys_created_on', 'sys_updated_on', 'sys_mod_count'].includes(c.element)) col = col.notNull();
        if (c.internal_type === 'reference' && caps.inlineForeignKeys) {
          col = col.references(`${catalog.require(c.reference!).root}.sys_id`).onDelete(onDelete(c));
        }
        return col;
      });
    }
    await create.execute();
  }
  if (!caps.inlineForeignKeys) {
    for (const root of roots) {
      for (const c of refsOf(root)) {
        await db.schema
          .alterTable(root)
          .addForeignKeyConstraint(`fk_${root}_${c.element}`.slice(0, 63), [c.element], catalog.require(c.reference!).root, ['sys_id'], (b) =>
            b.onDelete(onDelete(c)),
          )
          .execute();
      }
    }
  }
  for (const root of roots) {
    const hierarchy = catalog.all().some((t) => t.root === root && t.name !== root);
    if (hierarchy) await createIndex(db, root, ['sys_class_name']);
    for (const c of refsOf(root)) await createIndex(db, root, [c.element]);
  }
  await recordInDictionary(db, catalog, defs);
}

export async function createIndex(db: AnyDb, table: string, columns: string[], options: { unique?: boolean; where?: string } = {}): Promise<void> {
  const name = `ix_${table}_${columns.join('_')}`.slice(0, 63);
  let b = db.schema.createIndex(name).on(table).columns(columns);
  if (options.unique) b = b.unique();
  if (options.where) b = b.where(sql.raw<boolean>(options.where));
  await b.execute();
}

async function recordInDictionary(db: AnyDb, catalog: Catalog, defs: TableDef[]): Promise<void> {
  const stamp = { sys_created_on: MIGRATION_STAMP, sys_created_by: 'system', sys_updated_on: MIGRATION_STAMP, sys_updated_by: 'system', sys_mod_count: 0 };
  const id = (text: string) => createHashId(text);
  const tables = defs.map((d) => ({
    sys_id: id(`sys_db_object:${d.name}`),
    sys_class_name: 'sys_db_object',
    ...stamp,
    name: d.name,
    label: d.label,
    super_class: d.super_class ?? null,
    number_prefix: d.number_prefix ?? null,
    display_field: catalog.require(d.name).displayField,
  }));
  await db.insertInto('sys_db_object').values(tables).execute();
  const entries = defs.flatMap((d) =>
    [...catalog.require(d.name).columns.values()]
      .filter((c) => c.table === d.name)
      .map((c) => ({
        sys_id: id(`sys_dictionary:${d.name}.${c.element}`),
        sys_class_name: 'sys_dictionary',
        ...stamp,
        name: d.name,
        element: c.element,
        column_label: c.label ?? c.element,
        internal_type: c.internal_type,
        reference: c.reference ?? null,
        mandatory: c.mandatory ? 1 : 0,
        read_only: c.read_only ? 1 : 0,
        max_length: c.max_length ?? null,
        default_value: c.default_value === undefined ? null : String(c.default_value),
        choices: c.choices ? c.choices.join(',') : null,
        cascade_rule: c.internal_type === 'reference' ? (c.cascade ?? 'clear') : null,
      })),
  );
  for (let i = 0; i < entries.length; i += 50) await db.insertInto('sys_dictionary').values(entries.slice(i, i + 50)).execute();
}

/** Stable sys_ids for dictionary rows, so every installation names its schema the same way. */
function createHashId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
