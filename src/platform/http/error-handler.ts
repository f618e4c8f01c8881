import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.ts';
import { Errors } from '../errors/catalogue.ts';
import { isDprPath, platformEnvelope, resultEnvelope } from './envelopes.ts';

/** Fastify's own errors, mapped to the platform's statuses and wording. */
function fromFastifyError(error: FastifyError, request: FastifyRequest): AppError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return Errors.payloadTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return Errors.unsupportedMediaType(String(request.headers['content-type'] ?? ''));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return Errors.badRequest('Request body is empty', 'A JSON body is required');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return Errors.invalidJson(error.message);
    case 'FST_ERR_VALIDATION':
      return Errors.badRequest(validationMessage(error), null);
    default:
      break;
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) return Errors.invalidJson(error.message);
  if (error.statusCode === 413) return Errors.payloadTooLarge();
  if (error.statusCode === 415) return Errors.unsupportedMediaType(String(request.headers['content-type'] ?? ''));
  if (error.statusCode === 429) return Errors.rateLimited();
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('HTTP_' + error.statusCode, error.statusCode, error.message);
  }
  return undefined;
}

function validationMessage(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return error.message;
  const where = (first.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
  const missing = (first.params as { requiredProperties?: string[]; missingProperty?: string } | undefined);
  const field = missing?.missingProperty ?? missing?.requiredProperties?.[0];
  if (first.keyword === 'required' && field) return `${field} is required`;
  const subject = where ? where : error.validationContext === 'body' ? 'Request body' : (error.validationContext ?? 'Request');
  return `${subject} ${first.message ?? 'is invalid'}`;
}

export function renderError(error: AppError, request: FastifyRequest, reply: FastifyReply) {
  const body = error.status === 400 && isDprPath(request.url) ? resultEnvelope(error) : platformEnvelope(error);
  return reply.status(error.status).type('application/json; charset=utf-8').send(body);
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof AppError ? error : fromFastifyError(error, request);
    if (known) return renderError(known, request, reply);
    request.log.error({ err: error }, 'unhandled error');
    return renderError(Errors.internal(String(request.id)), request, reply);
  });
  app.setNotFoundHandler((request, reply) => renderError(Errors.routeNotFound(), request, reply));
}
