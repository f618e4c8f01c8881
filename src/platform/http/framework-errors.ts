import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { AppError } from '../errors/app-error.ts';
import { Errors } from '../errors/catalogue.ts';
import { renderError } from './error-handler.ts';

/**
 * Errors Fastify answers before any route runs (an over-long path parameter, a malformed URL)
 * would otherwise carry Fastify's own body (`{"error","code","message","statusCode"}`): rendered
 * here in the platform envelope like every other error. Found by test/reliability/fuzz.test.ts.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new AppError('URI_TOO_LONG', 414, 'Request URI too long', 'A path segment is longer than the server accepts')
      : error.code === 'FST_ERR_BAD_URL'
        ? Errors.badRequest('Invalid URL', 'The request path is not a valid URL component')
        : error.statusCode && error.statusCode >= 400 && error.statusCode < 500
          ? new AppError('HTTP_' + error.statusCode, error.statusCode, error.message)
          : Errors.internal(String(request.id));
  void renderError(known, request, reply);
}

/**
 * Requests Node's HTTP parser rejects (headers or URL over 16 KB, malformed HTTP) never reach
 * Fastify: the answer is written straight to the socket, in the platform envelope, and the
 * connection closed as Node would.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request header fields too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request timeout']
        : [400, 'Malformed HTTP request'];
  const body = JSON.stringify({ error: { message, detail: null }, status: 'failure' });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
