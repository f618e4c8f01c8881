import { useState } from 'react';
import { disp, patchRow, val, type Row } from '../api/table';
import { CLOSED_TASK_STATES, label, PHASE_STATES, TASK_STATES } from '../labels';
import type { Session } from '../session';
import { Notice, type Outcome } from './notice';

/** Tasks of each phase with state and approval; release users may close and approve them. */
export function PhaseTasks({ session, phases, tasks, onChange }: { session: Session; phases: Row[]; tasks: Row[]; onChange: () => void }) {
  const { api, me } = session;
  const [outcome, setOutcome] = useState<Outcome>();
  const works = me.roles.includes('admin') || me.roles.includes('sn_dpr_model.release_user');
  const update = async (task: Row, body: Record<string, string>, done: string) => {
    try {
      await patchRow(api, 'sn_dpr_model_release_task', val(task, 'sys_id'), body);
      setOutcome({ ok: true, message: `${disp(task, 'number')} ${done}` });
      onChange();
    } catch (e) {
      setOutcome({ ok: false, message: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <section aria-labelledby="tasks-title" className="card">
      <h2 id="tasks-title">Tasks</h2>
      <Notice outcome={outcome} />
      {phases.map((phase) => {
        const own = tasks.filter((t) => val(t, 'phase') === val(phase, 'sys_id'));
        return (
          <div key={val(phase, 'sys_id')} className="table-wrap">
            <table className="list">
              <caption>
                {disp(phase, 'name')} <span className={`pill phase-${val(phase, 'state')}`}>{label(PHASE_STATES, val(phase, 'state'), disp(phase, 'state'))}</span>
              </caption>
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Task</th>
                  <th scope="col">State</th>
                  <th scope="col">Approval</th>
                  {works && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {own.length === 0 && (
                  <tr>
                    <td colSpan={works ? 5 : 4} className="muted">
                      No tasks
                    </td>
                  </tr>
                )}
                {own.map((t) => {
                  const closed = CLOSED_TASK_STATES.includes(val(t, 'state'));
                  const needsApproval = val(t, 'need_approval') === 'true' && val(t, 'approval') !== 'approved';
                  return (
                    <tr key={val(t, 'sys_id')}>
                      <td>{disp(t, 'number')}</td>
                      <td>{disp(t, 'short_description')}</td>
                      <td>{label(TASK_STATES, val(t, 'state'), disp(t, 'state'))}</td>
                      <td>{val(t, 'need_approval') === 'true' ? disp(t, 'approval') : 'Not needed'}</td>
                      {works && (
                        <td className="actions">
                          {needsApproval && (
                            <button type="button" className="small" onClick={() => update(t, { approval: 'approved' }, 'approved')}>
                              Approve <span className="sr-only">{disp(t, 'number')}</span>
                            </button>
                          )}
                          {!closed && (
                            <button type="button" className="small" onClick={() => update(t, { state: '3' }, 'closed')}>
                              Close <span className="sr-only">{disp(t, 'number')}</span>
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        );
      })}
    </section>
  );
}
