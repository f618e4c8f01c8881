import autocannon, { type RequestSpec } from 'autocannon';

/** One request shape of a scenario; `next()` (when given) makes each request unique (names, ids). */
export interface LoadSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  next?: () => { path?: string; body?: string };
}

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface LoadResult {
  requests: number;
  ok: number;
  failed: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
}

function requestsOf(spec: LoadSpec): RequestSpec[] {
  const base: RequestSpec = { method: spec.method, path: spec.path, headers: spec.headers, body: spec.body };
  if (!spec.next) return [base];
  const next = spec.next;
  return [{ ...base, setupRequest: (request) => ({ ...request, ...next() }) }];
}

/**
 * Runs the load against `url` with a fixed number of connections: a warm-up run whose numbers are
 * dropped (JIT, caches, connection pools), then the measured run, for a duration or, when `amount`
 * is given (requests that use up data, like completing phases), for that many requests.
 */
export async function runLoad(url: string, spec: LoadSpec, settings: LoadSettings, amount?: number): Promise<LoadResult> {
  const common = { url, connections: settings.connections, timeout: 30, requests: requestsOf(spec) };
  if (settings.warmupSeconds > 0 && amount === undefined) await autocannon({ ...common, duration: settings.warmupSeconds });
  const started = performance.now();
  const result = await autocannon(amount === undefined ? { ...common, duration: settings.durationSeconds } : { ...common, amount });
  const seconds = result.duration > 0 ? result.duration : (performance.now() - started) / 1000;
  const ok = result['2xx'];
  const failed = result.non2xx + result.errors + result.timeouts;
  return {
    requests: ok + result.non2xx,
    ok,
    failed,
    // Only successful answers count: a fast 400 is not throughput.
    reqPerSec: ok / Math.max(seconds, 0.001),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    seconds,
  };
}

/** One request outside the load (fixtures, checks), failing loudly on an unexpected status. */
export async function call(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(url, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status, json };
}
