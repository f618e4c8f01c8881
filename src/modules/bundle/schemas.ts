import { Type } from 'typebox';

export const BundleParams = Type.Object({ sysId: Type.String({ maxLength: 64 }) });

/** `sendAggregation` is parsed by the route (`true`/`false`, any case; blank means not given). */
export const BundleQuery = Type.Object({ sendAggregation: Type.Optional(Type.String({ maxLength: 20 })) }, { additionalProperties: true });

const Count = Type.Integer({ minimum: 0 });

/** The reference's bare body (no `result` wrapper); the serialization allowlist without an extension. */
export const BundleDetailsBody = Type.Object({
  sysId: Type.String(),
  name: Type.String(),
  owner: Type.String(),
  releases: Type.Object({ count: Count, list: Type.Array(Type.String()) }),
  aggregates: Type.Optional(
    Type.Object({
      releaseAggregate: Type.Record(Type.String(), Count),
      taskAggregate: Type.Object({ approval: Count, nonApproval: Count }),
      policyAggregate: Type.Object({ Executed: Count, Pending: Count }),
      enhancementAggregate: Type.Object({ Open: Count, Closed: Count }),
    }),
  ),
});

/**
 * With a `DPR_EXTENSIONS` subclass the body is the extension's to shape (it "may add or change
 * fields", CONTRACT §8), so it is serialized as returned: any JSON object.
 */
export const ExtendedBundleBody = Type.Object({}, { additionalProperties: true });
