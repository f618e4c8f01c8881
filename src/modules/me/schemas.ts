import { Type } from 'typebox';

export const MeAnswer = Type.Object({
  result: Type.Object({
    sysId: Type.String({ description: 'sys_id of the signed-in user' }),
    userName: Type.String(),
    roles: Type.Array(Type.String(), { description: 'Effective roles (held and contained), sorted' }),
    today: Type.String({ description: "The server's today (yyyy-MM-dd) on its clock, in the instance time zone" }),
    can: Type.Record(Type.String(), Type.Boolean(), { description: 'Per DPR endpoint (names of ENDPOINT_ROLES): whether the user may call it' }),
  }),
});
