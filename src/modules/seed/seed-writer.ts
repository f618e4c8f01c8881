import type { Kysely } from 'kysely';
import type { FieldTypes } from '../policy/cel/index.ts';
import { SYSTEM_ACTOR } from '../../platform/records/actor.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import type { Row } from '../../platform/records/row.ts';

/**
 * Writes demo records through the RecordStore (system fields, numbering, value checks and business
 * rules apply as for any write) inside the seed's transaction, and counts what it wrote.
 */
export class SeedWriter {
  private readonly written = new Map<string, number>();

  constructor(
    readonly trx: Kysely<any>,
    private readonly store: RecordStore,
  ) {}

  async insert(table: string, rows: Record<string, unknown>[]): Promise<Row[]> {
    const inserted = await this.store.insertMany(this.trx, SYSTEM_ACTOR, table, rows);
    this.written.set(table, (this.written.get(table) ?? 0) + inserted.length);
    return inserted;
  }

  async insertOne(table: string, row: Record<string, unknown>): Promise<Row> {
    const [inserted] = await this.insert(table, [row]);
    return inserted;
  }

  update(table: string, sysId: string, values: Record<string, unknown>): Promise<Row> {
    return this.store.update(this.trx, SYSTEM_ACTOR, table, sysId, values);
  }

  /** Column name → internal type of a table, for turning its rows into policy (CEL) values. */
  fieldTypes(table: string): FieldTypes {
    return Object.fromEntries([...this.store.table(table).columns.values()].map((c) => [c.element, c.internal_type]));
  }

  /** Records written per table so far. */
  counts(): ReadonlyMap<string, number> {
    return this.written;
  }
}
