import { useState } from 'react';
import { disp, getRow, listRows, val } from '../api/table';
import { CompliancePanel } from '../components/compliance-panel';
import { PhaseTasks } from '../components/phase-tasks';
import { CompletePhaseButton, KeyDateForm, RetargetForm } from '../components/release-actions';
import { Timeline } from '../components/timeline';
import { label, RELEASE_STATES } from '../labels';
import type { Session } from '../session';
import { useLoad } from '../use-load';

/** One release: timeline, tasks per phase, key dates, related tasks, compliance and actions. */
export function ReleasePage({ session, releaseId }: { session: Session; releaseId: string }) {
  const { api, me } = session;
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((v) => v + 1);
  const data = useLoad(async () => {
    const byRelease = `release=${releaseId}`;
    const [release, phases, tasks, keyDates, related] = await Promise.all([
      getRow(api, 'sn_dpr_model_release', releaseId),
      listRows(api, 'sn_dpr_model_release_phase', { query: `${byRelease}^ORDERBYorder` }),
      listRows(api, 'sn_dpr_model_release_task', {
        query: `${byRelease}^ORDERBYorder`,
        fields: ['sys_id', 'number', 'short_description', 'state', 'approval', 'need_approval', 'phase'],
      }),
      listRows(api, 'sn_dpr_model_release_key_date', { query: `${byRelease}^ORDERBYdue_date` }),
      listRows(api, 'sn_dpr_model_release_related_task_m2m', { query: byRelease, fields: ['sys_id', 'task', 'task.short_description', 'task.state', 'task.sys_class_name'] }),
    ]);
    return { release, phases, tasks, keyDates, related };
  }, [api, releaseId, version]);

  if (data.error) return <p role="alert" className="error">{data.error}</p>;
  if (!data.data) return <p aria-live="polite">Loading…</p>;
  const { release, phases, tasks, keyDates, related } = data.data;
  const current = phases.find((p) => val(p, 'sys_id') === val(release, 'current_phase'));
  return (
    <article aria-labelledby="release-title">
      <p>
        <a href="#/releases">← Releases</a>
      </p>
      <header className="release-head">
        <h1 id="release-title">
          {disp(release, 'name')} <span className="muted">{disp(release, 'number')}</span>
        </h1>
        <dl className="facts">
          <div>
            <dt>State</dt>
            <dd>
              <span className={`pill state-${val(release, 'state')}`}>{label(RELEASE_STATES, val(release, 'state'), disp(release, 'state'))}</span>
            </dd>
          </div>
          <div>
            <dt>Current phase</dt>
            <dd>{current ? disp(current, 'name') : '—'}</dd>
          </div>
          <div>
            <dt>Product</dt>
            <dd>{disp(release, 'product') || '—'}</dd>
          </div>
          <div>
            <dt>Owner</dt>
            <dd>{disp(release, 'owner') || '—'}</dd>
          </div>
          <div>
            <dt>Target</dt>
            <dd>{disp(release, 'release_target') || '—'}</dd>
          </div>
          <div>
            <dt>Readiness date</dt>
            <dd>{val(release, 'readiness_date') || '—'}</dd>
          </div>
        </dl>
        <CompletePhaseButton session={session} releaseId={releaseId} onDone={changed} />
      </header>
      <section aria-labelledby="timeline-heading" className="card">
        <h2 id="timeline-heading">Timeline</h2>
        <Timeline release={release} phases={phases} keyDates={keyDates} today={me.today} />
      </section>
      <CompliancePanel session={session} releaseId={releaseId} onChange={changed} />
      <PhaseTasks session={session} phases={phases} tasks={tasks} onChange={changed} />
      <div className="columns">
        <section aria-labelledby="key-dates-title" className="card">
          <h2 id="key-dates-title">Key dates</h2>
          <ul className="plain">
            {keyDates.map((k) => (
              <li key={val(k, 'sys_id')}>
                <strong>{val(k, 'due_date')}</strong> {disp(k, 'name')} <span className="muted">({disp(k, 'type')}, {disp(k, 'state')})</span>
              </li>
            ))}
            {keyDates.length === 0 && <li className="muted">None</li>}
          </ul>
        </section>
        <section aria-labelledby="related-title" className="card">
          <h2 id="related-title">Related tasks</h2>
          <ul className="plain">
            {related.map((r) => (
              <li key={val(r, 'sys_id')}>
                <strong>{disp(r, 'task')}</strong> {disp(r, 'task.short_description')} <span className="muted">({disp(r, 'task.state')})</span>
              </li>
            ))}
            {related.length === 0 && <li className="muted">None</li>}
          </ul>
        </section>
      </div>
      <div className="columns">
        {me.can.keyDate && <KeyDateForm session={session} releaseId={releaseId} onDone={changed} />}
        {me.can.retarget && <RetargetForm session={session} release={release} onDone={changed} />}
      </div>
    </article>
  );
}
