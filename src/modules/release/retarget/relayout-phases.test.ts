import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.ts';
import { WorkingCalendar } from '../../calendar/engine/index.ts';
import type { PhaseRow } from '../release-repo.ts';
import { relayoutPhases } from './relayout-phases.ts';

/** Weekends off, nothing else. */
const calendar = new WorkingCalendar([{ start_date: '2000-01-01', end_date: null, repeat_type: 'weekly', days_of_week: '67' }] as never);
const rules = { today: '2026-01-05', allowAnyDates: false, releaseName: 'R1' };

const phase = (name: string, order: number, state: PhaseRow['state'], start: string, end: string, extra: Partial<PhaseRow> = {}): PhaseRow => ({
  sys_id: name,
  release: 'r',
  name,
  order,
  state,
  duration: 5,
  readiness_phase: 0,
  planned_start_date: start,
  planned_end_date: end,
  actual_start_date: null,
  actual_end_date: null,
  policy_status: 'not_run',
  ...extra,
});

describe('relayoutPhases', () => {
  it('lays the open phases backwards from the readiness date and keeps completed ones', () => {
    const out = relayoutPhases(
      [phase('A', 100, 'completed', '2026-01-05', '2026-01-09'), phase('B', 200, 'pending', '2026-01-12', '2026-01-16'), phase('C', 300, 'pending', '2026-01-19', '2026-01-23', { readiness_phase: 1 })],
      '2026-02-06',
      calendar,
      rules,
    );
    expect(out.phases.map((p) => [p.sys_id, p.planned_start_date, p.planned_end_date])).toEqual([
      ['A', '2026-01-05', '2026-01-09'],
      ['B', '2026-01-26', '2026-01-30'],
      ['C', '2026-02-02', '2026-02-06'],
    ]);
    expect([out.plannedStart, out.plannedEnd]).toEqual(['2026-01-05', '2026-02-06']);
  });

  it('lays phases after the readiness phase forwards, and leaves cancelled phases out', () => {
    const out = relayoutPhases(
      [
        phase('A', 100, 'pending', '2026-01-12', '2026-01-16', { readiness_phase: 1 }),
        phase('X', 150, 'cancelled', '2026-01-19', '2026-01-23'),
        phase('B', 200, 'pending', '2026-01-19', '2026-01-23'),
      ],
      '2026-01-30',
      calendar,
      rules,
    );
    expect(out.phases.map((p) => [p.sys_id, p.planned_start_date, p.planned_end_date])).toEqual([
      ['A', '2026-01-26', '2026-01-30'],
      ['B', '2026-02-02', '2026-02-06'],
    ]);
  });

  it('keeps the planned start of the phase in progress that the layout would move into the past', () => {
    const out = relayoutPhases(
      [phase('A', 100, 'in_progress', '2026-01-02', '2026-01-08'), phase('B', 200, 'pending', '2026-01-09', '2026-01-15')],
      '2026-01-14',
      calendar,
      rules,
    );
    // The layout says A: 2025-12-31 … 2026-01-07 (in the past); A keeps 2026-01-02.
    expect(out.phases.map((p) => [p.sys_id, p.planned_start_date, p.planned_end_date])).toEqual([
      ['A', '2026-01-02', '2026-01-07'],
      ['B', '2026-01-08', '2026-01-14'],
    ]);
  });

  it('refuses a phase that has not started from starting before today, unless allowed', () => {
    const phases = [phase('A', 100, 'pending', '2026-01-12', '2026-01-16')];
    expect(() => relayoutPhases(phases, '2026-01-06', calendar, rules)).toThrow(AppError);
    expect(() => relayoutPhases(phases, '2026-01-06', calendar, rules)).toThrow(
      'Retargeting release R1 to 2026-01-06 would start phase A on 2025-12-31, before today (2026-01-05): choose a later readiness target',
    );
    expect(relayoutPhases(phases, '2026-01-06', calendar, { ...rules, allowAnyDates: true }).plannedStart).toBe('2025-12-31');
  });

  it('changes nothing when every phase is completed', () => {
    const phases = [phase('A', 100, 'completed', '2026-01-05', '2026-01-09', { readiness_phase: 1 })];
    expect(relayoutPhases(phases, '2026-03-06', calendar, rules).phases).toEqual([{ sys_id: 'A', planned_start_date: '2026-01-05', planned_end_date: '2026-01-09' }]);
  });

  it('turns calendar-engine errors into 400 business errors', () => {
    const bad = [phase('A', 100, 'pending', '2026-01-12', '2026-01-16', { duration: 0 })];
    const error = (() => {
      try {
        relayoutPhases(bad, '2026-02-06', calendar, rules);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).message).toMatch(/duration must be a whole number/);
  });
});
