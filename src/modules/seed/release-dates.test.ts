import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import { WorkingCalendar } from '../calendar/engine/index.ts';
import { DEMO_RELEASES } from './demo-release-scenarios.ts';
import { DEMO_TEMPLATES } from './demo-templates.ts';
import { demoScheduleSpans } from './insert-schedules.ts';
import { candidateDates, chooseReadinessDate, preferenceOf, storyCheck, timelinePhases, weeklyWindowDates } from './release-dates.ts';

/** The dates the seed would choose for every timeline release on `today`. */
const calendarsByYear = new Map<string, { workdays: WorkingCalendar; allowed: WorkingCalendar }>();
function calendarsOf(today: string) {
  const year = today.slice(0, 4);
  if (!calendarsByYear.has(year)) {
    // The spans depend on the year only; sharing the calendars shares their memoised answers.
    const { holidaySpans, freezeSpans } = demoScheduleSpans(today);
    calendarsByYear.set(year, { workdays: new WorkingCalendar(holidaySpans), allowed: new WorkingCalendar([...holidaySpans, ...freezeSpans]) });
  }
  return calendarsByYear.get(year)!;
}

function storyOn(today: string) {
  const { workdays, allowed } = calendarsOf(today);
  const windows = weeklyWindowDates(today, allowed);
  return DEMO_RELEASES.filter((r) => r.position.state !== 'draft' && DEMO_TEMPLATES.find((t) => t.key === r.template)!.processType === 'timeline').map((r) => {
    const template = DEMO_TEMPLATES.find((t) => t.key === r.template)!;
    const candidates = candidateDates(r.target === 'series' ? 'series' : 'out_of_band', today, windows, allowed, workdays);
    const names = template.phases.map((p) => p.name);
    const chosen = chooseReadinessDate(timelinePhases(template), candidates, workdays, storyCheck(r.position, template, today, workdays), preferenceOf(r.position));
    return { scenario: r, names, ...chosen, workdays, allowed };
  });
}

describe('demo release dates', () => {
  it('puts a Testing release in Testing and a finished one in the past (worked example)', () => {
    const story = storyOn('2026-12-04');
    const mobile = story.find((s) => s.scenario.version === '3.8.0')!;
    const testing = mobile.layout.phases[mobile.names.indexOf('Testing')];
    expect(testing.planned_start_date <= '2026-12-04' && '2026-12-04' <= testing.planned_end_date).toBe(true);
    const done = story.find((s) => s.scenario.position.state === 'completed')!;
    expect(done.layout.planned_end_date < '2026-12-04').toBe(true);
  });

  it('weekly windows are Fridays and skip holidays and the year-end freeze', () => {
    const { holidaySpans, freezeSpans } = demoScheduleSpans('2026-12-04');
    const windows = weeklyWindowDates('2026-12-04', new WorkingCalendar([...holidaySpans, ...freezeSpans]));
    expect(windows.every((d) => Temporal.PlainDate.from(d).dayOfWeek === 5)).toBe(true);
    expect(windows).not.toContain('2026-12-25');
    expect(windows).not.toContain('2027-01-01');
    expect(windows).not.toContain('2026-11-27'); // day after Thanksgiving
    expect(windows).toContain('2026-12-18');
  });

  // Whatever day the seed runs on, every release must find dates that tell its story.
  // A year from July to June crosses the year-end freeze and every holiday once.
  it('finds a readiness date for every timeline release on every day of a year', () => {
    let day = Temporal.PlainDate.from('2026-07-01');
    const failures: string[] = [];
    for (let i = 0; i < 365; i++, day = day.add({ days: 1 })) {
      const today = day.toString();
      try {
        for (const s of storyOn(today)) {
          expect(s.workdays.isWorkingDay(s.date)).toBe(true);
          if (s.scenario.position.state === 'pending') expect(s.layout.planned_start_date > today).toBe(true);
          if (s.scenario.position.state === 'completed' || s.scenario.position.state === 'review') expect(s.layout.planned_end_date < today).toBe(true);
        }
      } catch (error) {
        failures.push(`${today}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
