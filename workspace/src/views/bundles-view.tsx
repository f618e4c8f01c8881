import { DPR, messageOf } from '../api/client';
import { disp, listRows, val } from '../api/table';
import { label, RELEASE_STATES } from '../labels';
import { BarChart } from '../components/bar-chart';
import { go } from '../route';
import type { Session } from '../session';
import { useLoad } from '../use-load';

/** A release bundle: its releases and its aggregates (`GET bundle/{sysId}?sendAggregation=true`) as charts. */
export function BundlesView({ session, bundleId }: { session: Session; bundleId?: string }) {
  const { api } = session;
  const bundles = useLoad(() => listRows(api, 'sn_dpr_model_release_bundle', { query: 'ORDERBYname', fields: ['sys_id', 'name', 'state'] }), [api]);
  const selected = bundleId ?? (bundles.data?.[0] ? val(bundles.data[0], 'sys_id') : undefined);
  const detail = useLoad(async () => {
    if (!selected) return undefined;
    const { data, error, response } = await api.GET(`${DPR}/bundle/{sysId}`, { params: { path: { sysId: selected }, query: { sendAggregation: 'true' } } });
    if (error || !data) throw new Error(messageOf(error, response.status));
    const releases = data.releases.list.length
      ? await listRows(api, 'sn_dpr_model_release', { query: `sys_idIN${data.releases.list.join(',')}^ORDERBYname`, fields: ['sys_id', 'number', 'name', 'state', 'readiness_date'] })
      : [];
    return { bundle: data, releases };
  }, [api, selected]);
  const agg = detail.data?.bundle.aggregates;
  return (
    <section aria-labelledby="bundles-title">
      <h1 id="bundles-title">Bundles</h1>
      <div className="toolbar">
        <label>
          Release bundle
          <select value={selected ?? ''} onChange={(e) => go(`/bundles/${e.target.value}`)}>
            {bundles.data?.map((b) => (
              <option key={val(b, 'sys_id')} value={val(b, 'sys_id')}>
                {disp(b, 'name')}
              </option>
            ))}
          </select>
        </label>
      </div>
      {(bundles.error || detail.error) && <p role="alert" className="error">{bundles.error || detail.error}</p>}
      {bundles.data?.length === 0 && <p className="muted">No release bundles yet.</p>}
      {detail.data && (
        <>
          <p className="muted">
            Owner {detail.data.bundle.owner || '—'} · {detail.data.bundle.releases.count} release(s)
          </p>
          {agg && (
            <div className="charts">
              <BarChart title="Releases by state" data={agg.releaseAggregate} />
              <BarChart title="Tasks: approved vs not" data={{ Approved: agg.taskAggregate.approval, 'Not approved': agg.taskAggregate.nonApproval }} />
              <BarChart title="Policies: executed vs pending" data={agg.policyAggregate} />
              <BarChart title="Enhancements: open vs closed" data={agg.enhancementAggregate} />
            </div>
          )}
          <div className="table-wrap">
            <table className="list">
              <caption>Releases of the bundle</caption>
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Name</th>
                  <th scope="col">State</th>
                  <th scope="col">Readiness</th>
                </tr>
              </thead>
              <tbody>
                {detail.data.releases.map((r) => (
                  <tr key={val(r, 'sys_id')}>
                    <td>{disp(r, 'number')}</td>
                    <td>
                      <a href={`#/releases/${val(r, 'sys_id')}`}>{disp(r, 'name')}</a>
                    </td>
                    <td>{label(RELEASE_STATES, val(r, 'state'), disp(r, 'state'))}</td>
                    <td>{val(r, 'readiness_date')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
