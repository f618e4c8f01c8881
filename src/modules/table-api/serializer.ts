import type { Catalog, ColumnMeta } from '../../platform/db/catalog/types.ts';
import type { StoredValue } from '../../platform/records/coerce-value.ts';
import type { Row } from '../../platform/records/row.ts';
import type { OutputField } from './field-plan.ts';
import type { ReferenceData } from './reference-loader.ts';
import type { DisplayMode } from './request-options.ts';
import { isReferenceLike, referencedIds, textOf } from './text-value.ts';

/**
 * The one place where records take their ServiceNow wire shape (DOMAIN.md §7.4). The core hands
 * over stored rows; this renders every value as a string, references as `{link, value}`, and the
 * display-value variants.
 */

export type WireValue = string | { display_value?: string; link?: string; value?: string };
export type WireRecord = Record<string, WireValue>;

export interface RenderOptions {
  displayValue: DisplayMode;
  excludeReferenceLink: boolean;
  /** `DPR_BASE_URL` or `http(s)://<Host>`, without a trailing slash. */
  linkBase: string;
}

/** Rows to render with the plan that selected them and the referenced records they show. */
export interface RecordSet {
  readonly fields: readonly OutputField[];
  readonly rows: readonly Row[];
  readonly references: ReferenceData;
}

export function recordLink(linkBase: string, table: string, sysId: string): string {
  return `${linkBase}/api/now/table/${table}/${sysId}`;
}

export function renderRecords(set: RecordSet, catalog: Catalog, options: RenderOptions): WireRecord[] {
  return set.rows.map((row) => renderRecord(set, row, catalog, options));
}

export function renderRecord(set: RecordSet, row: Row, catalog: Catalog, options: RenderOptions): WireRecord {
  const out: WireRecord = {};
  for (const field of set.fields) {
    if (field.kind === 'direct') {
      out[field.key] = renderValue(field.column, row[field.column.element], set.references, catalog, options);
      continue;
    }
    // A walk through an empty or unreadable reference shows an empty field, as a LEFT JOIN would.
    const refId = row[field.reference.element];
    const target = refId === null || refId === undefined ? undefined : set.references.record(field.target, String(refId));
    out[field.key] = renderValue(field.column, target?.[field.column.element] ?? null, set.references, catalog, options);
  }
  return out;
}

function renderValue(column: ColumnMeta, value: StoredValue | undefined, references: ReferenceData, catalog: Catalog, options: RenderOptions): WireValue {
  const raw = textOf(column, value);
  if (column.internal_type === 'reference') return renderReference(column, raw, references, catalog, options);
  if (options.displayValue === 'false') return raw;
  const display = displayText(column, value, raw, references, catalog);
  return options.displayValue === 'true' ? display : { display_value: display, value: raw };
}

/**
 * Raw: `{"link","value"}`; display: `{"display_value","link"}`; all: all three. Without links
 * (`sysparm_exclude_reference_link`), raw and display are plain strings. Empty is `""` (and
 * `{"display_value":"","value":""}` with `all`).
 */
function renderReference(column: ColumnMeta, id: string, references: ReferenceData, catalog: Catalog, options: RenderOptions): WireValue {
  const mode = options.displayValue;
  if (id === '') return mode === 'all' ? { display_value: '', value: '' } : '';
  const target = catalog.get(column.reference!);
  const link = options.excludeReferenceLink ? undefined : recordLink(options.linkBase, column.reference!, id);
  const display = () => (target ? references.display(target, id) : '');
  switch (mode) {
    case 'false':
      return link === undefined ? id : { link, value: id };
    case 'true':
      return link === undefined ? display() : { display_value: display(), link };
    case 'all':
      return link === undefined ? { display_value: display(), value: id } : { display_value: display(), link, value: id };
  }
}

/**
 * Display values: a reference list shows its records' display values joined by `, `; the class
 * shows its table's label (`Incident`); everything else shows its raw text (choice labels are not
 * stored, and date-times stay in UTC).
 */
function displayText(column: ColumnMeta, value: StoredValue | undefined, raw: string, references: ReferenceData, catalog: Catalog): string {
  if (isReferenceLike(column)) {
    const target = catalog.get(column.reference!);
    return target ? referencedIds(column, value).map((id) => references.display(target, id)).join(', ') : raw;
  }
  if (column.element === 'sys_class_name' && raw) return catalog.get(raw)?.label ?? raw;
  return raw;
}
