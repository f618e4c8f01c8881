import type { Catalog, TableMeta } from '../../platform/db/catalog/types.ts';
import type { Row } from '../../platform/records/row.ts';
import type { OutputField } from './field-plan.ts';
import type { DisplayMode } from './request-options.ts';
import { isReferenceLike, referencedIds, textOf } from './text-value.ts';

/** Reads records of one table by sys_id with the given columns (one statement). */
export type FetchByIds = (table: TableMeta, ids: readonly string[], columns: readonly string[]) => Promise<Row[]>;

/**
 * How far a display value follows references: a policy exception's `mapping` shows the mapping's
 * display field, which is its `policy`, which shows the policy's name.
 */
const MAX_DISPLAY_DEPTH = 3;

/** The referenced records a response needs, loaded; answers display values and walked fields. */
export interface ReferenceData {
  /** A referenced record (with the columns requested of it), if it exists and may be read. */
  record(table: TableMeta, id: string): Row | undefined;
  /** The display value of a referenced record: its table's display field, followed through references. */
  display(table: TableMeta, id: string): string;
}

/**
 * Loads what a page of rows shows of other records: the targets of dot-walked fields and, with
 * display values, the display field of every referenced record. Requests are grouped by table so
 * that each round costs ONE query per referenced table whatever the number of rows; a second round
 * runs only for display values that are themselves references (a walked reference, or a display
 * field that is a reference). Tables the caller may not read are not queried.
 */
export class ReferenceLoader {
  private readonly cache = new Map<string, Map<string, Row>>();
  /** `table/id` of records asked for and not found (a dangling reference): never asked again. */
  private readonly missing = new Set<string>();

  constructor(
    private readonly catalog: Catalog,
    private readonly fetch: FetchByIds,
    private readonly readable: (table: TableMeta) => boolean,
  ) {}

  async load(fields: readonly OutputField[], rows: readonly Row[], mode: DisplayMode): Promise<ReferenceData> {
    const withDisplay = mode !== 'false';
    // Round 1: the records walked to and, with display values, the records referenced directly.
    const first = new Round();
    const direct: Array<[TableMeta, string]> = [];
    for (const field of fields) {
      if (field.kind === 'walk') {
        for (const row of rows) for (const id of referencedIds(field.reference, row[field.reference.element])) first.want(field.target, id, field.column.element);
      } else if (withDisplay && isReferenceLike(field.column)) {
        const target = this.catalog.get(field.column.reference!);
        if (target) for (const row of rows) for (const id of referencedIds(field.column, row[field.column.element])) direct.push([target, id]);
      }
    }
    for (const [table, id] of direct) this.wantDisplay(first, table, id);
    await this.flush(first);
    if (!withDisplay) return this.data();

    // Further rounds: display values that lead to other records (a walked reference shows its
    // target's display value; a display field may itself be a reference).
    let chain = dedupe([...direct, ...this.walkedReferences(fields, rows)]);
    for (let depth = 0; depth < MAX_DISPLAY_DEPTH && chain.length > 0; depth++) {
      const round = new Round();
      for (const [table, id] of chain) this.wantDisplay(round, table, id);
      await this.flush(round);
      chain = dedupe(chain.map(([table, id]) => this.displayHop(table, id)).filter((hop) => hop !== undefined));
    }
    return this.data();
  }

  private data(): ReferenceData {
    return { record: (table, id) => this.recordOf(table, id), display: (table, id) => this.displayOf(table, id, 0) };
  }

  /** The records that walked reference fields point to (their display values are shown). */
  private walkedReferences(fields: readonly OutputField[], rows: readonly Row[]): Array<[TableMeta, string]> {
    const out: Array<[TableMeta, string]> = [];
    for (const field of fields) {
      if (field.kind !== 'walk' || !isReferenceLike(field.column)) continue;
      const target = this.catalog.get(field.column.reference!);
      if (!target) continue;
      for (const row of rows) {
        for (const refId of referencedIds(field.reference, row[field.reference.element])) {
          const walked = this.recordOf(field.target, refId);
          for (const id of referencedIds(field.column, walked?.[field.column.element])) out.push([target, id]);
        }
      }
    }
    return out;
  }

  private displayColumn(table: TableMeta) {
    const column = table.columns.get(table.displayField);
    return column && column.internal_type !== 'password2' ? column : undefined;
  }

  private wantDisplay(round: Round, table: TableMeta, id: string): void {
    const column = this.displayColumn(table);
    if (column && !this.hasDisplayLoaded(table, id)) round.want(table, id, column.element);
  }

  private hasDisplayLoaded(table: TableMeta, id: string): boolean {
    const column = this.displayColumn(table);
    const row = this.cache.get(table.name)?.get(id);
    return !column || (row !== undefined && column.element in row) || !this.readable(table) || this.missing.has(`${table.name}/${id}`);
  }

  /** The record a display value continues to, when the display field is a reference. */
  private displayHop(table: TableMeta, id: string): [TableMeta, string] | undefined {
    const column = this.displayColumn(table);
    if (!column || column.internal_type !== 'reference') return undefined;
    const value = this.recordOf(table, id)?.[column.element];
    if (value === null || value === undefined) return undefined;
    const target = this.catalog.get(column.reference!);
    return target ? [target, String(value)] : undefined;
  }

  private async flush(round: Round): Promise<void> {
    for (const [name, need] of round.needs) {
      const table = need.table;
      if (!this.readable(table)) continue;
      const known = this.cache.get(name) ?? new Map<string, Row>();
      this.cache.set(name, known);
      const ids = [...need.ids].filter((id) => {
        if (this.missing.has(`${name}/${id}`)) return false;
        const row = known.get(id);
        return !row || [...need.columns].some((c) => !(c in row));
      });
      if (ids.length === 0) continue;
      const columns = new Set(need.columns);
      for (const id of ids) for (const c of Object.keys(known.get(id) ?? {})) columns.add(c);
      for (const row of await this.fetch(table, ids, [...columns])) known.set(String(row.sys_id), row);
      for (const id of ids) if (!known.has(id)) this.missing.add(`${name}/${id}`);
    }
  }

  private recordOf(table: TableMeta, id: string): Row | undefined {
    return this.readable(table) ? this.cache.get(table.name)?.get(id) : undefined;
  }

  private displayOf(table: TableMeta, id: string, depth: number): string {
    const column = this.displayColumn(table);
    const row = this.recordOf(table, id);
    if (!column || !row) return '';
    const value = row[column.element];
    if (column.internal_type === 'reference' && value !== null && value !== undefined) {
      const target = this.catalog.get(column.reference!);
      return target && depth < MAX_DISPLAY_DEPTH ? this.displayOf(target, String(value), depth + 1) : String(value);
    }
    return textOf(column, value);
  }
}

function dedupe(pairs: Array<[TableMeta, string]>): Array<[TableMeta, string]> {
  const seen = new Set<string>();
  return pairs.filter(([table, id]) => {
    const key = `${table.name}/${id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What one round asks of each table: ids and the columns needed of them. */
class Round {
  readonly needs = new Map<string, { table: TableMeta; ids: Set<string>; columns: Set<string> }>();

  want(table: TableMeta, id: string, column: string): void {
    let need = this.needs.get(table.name);
    if (!need) this.needs.set(table.name, (need = { table, ids: new Set(), columns: new Set() }));
    need.ids.add(id);
    need.columns.add(column);
  }
}
