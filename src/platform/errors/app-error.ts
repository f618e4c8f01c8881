/**
 * The one error model. Every error the server answers with is an AppError with a stable code and a
 * status; the error handler renders it in the platform envelope or, for 400s on DPR paths, in the
 * DPR `result` envelope (CONTRACT §2, §8).
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly detail: string | null = null,
    /** Extra fields of the DPR result envelope (e.g. `errorCode`, `policyExecutionScheduled`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
