import { useState } from 'react';
import { DPR, messageOf } from '../api/client';
import type { Session } from '../session';
import { useLoad } from '../use-load';
import { Notice, type Outcome } from './notice';

/** Per product, per policy: status, reason, last run; "Run policies" for those who may. */
export function CompliancePanel({ session, releaseId, onChange }: { session: Session; releaseId: string; onChange: () => void }) {
  const { api, me } = session;
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const status = useLoad(async () => {
    const { data, error, response } = await api.GET(`${DPR}/releases/{releaseId}/policies/status`, { params: { path: { releaseId } } });
    if (error || !data) throw new Error(messageOf(error, response.status));
    return data.result;
  }, [api, releaseId]);
  const run = async () => {
    setBusy(true);
    const { data, error, response } = await api.POST(`${DPR}/release/{releaseId}/policies/run`, { params: { path: { releaseId } }, body: {} });
    setBusy(false);
    setOutcome(error || !data ? { ok: false, message: messageOf(error, response.status) } : { ok: true, message: data.result.message || 'Policy run scheduled' });
    status.reload();
    onChange();
  };
  const summary = status.data?.overallSummary;
  return (
    <section aria-labelledby="compliance-title" className="card">
      <div className="card-head">
        <h2 id="compliance-title">Compliance</h2>
        {me.can.policyRun && (
          <button type="button" onClick={run} disabled={busy}>
            {busy ? 'Running…' : 'Run policies'}
          </button>
        )}
        <button type="button" className="secondary" onClick={status.reload}>
          Refresh
        </button>
      </div>
      <Notice outcome={outcome} />
      {status.error && <p role="alert" className="error">{status.error}</p>}
      {summary && (
        <p className="muted">
          Phase {summary.currentPhase || '—'}: {summary.compliantCount} of {summary.totalCount} compliant
          {summary.timestamp ? ` (as of ${summary.timestamp})` : ''}
        </p>
      )}
      {status.data?.products.map((product) => (
        <div key={product.productId} className="table-wrap">
          <table className="list">
            <caption>
              {product.productName} {product.productVersion}
            </caption>
            <thead>
              <tr>
                <th scope="col">Policy</th>
                <th scope="col">Status</th>
                <th scope="col">Reason</th>
                <th scope="col">Last run</th>
              </tr>
            </thead>
            <tbody>
              {product.policyExecutionDetails.map((p) => (
                <tr key={p.policyId}>
                  <td>{p.name}</td>
                  <td>
                    <span className={`pill policy-${p.status.toLowerCase().replace(/\W+/g, '-')}`}>{p.status}</span>
                  </td>
                  <td>{p.reason}</td>
                  <td>{p.lastRunAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {status.data && status.data.products.length === 0 && <p className="muted">No policies apply to this release.</p>}
    </section>
  );
}
