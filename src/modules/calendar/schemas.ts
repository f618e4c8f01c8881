import { Type } from 'typebox';

// Request bodies allow any further property (clients send extra and empty fields). Fields whose
// JSON type varies in the wild (`""`/`null` placeholders, strings for numbers and flags, a list as a
// string or an array) are declared without a type and read by `inputs.ts`, because the validator's
// type coercion would otherwise turn `null` into `false` or `""` into `[""]` before we see them.
const Text = (description: string) => Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()], { description }));
const Loose = (description: string) => Type.Optional(Type.Unknown({ description }));

export const ReleaseCalendarBody = Type.Object(
  {
    name: Text('Required. Name of the release calendar (unique, ignoring case).'),
    releaseAdmin: Text('Required. sys_id of the owner, an active sys_user.'),
    description: Text('Description of the release calendar.'),
    schedules: Loose('Comma-separated cmn_schedule sys_ids (an array of sys_ids is accepted too).'),
  },
  { additionalProperties: true },
);

export const ReleaseCalendarCreated = Type.Object({
  result: Type.Object({ error: Type.Boolean(), message: Type.String(), releaseCalendarId: Type.String() }),
});

export const ReleaseTargetBody = Type.Object(
  {
    name: Text('Required. Name of the readiness target.'),
    releaseAdmin: Text('Required. sys_id of the owner, an active sys_user.'),
    isRecurring: Loose('Required. true: a recurring series; false: one target on startDate.'),
    description: Text('Description of the readiness target.'),
    startDate: Text('Required. yyyy-MM-dd, today or later: the date, or the first day of the series.'),
    endDate: Text('yyyy-MM-dd, inclusive. Required if isRecurring is true.'),
    releaseCalendar: Text('Required. sys_id of the release calendar.'),
    repeats: Loose('Required if isRecurring is true: {"type": "weekly"|"monthly", "every": 1..1000, "daysOfWeek": 1 (Mon)..7 (Sun)}.'),
    scheduleSysId: Text('sys_id of a cmn_schedule whose entries also exclude dates.'),
    targetsWithOverlappingScheduleDetails: Loose('[{"date": "yyyy-MM-dd", "active": true|false}]: true creates the date, false skips it.'),
  },
  { additionalProperties: true },
);

export const ReleaseTargetCreated = Type.Object({
  result: Type.Object({ error: Type.Boolean(), message: Type.String(), count: Type.Integer() }),
});

const QueryText = (description: string) => Type.Optional(Type.String({ maxLength: 200, description }));

export const TargetPreviewQuery = Type.Object(
  {
    releaseCalendar: QueryText('Required. sys_id of the release calendar.'),
    startDate: QueryText('Required. yyyy-MM-dd, today or later.'),
    endDate: QueryText('yyyy-MM-dd, inclusive; required with type.'),
    type: QueryText('weekly or monthly; without it, a single target on startDate is previewed.'),
    every: QueryText('Interval of the series, 1..1000.'),
    daysOfWeek: QueryText('ISO weekday of a weekly series, 1 (Mon)..7 (Sun).'),
    scheduleSysId: QueryText('sys_id of a further exclusion schedule.'),
  },
  { additionalProperties: true },
);

const Overlap = Type.Object({ scheduleId: Type.String(), scheduleName: Type.String(), spanName: Type.String() });

export const TargetPreviewResponse = Type.Object({
  result: Type.Object({
    dates: Type.Array(Type.Object({ date: Type.String(), overlaps: Type.Array(Overlap) })),
    count: Type.Integer(),
    overlapCount: Type.Integer(),
  }),
});
