import type { FastifyRequest } from 'fastify';

/** Host header characters kept in links; anything else (a forged header) falls back to localhost. */
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The base of reference links and `Location`: `DPR_BASE_URL` when configured (behind a proxy, the
 * public address), else `http(s)://<Host header>`.
 */
export function linkBase(request: FastifyRequest, configured: string | undefined): string {
  if (configured) return configured.replace(/\/+$/, '');
  const host = HOST.test(request.host) ? request.host : 'localhost';
  return `${request.protocol}://${host}`;
}
