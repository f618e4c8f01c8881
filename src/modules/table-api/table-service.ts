import type { Kysely } from 'kysely';
import type { Catalog, TableMeta } from '../../platform/db/catalog/types.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { Errors } from '../../platform/errors/catalogue.ts';
import type { Actor } from '../../platform/records/actor.ts';
import { defaultValue } from '../../platform/records/coerce-value.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import type { Row } from '../../platform/records/row.ts';
import { assertCanRead, assertCanWrite, assertMayAttempt, readableBy } from './access.ts';
import { columnsRead, planFields } from './field-plan.ts';
import { buildListFilter } from './list-filter.ts';
import { ReferenceLoader } from './reference-loader.ts';
import type { ListOptions, ReadOptions } from './request-options.ts';
import type { RecordSet } from './serializer.ts';
import { countMatching, selectByIds, selectPage } from './table-repo.ts';
import { changesOf, writableValues } from './write-values.ts';

export interface TableServiceDeps {
  db: Kysely<any>;
  catalog: Catalog;
  store: RecordStore;
}

/** A page of a list, with the number of matching rows unless the count was skipped. */
export interface RecordPage extends RecordSet {
  readonly total?: number;
}

/** One record of a response, and the table it was asked through. */
export interface RecordResult extends RecordSet {
  readonly table: TableMeta;
  readonly sysId: string;
}

/**
 * The Table API's operations on any table of the catalog (CONTRACT §4): access checks, the list
 * query, and writes through RecordStore, each write in one transaction. Responses are returned as
 * stored rows with the referenced records they show; the serializer gives them their wire shape.
 */
export class TableService {
  constructor(private readonly deps: TableServiceDeps) {}

  /** The table named in a URL; 404 `Invalid table <name>` when the catalog has none. */
  table(name: string): TableMeta {
    const table = this.deps.catalog.get(name);
    if (!table) throw Errors.tableNotFound(name);
    return table;
  }

  async list(actor: Actor, tableName: string, options: ListOptions): Promise<RecordPage> {
    const table = this.table(tableName);
    assertCanRead(actor, table);
    const readable = readableBy(actor);
    const fields = planFields(table, this.deps.catalog, options.fields, readable);
    const filter = buildListFilter(table, this.deps.catalog, options.query, options.filters, readable);
    const { limit, offset } = options;
    const rows = await selectPage(this.deps.db, table, filter, columnsRead(fields), { limit, offset });
    let total: number | undefined;
    if (!options.noCount) {
      // A page that is not full, and not past the end, already tells the count: no second query.
      const known = rows.length < limit && (rows.length > 0 || offset === 0);
      total = known ? offset + rows.length : await countMatching(this.deps.db, table, filter);
    }
    const references = await this.loader(actor).load(fields, rows, options.displayValue);
    return { fields, rows, references, total };
  }

  async get(actor: Actor, tableName: string, sysId: string, options: ReadOptions): Promise<RecordResult> {
    const table = this.table(tableName);
    assertCanRead(actor, table);
    const row = await this.deps.store.get(this.deps.db, table.name, sysId);
    if (!row) throw Errors.recordNotFound();
    return this.result(actor, table, row, options);
  }

  async insert(actor: Actor, tableName: string, body: Record<string, unknown>, options: ReadOptions): Promise<RecordResult> {
    const table = this.table(tableName);
    assertMayAttempt(actor, table, 'insert');
    const values = writableValues(table, body);
    assertCanWrite(actor, table, 'insert', changesOf(table, values, defaultValue));
    const row = await inTransaction(this.deps.db, async (trx) => {
      const inserted = await this.deps.store.insert(trx, actor, table.name, values, { source: 'table_api' });
      // Read back: business rules run after the insert may have changed the record.
      return (await this.deps.store.get(trx, table.name, String(inserted.sys_id))) ?? inserted;
    });
    return this.result(actor, table, row, options);
  }

  /** PUT and PATCH alike: the fields sent are changed, the others kept (as on the platform). */
  async update(actor: Actor, tableName: string, sysId: string, body: Record<string, unknown>, options: ReadOptions): Promise<RecordResult> {
    const table = this.table(tableName);
    assertMayAttempt(actor, table, 'update');
    const row = await inTransaction(this.deps.db, async (trx) => {
      const previous = await this.deps.store.get(trx, table.name, sysId);
      if (!previous) throw Errors.recordNotFound();
      const concrete = this.deps.catalog.get(String(previous.sys_class_name)) ?? table;
      const values = writableValues(concrete, body);
      assertCanWrite(actor, concrete, 'update', changesOf(concrete, values, (c) => previous[c.element] ?? null));
      await this.deps.store.update(trx, actor, table.name, sysId, values, { source: 'table_api' });
      return (await this.deps.store.get(trx, table.name, sysId))!;
    });
    return this.result(actor, table, row, options);
  }

  async delete(actor: Actor, tableName: string, sysId: string): Promise<void> {
    const table = this.table(tableName);
    assertMayAttempt(actor, table, 'delete');
    await inTransaction(this.deps.db, async (trx) => {
      const previous = await this.deps.store.get(trx, table.name, sysId);
      if (!previous) throw Errors.recordNotFound();
      assertCanWrite(actor, this.deps.catalog.get(String(previous.sys_class_name)) ?? table, 'delete', new Map());
      await this.deps.store.delete(trx, actor, table.name, sysId, { source: 'table_api' });
    });
  }

  private async result(actor: Actor, table: TableMeta, row: Row, options: ReadOptions): Promise<RecordResult> {
    const fields = planFields(table, this.deps.catalog, options.fields, readableBy(actor));
    const references = await this.loader(actor).load(fields, [row], options.displayValue);
    return { table, sysId: String(row.sys_id), fields, rows: [row], references };
  }

  private loader(actor: Actor): ReferenceLoader {
    const db = this.deps.db;
    return new ReferenceLoader(this.deps.catalog, (table, ids, columns) => selectByIds(db, table, ids, columns), readableBy(actor));
  }
}
