import type { AppError } from '../errors/app-error.ts';

/** DPR endpoints answer 400s in their own `result` envelope (CONTRACT §2, §8). */
export function isDprPath(url: string): boolean {
  return url.startsWith('/api/sn_dpr/');
}

export function platformEnvelope(error: AppError) {
  return { error: { message: error.message, detail: error.detail }, status: 'failure' };
}

export function resultEnvelope(error: AppError) {
  return { result: { error: true, message: error.message, ...error.extra } };
}
