import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import { toGlideDateTime } from '../clock/format.ts';
import type { Catalog, ColumnMeta, TableMeta } from '../db/catalog/types.ts';
import { SYSTEM_COLUMN_NAMES } from '../db/catalog/system-columns.ts';
import { translateDatabaseError } from '../db/errors.ts';
import { Errors } from '../errors/catalogue.ts';
import { isSysId, newSysId } from '../ids/sys-id.ts';
import type { Actor } from './actor.ts';
import { coerceValue, defaultValue, type StoredValue } from './coerce-value.ts';
import type { HookContext, RecordRules, WriteSource } from './hooks.ts';
import { reserveNumbers } from './number-counter.ts';
import type { Row } from './row.ts';

export interface RecordStoreDeps {
  catalog: Catalog;
  clock: Clock;
  rules: RecordRules;
  /** One-way hash for `password2` columns (passwords, client secrets). */
  hashSecret(plain: string): Promise<string>;
}

export interface WriteOptions {
  source?: WriteSource;
}

/**
 * The generic items service: every insert, update and delete of a record goes through here, so
 * system fields, numbering, value checks and business rules hold for the Table API and the engine
 * alike. Callers pass the transaction to write in.
 */
export class RecordStore {
  constructor(private readonly deps: RecordStoreDeps) {}

  get catalog(): Catalog {
    return this.deps.catalog;
  }

  table(name: string): TableMeta {
    const t = this.deps.catalog.get(name);
    if (!t) throw Errors.tableNotFound(name);
    return t;
  }

  /** Reads one record of `table` (or of a table extending it). */
  async get(db: Kysely<any>, tableName: string, sysId: string): Promise<Row | undefined> {
    const table = this.table(tableName);
    if (!isSysId(sysId)) return undefined;
    let q = db.selectFrom(table.root).selectAll().where('sys_id', '=', sysId);
    if (table.root !== table.name) q = q.where('sys_class_name', 'in', table.classNames);
    return (await q.executeTakeFirst()) as Row | undefined;
  }

  async insert(db: Kysely<any>, actor: Actor, tableName: string, values: Record<string, unknown>, options: WriteOptions = {}): Promise<Row> {
    const [row] = await this.insertMany(db, actor, tableName, [values], options);
    return row;
  }

  /** Inserts rows of one table with a single INSERT (numbers reserved in one statement). */
  async insertMany(db: Kysely<any>, actor: Actor, tableName: string, values: Record<string, unknown>[], options: WriteOptions = {}): Promise<Row[]> {
    if (values.length === 0) return [];
    const table = this.table(tableName);
    const stamp = toGlideDateTime(this.deps.clock.now());
    const ctx = this.context(db, actor, table, options);
    const rules = this.rulesOf(table);
    const numbers = table.columns.has('number') && table.numberPrefix ? await reserveNumbers(db, table.name, table.numberPrefix, values.length, stamp) : [];
    const rows: Row[] = [];
    for (const [i, input] of values.entries()) {
      const row: Row = {};
      for (const column of table.columns.values()) {
        if (SYSTEM_COLUMN_NAMES.has(column.element)) continue;
        row[column.element] = column.element in input && !column.read_only ? await this.coerce(column, input[column.element]) : defaultValue(column);
      }
      const requestedId = input.sys_id;
      row.sys_id = isSysId(requestedId) ? requestedId : newSysId();
      row.sys_class_name = table.name;
      row.sys_created_on = stamp;
      row.sys_created_by = actor.userName;
      row.sys_updated_on = stamp;
      row.sys_updated_by = actor.userName;
      row.sys_mod_count = 0;
      if (numbers.length) row.number = numbers[i];
      for (const rule of rules) await rule.beforeInsert?.(ctx, row);
      this.checkMandatory(table, row);
      rows.push(row);
    }
    await this.run(table, () => db.insertInto(table.root).values(rows).execute());
    for (const row of rows) for (const rule of rules) await rule.afterInsert?.(ctx, row);
    return rows;
  }

  async update(db: Kysely<any>, actor: Actor, tableName: string, sysId: string, values: Record<string, unknown>, options: WriteOptions = {}): Promise<Row> {
    const table = this.table(tableName);
    const previous = await this.get(db, tableName, sysId);
    if (!previous) throw Errors.recordNotFound();
    const concrete = this.table(String(previous.sys_class_name));
    const next: Row = { ...previous };
    for (const [element, value] of Object.entries(values)) {
      const column = concrete.columns.get(element);
      if (!column || column.read_only || SYSTEM_COLUMN_NAMES.has(element)) continue;
      next[element] = await this.coerce(column, value);
    }
    return this.save(db, actor, concrete, table, next, previous, options);
  }

  /** Writes an already-built next version of a record (the engine's path for multi-field changes). */
  async save(db: Kysely<any>, actor: Actor, concrete: TableMeta, _requested: TableMeta, next: Row, previous: Row, options: WriteOptions = {}): Promise<Row> {
    const ctx = this.context(db, actor, concrete, options);
    const rules = this.rulesOf(concrete);
    let changed = changedColumns(next, previous);
    for (const rule of rules) await rule.beforeUpdate?.(ctx, next, previous, changed);
    changed = changedColumns(next, previous);
    this.checkMandatory(concrete, next);
    if (changed.size === 0) return previous;
    next.sys_updated_on = toGlideDateTime(this.deps.clock.now());
    next.sys_updated_by = actor.userName;
    next.sys_mod_count = Number(previous.sys_mod_count ?? 0) + 1;
    const set: Row = { sys_updated_on: next.sys_updated_on, sys_updated_by: next.sys_updated_by, sys_mod_count: next.sys_mod_count };
    for (const c of changed) set[c] = next[c];
    await this.run(concrete, () => db.updateTable(concrete.root).set(set).where('sys_id', '=', String(previous.sys_id)).execute());
    for (const rule of rules) await rule.afterUpdate?.(ctx, next, previous, changed);
    return next;
  }

  async delete(db: Kysely<any>, actor: Actor, tableName: string, sysId: string, options: WriteOptions = {}): Promise<void> {
    const previous = await this.get(db, tableName, sysId);
    if (!previous) throw Errors.recordNotFound();
    const concrete = this.table(String(previous.sys_class_name));
    const ctx = this.context(db, actor, concrete, options);
    for (const rule of this.rulesOf(concrete)) await rule.beforeDelete?.(ctx, previous);
    await this.run(concrete, () => db.deleteFrom(concrete.root).where('sys_id', '=', sysId).execute());
  }

  private async coerce(column: ColumnMeta, value: unknown): Promise<StoredValue> {
    const stored = coerceValue(column, value);
    return column.internal_type === 'password2' && typeof stored === 'string' ? this.deps.hashSecret(stored) : stored;
  }

  private checkMandatory(table: TableMeta, row: Row): void {
    for (const c of table.columns.values()) {
      if (c.mandatory && (row[c.element] === null || row[c.element] === undefined)) {
        throw Errors.badRequest(`Mandatory field ${c.element} is missing`, `Table ${table.name} requires a value for ${c.element}`);
      }
    }
  }

  private rulesOf(table: TableMeta) {
    return this.deps.rules.for(table, (name) => this.deps.catalog.get(name)?.super_class);
  }

  private context(db: Kysely<any>, actor: Actor, table: TableMeta, options: WriteOptions): HookContext {
    return { db, actor, clock: this.deps.clock, table, source: options.source ?? 'engine' };
  }

  private async run<T>(table: TableMeta, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      throw translateDatabaseError(error, table.name);
    }
  }
}

function changedColumns(next: Row, previous: Row): Set<string> {
  const changed = new Set<string>();
  for (const key of Object.keys(next)) if (next[key] !== previous[key] && !SYSTEM_COLUMN_NAMES.has(key)) changed.add(key);
  return changed;
}
