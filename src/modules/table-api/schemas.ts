import { Type, type Static } from 'typebox';

/** `/api/now/table/{table}`: any name is accepted here; an unknown one is a 404 `Invalid table`. */
export const TableParams = Type.Object({ table: Type.String() });
export type TableParams = Static<typeof TableParams>;

/** `/api/now/table/{table}/{sys_id}`: a malformed sys_id is a 404 like an unknown one. */
export const RecordParams = Type.Object({ table: Type.String(), sys_id: Type.String() });
export type RecordParams = Static<typeof RecordParams>;
