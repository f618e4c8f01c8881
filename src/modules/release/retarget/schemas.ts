import { Type, type Static } from 'typebox';

const OptionalId = Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()]));

export const RetargetParams = Type.Object({ sysId: Type.String({ maxLength: 64 }) });

/**
 * `PUT release/{sysId}/retarget` body (dpr-rest-api.txt). `null` and `""` mean "not given";
 * `outOfBand` also accepts the strings `"true"`/`"false"`, as form-minded clients send them.
 */
export const RetargetBody = Type.Object(
  {
    releaseTarget: OptionalId,
    outOfBand: Type.Optional(Type.Union([Type.Boolean(), Type.String({ maxLength: 10 }), Type.Null()])),
    releaseCalendar: OptionalId,
    releaseDate: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
  },
  { additionalProperties: true },
);
export type RetargetBody = Static<typeof RetargetBody>;

export const RetargetAnswer = Type.Object({
  result: Type.Object({ error: Type.Boolean(), message: Type.String() }),
});
