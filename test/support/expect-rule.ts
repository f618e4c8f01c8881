import { expect } from 'vitest';

/** A DPR business error: 400 in the result envelope, with this message (exact, or matching). */
export function expectRule(res: { status: number; json: any; text?: string }, message: string | RegExp): void {
  expect(res.status, `${String(message)} → ${res.text ?? ''}`).toBe(400);
  expect(res.json.result.error).toBe(true);
  if (typeof message === 'string') expect(res.json.result.message).toBe(message);
  else expect(res.json.result.message).toMatch(message);
}
