import { Type, type Static } from 'typebox';

const OptionalText = Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()]));
const OptionalId = Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()]));

/**
 * `POST product_enhancement` body (dpr-rest-api.txt). Every field is optional here so that a
 * missing required one gets its own clear message; `null` and `""` mean "not given"; other fields
 * are accepted and ignored.
 */
export const CreateEnhancementBody = Type.Object(
  {
    name: OptionalText,
    productSysId: OptionalId,
    priority: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    description: OptionalText,
    versionSysId: OptionalId,
    releaseSysId: OptionalId,
    productFeatureSysId: OptionalId,
  },
  { additionalProperties: true },
);
export type CreateEnhancementBody = Static<typeof CreateEnhancementBody>;

export const CreateEnhancementAnswer = Type.Object({
  result: Type.Object({ error: Type.Boolean(), sysId: Type.String() }),
});
