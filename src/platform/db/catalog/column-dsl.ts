import type { ColumnDef, InternalType } from './types.ts';

/** Short builders for table definitions in migrations. */
type Extra = Partial<Omit<ColumnDef, 'element' | 'internal_type'>>;

const col = (internal_type: InternalType) => (element: string, extra: Extra = {}): ColumnDef => ({ element, internal_type, ...extra });

export const str = col('string');
export const int = col('integer');
export const dec = col('decimal');
export const bool = col('boolean');
export const date = col('glide_date');
export const dateTime = col('glide_date_time');
export const json = col('json');
export const password = col('password2');
export const ref = (element: string, reference: string, extra: Extra = {}): ColumnDef => ({
  element,
  internal_type: 'reference',
  reference,
  ...extra,
});
export const list = (element: string, reference: string, extra: Extra = {}): ColumnDef => ({
  element,
  internal_type: 'glide_list',
  reference,
  ...extra,
});
export const choice = (element: string, choices: readonly string[], extra: Extra = {}): ColumnDef => ({
  element,
  internal_type: 'string',
  choices,
  ...extra,
});
