import { messageOf, type Api } from './client';

/** A Table API record read with `sysparm_display_value=all`: every field as raw value and display value. */
export type Row = Record<string, { value: string; display_value: string }>;

export const val = (row: Row, field: string) => row[field]?.value ?? '';
export const disp = (row: Row, field: string) => row[field]?.display_value || row[field]?.value || '';

export interface ListOptions {
  query?: string;
  fields?: string[];
  limit?: number;
  offset?: number;
}

/** Records of a table through the typed Table API path; throws the API's message on refusal. */
export async function listRows(api: Api, table: string, options: ListOptions = {}): Promise<Row[]> {
  return (await readList(api, table, options, false)).rows;
}

/** One page of records and how many match in all (the Table API's `X-Total-Count`). */
export async function listPage(api: Api, table: string, options: ListOptions & { limit: number; offset: number }): Promise<{ rows: Row[]; total: number }> {
  const { rows, total } = await readList(api, table, options, true);
  return { rows, total: total ?? rows.length };
}

async function readList(api: Api, table: string, options: ListOptions, count: boolean) {
  const { data, error, response } = await api.GET('/api/now/table/{table}', {
    params: {
      path: { table },
      query: {
        sysparm_query: options.query ?? '',
        sysparm_fields: options.fields?.join(','),
        sysparm_limit: String(options.limit ?? 500),
        sysparm_offset: options.offset ? String(options.offset) : undefined,
        sysparm_display_value: 'all',
        sysparm_exclude_reference_link: 'true',
        sysparm_no_count: count ? 'false' : 'true',
        sysparm_suppress_pagination_header: 'true',
      },
    },
  });
  if (error || !data) throw new ApiError(error, response.status);
  const header = response.headers.get('x-total-count');
  return { rows: (data.result ?? []) as Row[], total: header === null ? undefined : Number(header) };
}

export async function getRow(api: Api, table: string, sysId: string): Promise<Row> {
  const { data, error, response } = await api.GET('/api/now/table/{table}/{sys_id}', {
    params: { path: { table, sys_id: sysId }, query: { sysparm_display_value: 'all', sysparm_exclude_reference_link: 'true' } },
  });
  if (error || !data) throw new ApiError(error, response.status);
  return data.result as Row;
}

export async function patchRow(api: Api, table: string, sysId: string, body: Record<string, string>): Promise<void> {
  const { error, response } = await api.PATCH('/api/now/table/{table}/{sys_id}', { params: { path: { table, sys_id: sysId } }, body });
  if (error) throw new ApiError(error, response.status);
}

export class ApiError extends Error {
  constructor(
    readonly body: unknown,
    readonly status: number,
  ) {
    super(messageOf(body, status));
  }
}
