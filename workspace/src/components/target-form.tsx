import { useState, type FormEvent } from 'react';
import { DPR, messageOf } from '../api/client';
import type { Session } from '../session';
import { Notice, type Outcome } from './notice';

interface PreviewDate {
  date: string;
  overlaps: Array<{ scheduleId: string; scheduleName: string; spanName: string }>;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Create a single or recurring readiness target: preview its dates and overlaps, then save. */
export function TargetForm({ session, calendarId, onSaved }: { session: Session; calendarId: string; onSaved: () => void }) {
  const { api, me } = session;
  const [name, setName] = useState('');
  const [recurring, setRecurring] = useState(false);
  const [startDate, setStartDate] = useState('');
  const [endDate, setEndDate] = useState('');
  const [type, setType] = useState('weekly');
  const [every, setEvery] = useState('1');
  const [daysOfWeek, setDaysOfWeek] = useState('5');
  const [preview, setPreview] = useState<PreviewDate[]>();
  const [keep, setKeep] = useState<Record<string, boolean>>({});
  const [outcome, setOutcome] = useState<Outcome>();
  const invalidate = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPreview(undefined);
  };

  const runPreview = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(undefined);
    const query = recurring ? { releaseCalendar: calendarId, startDate, endDate, type, every, daysOfWeek } : { releaseCalendar: calendarId, startDate };
    const { data, error, response } = await api.GET('/api/dpr/release_target/preview', { params: { query } });
    const status = response.status;
    if (error || !data) {
      setPreview(undefined);
      setOutcome({ ok: false, message: messageOf(error, status) });
      return;
    }
    setPreview(data.result.dates);
    setKeep({});
  };

  const save = async () => {
    const overlapping = (preview ?? []).filter((d) => d.overlaps.length > 0);
    const { data, error, response } = await api.POST(`${DPR}/release_target`, {
      body: {
        name,
        releaseAdmin: me.sysId,
        isRecurring: recurring,
        startDate,
        releaseCalendar: calendarId,
        ...(recurring ? { endDate, repeats: { type, every: Number(every), daysOfWeek: Number(daysOfWeek) } } : {}),
        ...(overlapping.length ? { targetsWithOverlappingScheduleDetails: overlapping.map((d) => ({ date: d.date, active: keep[d.date] ?? false })) } : {}),
      },
    });
    if (error || !data) {
      setOutcome({ ok: false, message: messageOf(error, response.status) });
      return;
    }
    setOutcome({ ok: true, message: `Created ${data.result.count} readiness target(s)` });
    setPreview(undefined);
    onSaved();
  };

  return (
    <form onSubmit={runPreview} className="card form" aria-labelledby="target-title">
      <h2 id="target-title">New readiness target</h2>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <fieldset>
        <legend>Kind</legend>
        <label className="check">
          <input type="radio" name="kind" checked={!recurring} onChange={() => invalidate(setRecurring)(false)} /> Single date
        </label>
        <label className="check">
          <input type="radio" name="kind" checked={recurring} onChange={() => invalidate(setRecurring)(true)} /> Recurring
        </label>
      </fieldset>
      <label>
        {recurring ? 'First date' : 'Date'}
        <input type="date" value={startDate} onChange={(e) => invalidate(setStartDate)(e.target.value)} required />
      </label>
      {recurring && (
        <>
          <label>
            Last date
            <input type="date" value={endDate} onChange={(e) => invalidate(setEndDate)(e.target.value)} required />
          </label>
          <label>
            Repeats
            <select value={type} onChange={(e) => invalidate(setType)(e.target.value)}>
              <option value="weekly">Weekly</option>
              <option value="monthly">Monthly</option>
            </select>
          </label>
          <label>
            Every
            <input type="number" min={1} max={1000} value={every} onChange={(e) => invalidate(setEvery)(e.target.value)} required />
          </label>
          <label>
            On
            <select value={daysOfWeek} onChange={(e) => invalidate(setDaysOfWeek)(e.target.value)}>
              {WEEKDAYS.map((d, i) => (
                <option key={d} value={String(i + 1)}>
                  {d}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      <button type="submit">Preview dates</button>
      {preview && (
        <div className="preview" aria-live="polite">
          <h3>
            {preview.length} date(s), {preview.filter((d) => d.overlaps.length).length} overlapping an exclusion
          </h3>
          <ul className="plain">
            {preview.map((d) => (
              <li key={d.date} className={d.overlaps.length ? 'overlap' : undefined}>
                {d.overlaps.length ? (
                  <label className="check">
                    <input type="checkbox" checked={keep[d.date] ?? false} onChange={(e) => setKeep((k) => ({ ...k, [d.date]: e.target.checked }))} />
                    {d.date} — overlaps {d.overlaps.map((o) => `${o.scheduleName}: ${o.spanName}`).join(', ')} (create anyway)
                  </label>
                ) : (
                  d.date
                )}
              </li>
            ))}
          </ul>
          <button type="button" onClick={save} disabled={!name || preview.length === 0}>
            Save target{recurring ? 's' : ''}
          </button>
        </div>
      )}
      <Notice outcome={outcome} />
    </form>
  );
}
