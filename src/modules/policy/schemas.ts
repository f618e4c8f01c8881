import { Type } from 'typebox';

export const ReleaseParams = Type.Object({ releaseId: Type.String({ maxLength: 200 }) });

/** policies/run takes no body; one sent anyway (e.g. `{}`) is accepted and ignored. */
export const RunBody = Type.Object({}, { additionalProperties: true });

export const RunAnswer = Type.Object({
  result: Type.Object({
    error: Type.Boolean(),
    errorCode: Type.String(),
    message: Type.String(),
    policyExecutionScheduled: Type.Boolean(),
  }),
});

const Summary = {
  compliant: Type.Boolean(),
  compliantCount: Type.Integer(),
  nonCompliantCount: Type.Integer(),
  totalCount: Type.Integer(),
};

/** The reference's response, field for field and in its order. */
export const StatusAnswer = Type.Object({
  result: Type.Object({
    overallSummary: Type.Object({ ...Summary, currentPhase: Type.String(), timestamp: Type.String() }),
    products: Type.Array(
      Type.Object({
        productId: Type.String(),
        productName: Type.String(),
        productVersion: Type.String(),
        summary: Type.Object(Summary),
        policyExecutionDetails: Type.Array(
          Type.Object({
            name: Type.String(),
            policyId: Type.String(),
            status: Type.String(),
            lastRunAt: Type.String(),
            executionOutput: Type.String(),
            reason: Type.String(),
          }),
        ),
      }),
    ),
  }),
});
