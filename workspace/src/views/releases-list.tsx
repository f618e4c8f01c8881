import { useEffect, useState } from 'react';
import { disp, listPage, listRows, val, type Row } from '../api/table';
import { label, RELEASE_STATES } from '../labels';
import type { Session } from '../session';
import { useLoad } from '../use-load';

interface Filters {
  state: string;
  product: string;
  calendar: string;
  owner: string;
  search: string;
}

/** The encoded query of the filters (the Table API does the filtering). */
export function releaseQuery(f: Filters): string {
  const terms: string[] = [];
  if (f.state) terms.push(`state=${f.state}`);
  if (f.product) terms.push(`product=${f.product}`);
  if (f.calendar) terms.push(`release_target.release_calendar=${f.calendar}`);
  if (f.owner) terms.push(`owner=${f.owner}`);
  const search = f.search.trim().replace(/\^/g, '');
  if (search) terms.push(`nameLIKE${search}^ORnumberLIKE${search}`);
  return [...terms, 'ORDERBYplanned_start_date'].join('^');
}

/** Rows per page the list offers; the Table API pages with `sysparm_offset` and `sysparm_limit`. */
export const PAGE_SIZES = [10, 25, 50, 100];

const FIELDS = ['sys_id', 'number', 'name', 'state', 'product', 'owner', 'release_target', 'readiness_date', 'planned_start_date', 'planned_end_date', 'policy_status'];

export function ReleasesList({ session }: { session: Session }) {
  const { api } = session;
  const [filters, setFilters] = useState<Filters>({ state: '', product: '', calendar: '', owner: '', search: '' });
  const [search, setSearch] = useState('');
  const [paging, setPaging] = useState({ size: 50, offset: 0 });
  // Search as one types, without a request per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => setFilters((f) => ({ ...f, search })), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const options = useLoad(
    async () => {
      const [products, calendars, owners] = await Promise.all([
        listRows(api, 'cmdb_model', { query: 'sys_class_nameINcmdb_application_product_model,cmdb_service_product_model^ORDERBYname', fields: ['sys_id', 'name'] }),
        listRows(api, 'sn_dpr_model_release_calendar', { query: 'ORDERBYname', fields: ['sys_id', 'name'] }),
        listRows(api, 'sys_user', { query: 'active=true^ORDERBYname', fields: ['sys_id', 'name', 'user_name'] }),
      ]);
      return { products, calendars, owners };
    },
    [api],
  );
  const releases = useLoad(
    () => listPage(api, 'sn_dpr_model_release', { query: releaseQuery(filters), fields: FIELDS, limit: paging.size, offset: paging.offset }),
    [api, filters, paging],
  );
  // A new filter or search shows its first page.
  const firstPage = () => setPaging((p) => (p.offset === 0 ? p : { ...p, offset: 0 }));
  const setFilter = (key: keyof Filters, value: string) => {
    setFilters((f) => ({ ...f, [key]: value }));
    firstPage();
  };
  useEffect(firstPage, [filters.search]);
  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setFilter(key, e.target.value);
  const total = releases.data?.total ?? 0;
  const shown = releases.data?.rows ?? [];
  const select = (key: keyof Filters, label: string, rows: Row[] | undefined, text: (r: Row) => string) => (
    <label>
      {label}
      <select value={filters[key]} onChange={set(key)}>
        <option value="">All</option>
        {rows?.map((r) => (
          <option key={val(r, 'sys_id')} value={val(r, 'sys_id')}>
            {text(r)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-labelledby="releases-title">
      <h1 id="releases-title">Releases</h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search
          <input type="search" placeholder="Name or number" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label>
          State
          <select value={filters.state} onChange={set('state')}>
            <option value="">All</option>
            {Object.entries(RELEASE_STATES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {select('product', 'Product', options.data?.products, (r) => disp(r, 'name'))}
        {select('calendar', 'Calendar', options.data?.calendars, (r) => disp(r, 'name'))}
        {select('owner', 'Owner', options.data?.owners, (r) => disp(r, 'name') || disp(r, 'user_name'))}
      </form>
      {releases.error && <p role="alert" className="error">{releases.error}</p>}
      <p aria-live="polite" className="muted">
        {releases.loading ? 'Loading…' : total === 0 ? '0 releases' : `${paging.offset + 1}–${paging.offset + shown.length} of ${total} release(s)`}
      </p>
      <div className="table-wrap">
        <table className="list">
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Name</th>
              <th scope="col">State</th>
              <th scope="col">Product</th>
              <th scope="col">Owner</th>
              <th scope="col">Target</th>
              <th scope="col">Readiness</th>
              <th scope="col">Policies</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={val(r, 'sys_id')}>
                <td>{disp(r, 'number')}</td>
                <td>
                  <a href={`#/releases/${val(r, 'sys_id')}`}>{disp(r, 'name')}</a>
                </td>
                <td>
                  <span className={`pill state-${val(r, 'state')}`}>{label(RELEASE_STATES, val(r, 'state'), disp(r, 'state'))}</span>
                </td>
                <td>{disp(r, 'product')}</td>
                <td>{disp(r, 'owner')}</td>
                <td>{disp(r, 'release_target')}</td>
                <td>{val(r, 'readiness_date')}</td>
                <td>{disp(r, 'policy_status')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Pages of releases">
        <button type="button" disabled={paging.offset === 0} onClick={() => setPaging((p) => ({ ...p, offset: Math.max(0, p.offset - p.size) }))}>
          Previous page
        </button>
        <button type="button" disabled={paging.offset + paging.size >= total} onClick={() => setPaging((p) => ({ ...p, offset: p.offset + p.size }))}>
          Next page
        </button>
        <label>
          Rows per page
          <select value={paging.size} onChange={(e) => setPaging({ size: Number(e.target.value), offset: 0 })}>
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
      </nav>
    </section>
  );
}
