import { useState, type FormEvent } from 'react';
import { DPR, messageOf } from '../api/client';
import { disp, listRows, val, type Row } from '../api/table';
import type { Session } from '../session';
import { useLoad } from '../use-load';
import { Notice, type Outcome } from './notice';

type Done = () => void;

/** "Complete phase": the API decides; a refusal shows its message (open tasks, approvals, policies). */
export function CompletePhaseButton({ session, releaseId, onDone }: { session: Session; releaseId: string; onDone: Done }) {
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  if (!session.me.can.completePhase) return null;
  const complete = async () => {
    setBusy(true);
    const { data, error, response } = await session.api.POST(`${DPR}/release_id/{releaseId}/complete_phase`, { params: { path: { releaseId } } });
    setBusy(false);
    setOutcome(error || !data ? { ok: false, message: messageOf(error, response.status) } : { ok: true, message: data.result.message });
    if (data) onDone();
  };
  return (
    <div className="inline-action">
      <button type="button" onClick={complete} disabled={busy}>
        {busy ? 'Completing…' : 'Complete phase'}
      </button>
      <Notice outcome={outcome} />
    </div>
  );
}

/** Retarget to another readiness target of a calendar, or out of band on a date. */
export function RetargetForm({ session, release, onDone }: { session: Session; release: Row; onDone: Done }) {
  const { api } = session;
  const [target, setTarget] = useState('');
  const [outOfBand, setOutOfBand] = useState(false);
  const [calendar, setCalendar] = useState('');
  const [date, setDate] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const options = useLoad(async () => {
    const [targets, calendars] = await Promise.all([
      listRows(api, 'sn_dpr_model_release_target', { query: 'out_of_band=false^ORDERBYdate', fields: ['sys_id', 'name', 'date', 'release_calendar'] }),
      listRows(api, 'sn_dpr_model_release_calendar', { query: 'ORDERBYname', fields: ['sys_id', 'name'] }),
    ]);
    return { targets, calendars };
  }, [api]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = outOfBand ? { outOfBand: true, releaseCalendar: calendar, releaseDate: date } : { releaseTarget: target };
    const { error, response } = await api.PUT(`${DPR}/release/{sysId}/retarget`, { params: { path: { sysId: val(release, 'sys_id') } }, body });
    setOutcome(error ? { ok: false, message: messageOf(error, response.status) } : { ok: true, message: 'Release retargeted' });
    if (!error) onDone();
  };
  return (
    <form onSubmit={submit} className="card form" aria-labelledby="retarget-title">
      <h2 id="retarget-title">Retarget</h2>
      <p className="muted">Current target: {disp(release, 'release_target') || 'none'}</p>
      <label className="check">
        <input type="checkbox" checked={outOfBand} onChange={(e) => setOutOfBand(e.target.checked)} /> Out-of-band date
      </label>
      {!outOfBand ? (
        <label>
          Readiness target
          <select value={target} onChange={(e) => setTarget(e.target.value)} required>
            <option value="">Choose…</option>
            {options.data?.targets.map((t) => (
              <option key={val(t, 'sys_id')} value={val(t, 'sys_id')}>
                {val(t, 'date')} · {disp(t, 'name')} ({disp(t, 'release_calendar')})
              </option>
            ))}
          </select>
        </label>
      ) : (
        <>
          <label>
            Calendar
            <select value={calendar} onChange={(e) => setCalendar(e.target.value)} required>
              <option value="">Choose…</option>
              {options.data?.calendars.map((c) => (
                <option key={val(c, 'sys_id')} value={val(c, 'sys_id')}>
                  {disp(c, 'name')}
                </option>
              ))}
            </select>
          </label>
          <label>
            Release date
            <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
          </label>
        </>
      )}
      <button type="submit">Retarget</button>
      <Notice outcome={outcome} />
    </form>
  );
}

const KEY_DATE_TYPES = { milestone: 'Milestone', deadline: 'Deadline', important_date: 'Important date', key_event: 'Key event' };

export function KeyDateForm({ session, releaseId, onDone }: { session: Session; releaseId: string; onDone: Done }) {
  const [name, setName] = useState('');
  const [type, setType] = useState('milestone');
  const [dueDate, setDueDate] = useState('');
  const [description, setDescription] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { data, error, response } = await session.api.POST(`${DPR}/release/{releaseId}/key_date`, {
      params: { path: { releaseId } },
      body: { name, type, dueDate, state: 'upcoming', description },
    });
    setOutcome(error || !data ? { ok: false, message: messageOf(error, response.status) } : { ok: true, message: data.result.message });
    if (data) {
      setName('');
      onDone();
    }
  };
  return (
    <form onSubmit={submit} className="card form" aria-labelledby="key-date-title">
      <h2 id="key-date-title">Add a key date</h2>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        Type
        <select value={type} onChange={(e) => setType(e.target.value)}>
          {Object.entries(KEY_DATE_TYPES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Due date
        <input type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} required />
      </label>
      <label>
        Description
        <input value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <button type="submit">Add key date</button>
      <Notice outcome={outcome} />
    </form>
  );
}
