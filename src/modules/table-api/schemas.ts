import { Type, type Static } from 'typebox';

/** `/api/now/table/{table}`: any name is accepted here; an unknown one is a 404 `Invalid table`. */
export const TableParams = Type.Object({ table: Type.String() });
export type TableParams = Static<typeof TableParams>;

/** `/api/now/table/{table}/{sys_id}`: a malformed sys_id is a 404 like an unknown one. */
export const RecordParams = Type.Object({ table: Type.String(), sys_id: Type.String() });
export type RecordParams = Static<typeof RecordParams>;

// A repeated parameter arrives as a list; the route takes its first value, as the platform does.
const Param = (description: string) => Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())], { description }));

/**
 * The `sysparm_*` options of the Table API (CONTRACT §4). Any other parameter is a plain
 * `field=value` filter, and unlisted `sysparm_*` parameters are accepted and ignored.
 */
export const TableQuery = Type.Object(
  {
    sysparm_query: Param('Encoded query: conditions joined by ^ (AND), ^OR and ^NQ, plus ORDERBY/ORDERBYDESC'),
    sysparm_fields: Param('Comma-separated fields to return (one level of dot-walking)'),
    sysparm_limit: Param('Rows per page (default and maximum 10000)'),
    sysparm_offset: Param('Index of the first row'),
    sysparm_display_value: Param('false (raw values), true (display values) or all (both)'),
    sysparm_exclude_reference_link: Param('true drops the link of reference fields'),
    sysparm_no_count: Param('true skips the count: no X-Total-Count header'),
    sysparm_suppress_pagination_header: Param('true drops the Link header'),
  },
  { additionalProperties: true },
);
