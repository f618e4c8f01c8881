import { useState } from 'react';
import { disp, listRows, val } from '../api/table';
import { isoDate, MonthGrid } from '../components/month-grid';
import { TargetForm } from '../components/target-form';
import { go } from '../route';
import { excludedBy } from '../schedule-days';
import type { Session } from '../session';
import { useLoad } from '../use-load';

/** A release calendar by month: readiness targets, the releases on them, exclusions shaded. */
export function CalendarView({ session, calendarId }: { session: Session; calendarId?: string }) {
  const { api, me } = session;
  // Open on the server's month (its clock may be set to the past or the future).
  const [year, monthNumber] = me.today.split('-').map(Number);
  const [month, setMonth] = useState({ year, month: monthNumber - 1 });
  const [version, setVersion] = useState(0);
  const calendars = useLoad(() => listRows(api, 'sn_dpr_model_release_calendar', { query: 'ORDERBYname', fields: ['sys_id', 'name', 'schedules'] }), [api]);
  const selected = calendarId ?? (calendars.data?.[0] ? val(calendars.data[0], 'sys_id') : undefined);
  const calendar = calendars.data?.find((c) => val(c, 'sys_id') === selected);
  const from = isoDate(month.year, month.month, 1);
  const to = isoDate(month.year, month.month + 1, 0);
  const data = useLoad(async () => {
    if (!selected || !calendar) return undefined;
    const targets = await listRows(api, 'sn_dpr_model_release_target', {
      query: `release_calendar=${selected}^date>=${from}^date<=${to}^ORDERBYdate`,
      fields: ['sys_id', 'name', 'date', 'out_of_band'],
    });
    const ids = targets.map((t) => val(t, 'sys_id'));
    const schedules = val(calendar, 'schedules');
    const [releases, spans] = await Promise.all([
      ids.length ? listRows(api, 'sn_dpr_model_release', { query: `release_targetIN${ids.join(',')}`, fields: ['sys_id', 'name', 'number', 'release_target', 'state'] }) : [],
      schedules ? listRows(api, 'cmn_schedule_span', { query: `scheduleIN${schedules}`, fields: ['sys_id', 'name', 'schedule', 'start_date', 'end_date', 'repeat_type', 'days_of_week'] }) : [],
    ]);
    return { targets, releases, spans };
  }, [api, selected, calendar, from, to, version]);
  const shift = (by: number) => setMonth((m) => ({ year: new Date(Date.UTC(m.year, m.month + by, 1)).getUTCFullYear(), month: new Date(Date.UTC(m.year, m.month + by, 1)).getUTCMonth() }));
  const label = new Date(Date.UTC(month.year, month.month, 1)).toLocaleDateString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });

  return (
    <section aria-labelledby="calendar-title">
      <h1 id="calendar-title">Calendar</h1>
      <div className="toolbar">
        <label>
          Release calendar
          <select value={selected ?? ''} onChange={(e) => go(`/calendar/${e.target.value}`)}>
            {calendars.data?.map((c) => (
              <option key={val(c, 'sys_id')} value={val(c, 'sys_id')}>
                {disp(c, 'name')}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" onClick={() => shift(-1)} aria-label="Previous month">
          ←
        </button>
        <h2 aria-live="polite" className="month-label">
          {label}
        </h2>
        <button type="button" className="secondary" onClick={() => shift(1)} aria-label="Next month">
          →
        </button>
      </div>
      {(calendars.error || data.error) && <p role="alert" className="error">{calendars.error || data.error}</p>}
      {calendars.data?.length === 0 && <p className="muted">No release calendars yet.</p>}
      <div className="table-wrap">
        <MonthGrid
          year={month.year}
          month={month.month}
          shaded={(date) => (data.data ? excludedBy(data.data.spans, date) : undefined)}
          content={(date) =>
            data.data?.targets
              .filter((t) => val(t, 'date') === date)
              .map((t) => (
                <div key={val(t, 'sys_id')} className="target">
                  <strong>{disp(t, 'name')}</strong>
                  {val(t, 'out_of_band') === 'true' && <span className="muted"> (out of band)</span>}
                  <ul className="plain">
                    {data.data!.releases
                      .filter((r) => val(r, 'release_target') === val(t, 'sys_id'))
                      .map((r) => (
                        <li key={val(r, 'sys_id')}>
                          <a href={`#/releases/${val(r, 'sys_id')}`}>{disp(r, 'name')}</a>
                        </li>
                      ))}
                  </ul>
                </div>
              ))
          }
        />
      </div>
      <p className="legend">
        <span className="swatch excluded" /> Excluded by a schedule of the calendar
      </p>
      {me.can.releaseTarget && selected && <TargetForm session={session} calendarId={selected} onSaved={() => setVersion((v) => v + 1)} />}
    </section>
  );
}
