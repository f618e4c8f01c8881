import { Type, type Static } from 'typebox';

const OptionalText = Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()]));
const OptionalWord = Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()]));

export const KeyDateParams = Type.Object({ releaseId: Type.String({ maxLength: 64 }) });

/**
 * `POST release/{releaseId}/key_date` body (dpr-rest-api.txt). Every field is optional here so that
 * a missing required one gets its own clear message; `null` and `""` mean "not given". The reference
 * names the due date `duedate` in its table and `dueDate` in its example: both are accepted.
 */
export const KeyDateBody = Type.Object(
  {
    name: OptionalText,
    type: OptionalWord,
    state: OptionalWord,
    dueDate: OptionalWord,
    duedate: OptionalWord,
    description: OptionalText,
    assignedTo: OptionalWord,
  },
  { additionalProperties: true },
);
export type KeyDateBody = Static<typeof KeyDateBody>;

export const KeyDateAnswer = Type.Object({
  result: Type.Object({ error: Type.Boolean(), message: Type.String(), keyDateSysId: Type.String() }),
});
