import type { Catalog } from '../../platform/db/catalog/types.ts';
import type { Row } from '../../platform/records/row.ts';
import { recordToCel, type CelMap, type FieldTypes } from './cel/index.ts';

/**
 * Stored rows → CEL records typed by the catalog's column types (CONTRACT §8 "CEL values").
 * A row read from a hierarchy's physical table carries the columns of every class in it; it is cut
 * down to the columns of its own class (`sys_class_name`), so an incident shows `priority` and a
 * release task `need_approval`, never the other's empty columns. Passwords never reach policies.
 * One instance per run: it caches each table's column types.
 */
export class CelRecords {
  private readonly types = new Map<string, FieldTypes>();

  constructor(private readonly catalog: Catalog) {}

  record(row: Row | undefined, table: string): CelMap {
    if (!row) return {};
    const own = typeof row.sys_class_name === 'string' && this.catalog.get(row.sys_class_name) ? row.sys_class_name : table;
    const types = this.typesOf(own);
    const projected: Record<string, unknown> = {};
    for (const field of Object.keys(types)) if (field in row) projected[field] = row[field];
    return recordToCel(projected, types);
  }

  list(rows: readonly Row[], table: string): CelMap[] {
    return rows.map((row) => this.record(row, table));
  }

  private typesOf(table: string): FieldTypes {
    let types = this.types.get(table);
    if (!types) {
      const meta = this.catalog.get(table);
      types = Object.fromEntries([...(meta?.columns.values() ?? [])].filter((c) => c.internal_type !== 'password2').map((c) => [c.element, c.internal_type]));
      this.types.set(table, types);
    }
    return types;
  }
}
