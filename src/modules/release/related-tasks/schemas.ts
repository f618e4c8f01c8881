import { Type, type Static } from 'typebox';

export const RelatedTaskParams = Type.Object({ releaseId: Type.String({ maxLength: 64 }) });

/** `POST release/{releaseId}/related_task` body (dpr-rest-api.txt): `taskIds`, an array of task sys_ids. */
export const RelatedTaskBody = Type.Object(
  { taskIds: Type.Optional(Type.Union([Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 }), Type.Null()])) },
  { additionalProperties: true },
);
export type RelatedTaskBody = Static<typeof RelatedTaskBody>;

export const RelatedTaskAnswer = Type.Object({
  result: Type.Object({ error: Type.Boolean(), message: Type.String() }),
});
