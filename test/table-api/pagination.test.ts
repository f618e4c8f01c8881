import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { create, expectPlatformError } from './fixtures.ts';

const BASE = 'https://dpr.example.com';

describe.each(DIALECTS)('Table API pagination (%s)', (dialect) => {
  let server: TestServer;
  // `nameSTARTSWITHpage^ORDERBYname` as a browser would send it.
  const QUERY = 'sysparm_query=nameSTARTSWITHpage%5EORDERBYname';
  const link = (offset: number, limit = 2, rel: string, path = '/api/now/table/cmn_schedule') =>
    `<${BASE}${path}?${QUERY}&sysparm_limit=${limit}&sysparm_offset=${offset}>;rel="${rel}"`;
  const page = async (params: string, path = '/api/now/table/cmn_schedule') => {
    const res = await server.request('GET', `${path}?${QUERY}&${params}`);
    expect(res.status, res.text).toBe(200);
    return { res, names: (res.json.result as Array<{ name: string }>).map((r) => r.name), links: res.headers.get('link'), total: res.headers.get('x-total-count') };
  };

  beforeAll(async () => {
    server = await startServer(dialect, { DPR_BASE_URL: `${BASE}/` });
    for (const n of [1, 2, 3, 4, 5]) await create(server, 'cmn_schedule', { name: `page-${n}` });
    await create(server, 'cmn_schedule', { name: 'other' });
  });
  afterAll(() => server.close());

  it('a middle page: X-Total-Count and first, prev, next, last with exact URLs', async () => {
    const { names, links, total } = await page('sysparm_limit=2&sysparm_offset=2&sysparm_fields=name');
    expect(names).toEqual(['page-3', 'page-4']);
    expect(total).toBe('5');
    expect(links).toBe(
      [link(0, 2, 'first'), link(0, 2, 'prev'), link(4, 2, 'next'), link(4, 2, 'last')]
        .map((l) => l.replace('sysparm_limit', 'sysparm_fields=name&sysparm_limit'))
        .join(','),
    );
  });

  it('the first page has no prev; the last page has no next', async () => {
    const first = await page('sysparm_limit=2');
    expect(first.names).toEqual(['page-1', 'page-2']);
    expect(first.links).toBe([link(0, 2, 'first'), link(2, 2, 'next'), link(4, 2, 'last')].join(','));
    const last = await page('sysparm_limit=2&sysparm_offset=4');
    expect(last.names).toEqual(['page-5']);
    expect(last.total).toBe('5');
    expect(last.links).toBe([link(0, 2, 'first'), link(2, 2, 'prev'), link(4, 2, 'last')].join(','));
  });

  it('an offset that is not a multiple of the limit steps by the limit; prev never goes below 0', async () => {
    const { names, links } = await page('sysparm_limit=2&sysparm_offset=1');
    expect(names).toEqual(['page-2', 'page-3']);
    expect(links).toBe([link(0, 2, 'first'), link(0, 2, 'prev'), link(3, 2, 'next'), link(4, 2, 'last')].join(','));
  });

  it('an exact multiple: the last page starts at the last full page', async () => {
    const { links } = await page('sysparm_limit=5');
    expect(links).toBe([link(0, 5, 'first'), link(0, 5, 'last')].join(','));
  });

  it('past the end: an empty page, with the count from a count query', async () => {
    const { names, total, links } = await page('sysparm_limit=2&sysparm_offset=10');
    expect(names).toEqual([]);
    expect(total).toBe('5');
    expect(links).toBe([link(0, 2, 'first'), link(8, 2, 'prev'), link(4, 2, 'last')].join(','));
  });

  it('default limit 10000, shown in the links', async () => {
    const { names, links, total } = await page('');
    expect(names).toHaveLength(5);
    expect(total).toBe('5');
    expect(links).toBe([link(0, 10000, 'first'), link(0, 10000, 'last')].join(','));
  });

  it('a limit above 10000 is clamped to 10000', async () => {
    const { links } = await page('sysparm_limit=50000');
    expect(links).toBe([link(0, 10000, 'first'), link(0, 10000, 'last')].join(','));
  });

  it('sysparm_no_count: no X-Total-Count and no last link; next offered after a full page', async () => {
    const full = await page('sysparm_limit=2&sysparm_no_count=true');
    expect(full.total).toBeNull();
    expect(full.links).toBe(
      [link(0, 2, 'first'), link(2, 2, 'next')].map((l) => l.replace(QUERY, `${QUERY}&sysparm_no_count=true`)).join(','),
    );
    const end = await page('sysparm_limit=2&sysparm_offset=4&sysparm_no_count=true');
    expect(end.total).toBeNull();
    expect(end.links).not.toContain('rel="next"');
    expect(end.links).not.toContain('rel="last"');
  });

  it('sysparm_suppress_pagination_header drops Link but keeps X-Total-Count', async () => {
    const { links, total } = await page('sysparm_limit=2&sysparm_suppress_pagination_header=true');
    expect(links).toBeNull();
    expect(total).toBe('5');
  });

  it('links keep every other parameter whole, a "?" inside a value included', async () => {
    const res = await server.request('GET', '/api/now/table/cmn_schedule?sysparm_query=name!=what?&sysparm_limit=1&sysparm_no_count=true');
    expect(res.headers.get('link')).toBe(
      `<${BASE}/api/now/table/cmn_schedule?sysparm_query=name%21%3Dwhat%3F&sysparm_no_count=true&sysparm_limit=1&sysparm_offset=0>;rel="first",` +
        `<${BASE}/api/now/table/cmn_schedule?sysparm_query=name%21%3Dwhat%3F&sysparm_no_count=true&sysparm_limit=1&sysparm_offset=1>;rel="next"`,
    );
  });

  it('links keep the versioned path they were asked through', async () => {
    const { links } = await page('sysparm_limit=2', '/api/now/v2/table/cmn_schedule');
    expect(links).toContain(link(2, 2, 'next', '/api/now/v2/table/cmn_schedule'));
  });

  describe('empty lists', () => {
    const empty = '/cmn_schedule?sysparm_query=name=nothing-matches';
    it('are 200 {"result":[]} unversioned and under v2', async () => {
      for (const prefix of ['/api/now/table', '/api/now/v2/table']) {
        const res = await server.request('GET', prefix + empty);
        expect(res.status).toBe(200);
        expect(res.json).toEqual({ result: [] });
        expect(res.headers.get('x-total-count')).toBe('0');
      }
    });

    it('are 404 under v1, as on the platform', async () => {
      expectPlatformError(await server.request('GET', `/api/now/v1/table${empty}`), 404, 'No Record found');
      const found = await server.request('GET', '/api/now/v1/table/cmn_schedule?sysparm_query=name=other');
      expect(found.status).toBe(200);
      expect(found.json.result).toHaveLength(1);
    });
  });

  it('Location and reference links use DPR_BASE_URL', async () => {
    const schedule = await create(server, 'cmn_schedule', { name: 'linked' });
    const post = await server.request('POST', '/api/now/table/cmn_schedule_span', { body: { schedule: schedule.sys_id, start_date: '2026-12-24' } });
    expect(post.headers.get('location')).toBe(`${BASE}/api/now/table/cmn_schedule_span/${post.json.result.sys_id}`);
    expect(post.json.result.schedule).toEqual({ link: `${BASE}/api/now/table/cmn_schedule/${schedule.sys_id}`, value: schedule.sys_id });
  });
});
