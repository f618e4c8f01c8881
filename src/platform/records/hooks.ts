import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { TableMeta } from '../db/catalog/types.ts';
import type { Actor } from './actor.ts';
import type { Row } from './row.ts';

/** Where a write comes from: business rules may treat the engine's own writes differently. */
export type WriteSource = 'table_api' | 'engine';

export interface HookContext {
  db: Kysely<any>;
  actor: Actor;
  clock: Clock;
  table: TableMeta;
  source: WriteSource;
}

/**
 * Business rules, as the platform runs them around a write: `before*` may change the row or throw an
 * AppError to refuse the write; `after*` may write related records. All run inside the write's
 * transaction. A rule registered on a table also runs for its child tables.
 */
export interface RecordRule {
  beforeInsert?(ctx: HookContext, row: Row): void | Promise<void>;
  beforeUpdate?(ctx: HookContext, next: Row, previous: Row, changed: ReadonlySet<string>): void | Promise<void>;
  beforeDelete?(ctx: HookContext, previous: Row): void | Promise<void>;
  afterInsert?(ctx: HookContext, row: Row): void | Promise<void>;
  afterUpdate?(ctx: HookContext, next: Row, previous: Row, changed: ReadonlySet<string>): void | Promise<void>;
}

export class RecordRules {
  private readonly byTable = new Map<string, RecordRule[]>();

  register(table: string, rule: RecordRule): void {
    this.byTable.set(table, [...(this.byTable.get(table) ?? []), rule]);
  }

  /** Rules of the table and of every table it extends, parents first. */
  for(table: TableMeta, ancestors: (name: string) => string | undefined): RecordRule[] {
    const chain: string[] = [];
    for (let name: string | undefined = table.name; name; name = ancestors(name)) chain.unshift(name);
    return chain.flatMap((name) => this.byTable.get(name) ?? []);
  }
}
