import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** What the user typed at sign-in; kept in sessionStorage only (gone with the tab). */
export interface Credentials {
  userName: string;
  password: string;
}

const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

/**
 * The typed client of the dpr API, generated from the server's OpenAPI document: paths, parameters,
 * bodies and answers are checked by TypeScript. Every call carries the user's Basic credentials.
 */
export function createApi(credentials: Credentials) {
  const client = createClient<paths>({ baseUrl: '' });
  client.use({
    onRequest({ request }) {
      request.headers.set('authorization', `Basic ${base64(`${credentials.userName}:${credentials.password}`)}`);
      request.headers.set('accept', 'application/json');
      return request;
    },
  });
  return client;
}

export type Api = ReturnType<typeof createApi>;

/** The DPR endpoints' default prefix (the versioned one is the same endpoint). */
export const DPR = '/api/sn_dpr/digital_product_release' as const;

/** The message of a refusal, in either envelope (DPR `result` or platform `error`). */
export function messageOf(body: unknown, status?: number): string {
  const b = body as { result?: { message?: string }; error?: { message?: string; detail?: string } } | undefined;
  const text = b?.result?.message || [b?.error?.message, b?.error?.detail].filter(Boolean).join(': ');
  return text || (status ? `The request failed (HTTP ${status})` : 'The request failed');
}
