import http from 'node:http';

/** One answer over real HTTP, body parsed as JSON when it is JSON. */
export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

export interface Call {
  method: string;
  path: string;
  /** Raw header value for `authorization`, if any. */
  authorization?: string;
  /** Sent as is when a string, else JSON-encoded. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Source address on the loopback (127.x.y.z), so per-address throttles see distinct callers. */
  localAddress?: string;
}

export const basicAuth = (user: string, password: string) => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');

/**
 * A small keep-alive HTTP client over `node:http`: the reliability suites send thousands of
 * requests, and a reused socket per slot keeps the load on the server rather than on handshakes.
 * A connection refused or reset rejects (the crash suites count those as "no answer").
 */
export class HttpClient {
  private readonly agent: http.Agent;
  readonly host: string;
  readonly port: number;

  constructor(baseUrl: string, maxSockets = 16) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  send(call: Call, timeoutMs = 30_000): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
    if (call.authorization) headers.authorization = call.authorization;
    let payload: Buffer | undefined;
    if (call.body !== undefined) {
      payload = Buffer.from(typeof call.body === 'string' ? call.body : JSON.stringify(call.body), 'utf8');
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = String(payload.length);
    }
    return new Promise<Answer>((resolve, reject) => {
      const request = http.request(
        {
          host: this.host,
          port: this.port,
          method: call.method,
          path: call.path,
          headers,
          // A distinct source address needs its own socket: the shared agent would reuse another's.
          agent: call.localAddress ? false : this.agent,
          localAddress: call.localAddress,
          timeout: timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error(`timeout after ${timeoutMs} ms: ${call.method} ${call.path}`)));
      request.on('error', reject);
      request.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  });
  await Promise.all(lanes);
  return results;
}
