import type { Backoff } from './types.ts';

const BASE_MS = 10_000;
const CAP_MS = 60 * 60_000;

/**
 * 10 s, 20 s, 40 s … doubling per failed attempt, capped at one hour. No jitter: retries are spread
 * by when their jobs failed, and a deterministic delay keeps clock-driven replays reproducible.
 */
export const exponentialBackoff: Backoff = (attempts) => Math.min(BASE_MS * 2 ** Math.max(0, attempts - 1), CAP_MS);
