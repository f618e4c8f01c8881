import { expect } from 'vitest';
import { createUser, type RequestOptions, type TestResponse, type TestServer } from '../support/server.ts';

/** The DPR persona roles (DOMAIN.md §5.1) and a user holding none. */
export const PERSONAS = {
  none: [],
  releaseUser: ['sn_dpr_model.release_user'],
  releaseAdmin: ['sn_dpr_model.release_admin'],
  productManager: ['sn_dpr_model.product_manager'],
  releaseCoordinator: ['sn_dpr_model.release_coordinator'],
  calendarAdmin: ['sn_dpr_model.release_calendar_admin'],
  templateAdmin: ['sn_dpr_model.release_template_admin'],
} as const;

export type Persona = keyof typeof PERSONAS;

/** Creates one user per persona; returns their Basic credentials and sys_ids. */
export async function createPersonas(server: TestServer): Promise<Record<Persona, { auth: [string, string]; sysId: string }>> {
  const out = {} as Record<Persona, { auth: [string, string]; sysId: string }>;
  for (const [persona, roles] of Object.entries(PERSONAS) as Array<[Persona, readonly string[]]>) {
    const name = `p_${persona.toLowerCase()}`;
    const password = `pw-${persona}-secret`;
    out[persona] = { auth: [name, password], sysId: await createUser(server, name, password, [...roles]) };
  }
  return out;
}

/** POST as admin; fails the test unless 201. Returns the rendered record. */
export async function create(server: TestServer, table: string, body: Record<string, unknown>, options: RequestOptions = {}): Promise<Record<string, any>> {
  const res = await server.request('POST', `/api/now/table/${table}`, { ...options, body });
  if (res.status !== 201) throw new Error(`POST ${table}: ${res.status} ${res.text}`);
  return res.json.result;
}

/** Asserts the platform error envelope (CONTRACT §2). */
export function expectPlatformError(res: TestResponse, status: number, message?: string | RegExp): void {
  expect(res.status, res.text).toBe(status);
  expect(res.json).toMatchObject({ status: 'failure', error: { message: expect.any(String) } });
  expect(Object.keys(res.json).sort()).toEqual(['error', 'status']);
  if (message !== undefined) {
    if (typeof message === 'string') expect(res.json.error.message).toBe(message);
    else expect(res.json.error.message).toMatch(message);
  }
}

export const SYS_ID = /^[0-9a-f]{32}$/;
export const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** sys_ids of a list answer, in order. */
export const ids = (res: TestResponse): string[] => (res.json.result as Array<{ sys_id: string }>).map((r) => r.sys_id);
