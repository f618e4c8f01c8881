import { AppError } from './app-error.ts';

/**
 * Every error the platform layer raises, declared once. Messages imitate the platform's own
 * wording where it is known (DOMAIN.md §7.5).
 */
export const Errors = {
  notAuthenticated: (detail = 'Required to provide Auth information') =>
    new AppError('NOT_AUTHENTICATED', 401, 'User Not Authenticated', detail),
  forbidden: (detail: string) => new AppError('FORBIDDEN', 403, 'User Not Authorized', detail),
  routeNotFound: () => new AppError('ROUTE_NOT_FOUND', 404, 'Requested URI does not represent any resource'),
  tableNotFound: (table: string) => new AppError('TABLE_NOT_FOUND', 404, `Invalid table ${table}`),
  recordNotFound: () =>
    new AppError('RECORD_NOT_FOUND', 404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval"),
  methodNotAllowed: (method: string) => new AppError('METHOD_NOT_ALLOWED', 405, 'Method not Supported', `${method} is not supported by this resource`),
  notAcceptable: () =>
    new AppError('NOT_ACCEPTABLE', 406, 'Requested response format not supported', 'Only application/json responses are supported'),
  payloadTooLarge: () => new AppError('PAYLOAD_TOO_LARGE', 413, 'Request entity too large', 'Request bodies are limited to 1 MiB'),
  unsupportedMediaType: (type: string) =>
    new AppError('UNSUPPORTED_MEDIA_TYPE', 415, 'Unsupported Media Type', `Content-Type ${type || '(none)'} is not supported; use application/json`),
  rateLimited: (detail = 'Too many requests; retry later') => new AppError('RATE_LIMITED', 429, 'Rate limit exceeded', detail),
  badRequest: (message: string, detail: string | null = null) => new AppError('BAD_REQUEST', 400, message, detail),
  invalidJson: (detail: string) => new AppError('INVALID_JSON', 400, 'Exception while reading request', `The payload is not valid JSON: ${detail}`),
  /** A DPR business rule (CONTRACT §2): 400 in the result envelope on DPR paths. */
  rule: (message: string, extra: Record<string, unknown> = {}) => new AppError('BUSINESS_RULE', 400, message, null, extra),
  conflict: (message: string) => new AppError('CONFLICT', 400, message),
  internal: (requestId: string) => new AppError('INTERNAL', 500, 'Internal server error', `Request id ${requestId}`),
  unavailable: (detail: string) => new AppError('UNAVAILABLE', 503, 'Service Unavailable', detail),
} as const;
