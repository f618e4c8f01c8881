import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { ROOT } from './dpr.ts';
import type { Fixtures } from './fixtures.ts';
import { call } from './load.ts';
import { runToEnd } from './processes.ts';

/**
 * The workspace scenario: Debian's Chromium (headless, driven by playwright-core) loads pages of
 * the web workspace from the same `dpr serve` process and data set as the HTTP scenarios, and
 * records first-contentful-paint and when the page's data is on screen. Never a downloaded browser.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface WorkspacePageResult {
  id: string;
  label: string;
  /** The hash route loaded (ids included). */
  path: string;
  /** What "content shown" waits for: an element that appears only with the page's API data, or that data's answer. */
  shownWhen: string;
  fcpMs: number[];
  shownMs: number[];
  fcpMedianMs: number;
  fcpMaxMs: number;
  shownMedianMs: number;
  shownMaxMs: number;
  /** API requests of one load (the last) and the slowest of them over all loads. */
  apiRequests: number;
  slowestApi: { path: string; ms: number } | null;
  /** Set when a load failed (the loads before it are kept). */
  error?: string;
}

export interface WorkspaceRun {
  database: string;
  scale: number;
  browser: string;
  /** The cores Chromium may run on: inherited from the harness process (the load generator's core). */
  cores: string;
  loads: number;
  pages: WorkspacePageResult[];
}

/**
 * Why the scenario cannot run here (undefined when it can). Builds the workspace first when
 * dist/workspace is missing, as `npm start` does: the server serves it only if it exists at start.
 */
export async function prepareWorkspace(log: (line: string) => void): Promise<string | undefined> {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing (install Debian's chromium package, or set CHROMIUM_PATH)`;
  const shell = join(ROOT, 'dist', 'workspace', 'index.html');
  if (!existsSync(shell)) {
    // As `npm start` does (scripts/build-if-stale.mjs); NODE_ENV unset: React's production bundle.
    log('Building the workspace (dist/workspace is missing) …');
    try {
      await runToEnd(['npm', 'run', '--silent', 'build:workspace'], { ...process.env, NODE_ENV: 'production' }, ROOT);
    } catch (error) {
      return `the workspace could not be built: ${(error as Error).message}`;
    }
    if (!existsSync(shell)) return 'dist/workspace/index.html is missing after `npm run build:workspace`';
  }
  log('Workspace scenario: Chromium at ' + CHROMIUM + ', workspace from dist/workspace.');
  return undefined;
}

interface PageSpec {
  id: string;
  label: string;
  path: string;
  /** An element that appears only once the page's API data has arrived … */
  selector?: string;
  /** … or, when the data shows as no element, the API path whose answer it is. */
  response?: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/**
 * Signs in once (user name and password, as a person does; the workspace keeps the credentials in
 * sessionStorage), then per page: `loads` fresh documents (about:blank, then the page's URL).
 * The assets are in the browser's cache after sign-in (they are immutable, content-hashed), as for
 * anyone who used the workspace before. Times are from the navigation's start (the page's
 * `performance` clock): first-contentful-paint from the paint timing entry; "content shown" is the
 * first animation frame in which the page's data element exists (Playwright's raf polling, so at
 * most one frame late).
 */
export async function measureWorkspace(
  url: string,
  admin: { user: string; password: string; authorization: string },
  fixtures: Fixtures,
  context: { database: string; scale: number; loads: number },
  log: (line: string) => void,
): Promise<WorkspaceRun> {
  const pages = await pagesOf(url, admin.authorization, fixtures);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    const browserContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    browserContext.setDefaultTimeout(60_000);
    const page = await browserContext.newPage();
    await signIn(page, url, admin.user, admin.password);
    const results: WorkspacePageResult[] = [];
    for (const spec of pages) {
      log(`  workspace: ${spec.label} …`);
      results.push(await measurePage(page, url, spec, context.loads));
      const r = results.at(-1)!;
      if (r.error) log(`    FAILED after ${r.shownMs.length} load(s): ${r.error}`);
      log(`    first contentful paint median ${r.fcpMedianMs.toFixed(0)} ms (max ${r.fcpMaxMs.toFixed(0)}), content shown median ${r.shownMedianMs.toFixed(0)} ms (max ${r.shownMaxMs.toFixed(0)}), slowest API call ${r.slowestApi ? `${r.slowestApi.ms.toFixed(0)} ms ${r.slowestApi.path}` : '–'}`);
    }
    return { database: context.database, scale: context.scale, browser: `Chromium ${browser.version()}`, cores: harnessCores(), loads: context.loads, pages: results };
  } finally {
    await browser.close();
  }
}

/** The harness's CPU affinity (Linux), which the browser it spawns inherits. */
function harnessCores(): string {
  try {
    return /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function signIn(page: Page, url: string, user: string, password: string): Promise<void> {
  await page.goto(`${url}/workspace/#/releases`);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Releases' }).waitFor();
}

async function measurePage(page: Page, url: string, spec: PageSpec, loads: number): Promise<WorkspacePageResult> {
  const fcp: number[] = [];
  const shown: number[] = [];
  let apiRequests = 0;
  let slowestApi: WorkspacePageResult['slowestApi'] = null;
  const result = (): WorkspacePageResult => ({
    id: spec.id,
    label: spec.label,
    path: spec.path,
    shownWhen: spec.selector ? `${spec.selector} on screen` : `${spec.response} answered`,
    fcpMs: fcp,
    shownMs: shown,
    fcpMedianMs: fcp.length ? median(fcp) : NaN,
    fcpMaxMs: fcp.length ? Math.max(...fcp) : NaN,
    shownMedianMs: shown.length ? median(shown) : NaN,
    shownMaxMs: shown.length ? Math.max(...shown) : NaN,
    apiRequests,
    slowestApi,
  });
  try {
    for (let i = 0; i < loads; i++) {
      await page.goto('about:blank');
      const api: Array<{ path: string; ms: number }> = [];
      const onFinished = (request: Request) => {
        const address = new URL(request.url());
        if (!address.pathname.startsWith('/api/')) return;
        const t = request.timing();
        // startTime is wall clock; responseEnd is relative to it (−1 when unknown).
        if (t.responseEnd >= 0) api.push({ path: decodeURIComponent(address.pathname + address.search).slice(0, 200), ms: t.responseEnd });
      };
      page.on('requestfinished', onFinished);
      try {
        const dataResponse = spec.response ? page.waitForResponse((r) => new URL(r.url()).pathname.endsWith(spec.response!), { timeout: 60_000 }) : undefined;
        dataResponse?.catch(() => undefined); // awaited below; not an unhandled rejection if goto fails first
        await page.goto(`${url}/workspace/${spec.path}`);
        if (spec.selector) {
          // A function, not a string: the workspace's CSP forbids eval, and strings are eval'd. (No DOM types here.)
          const handle = await page.waitForFunction((selector) => ((globalThis as any).document.querySelector(selector) ? performance.now() : 0), spec.selector, { polling: 'raf', timeout: 60_000 });
          shown.push(Number(await handle.jsonValue()));
        } else {
          // The data that decides what the page shows has no element of its own (a month without
          // targets): the moment its answer ended, on the page's clock (both are wall-clock based).
          const response = await dataResponse!;
          await response.finished();
          const t = response.request().timing();
          const origin = await page.evaluate(() => performance.timeOrigin);
          shown.push(t.startTime + t.responseEnd - origin);
        }
        // The paint entry can trail the content by a frame when the first paint is the content itself.
        const paint = await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0, undefined, { polling: 'raf', timeout: 10_000 });
        fcp.push(Number(await paint.jsonValue()));
        // Let the page's remaining requests end, so they are counted and do not spill into the next load.
        await page.waitForLoadState('networkidle');
      } finally {
        page.off('requestfinished', onFinished);
      }
      apiRequests = api.length;
      for (const a of api) if (!slowestApi || a.ms > slowestApi.ms) slowestApi = a;
    }
  } catch (error) {
    return { ...result(), error: (error as Error).message.split('\n')[0] };
  }
  return result();
}

/** The pages measured, with the records they show (from the fixtures the HTTP scenarios use). */
async function pagesOf(url: string, authorization: string, f: Fixtures): Promise<PageSpec[]> {
  const calendar = await call(`${url}/api/now/table/sn_dpr_model_release_calendar?sysparm_query=ORDERBYname&sysparm_fields=sys_id&sysparm_limit=1`, 'GET', { authorization });
  const calendarId = calendar.json?.result?.[0]?.sys_id as string | undefined;
  const bundle = f.bundles.get(200);
  const pages: PageSpec[] = [
    { id: 'releases', label: 'Releases list', path: '#/releases', selector: 'table.list tbody tr' },
    { id: 'release', label: 'Release (5 × 10, In Progress)', path: `#/releases/${f.statusReleaseId}`, selector: '#release-title' },
  ];
  if (bundle) pages.push({ id: 'bundle-200', label: 'Bundle of 200 releases', path: `#/bundles/${bundle}`, selector: 'table.list tbody tr' });
  // The calendar opens on the server's month; the bench's weekly targets start ten weeks ahead, so
  // that month has none to show: shown = the month's targets answered (no element marks it).
  pages.push({ id: 'calendar', label: 'Calendar (this month)', path: calendarId ? `#/calendar/${calendarId}` : '#/calendar', response: '/api/now/table/sn_dpr_model_release_target' });
  return pages;
}
