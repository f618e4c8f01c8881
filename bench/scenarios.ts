import type { Fixtures } from './fixtures.ts';
import type { LoadSpec } from './load.ts';

export type Target = 'raw' | 'fastify' | 'dpr';

export interface Scenario {
  id: string;
  label: string;
  target: Target;
  spec: LoadSpec;
  /** Requests that use data up (completing phases): run exactly this many, not for a duration. */
  amount?: number;
  /** Bundle size, for the scaling table. */
  bundleSize?: number;
}

const DPR = '/api/sn_dpr/digital_product_release';
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

export interface Credentials {
  basic: string;
  bearer: string;
}

/** Every measured scenario, in the order they run (reads first, then writes, which grow the data). */
export function scenarios(f: Fixtures, auth: Credentials, runTag: string, options: { completePhaseAmount: number }): Scenario[] {
  const basic = { authorization: auth.basic, accept: 'application/json' };
  const bearer = { authorization: auth.bearer, accept: 'application/json' };
  const bundle = (size: number, aggregates: boolean, headers = basic): Scenario => ({
    id: `bundle-${size}${aggregates ? '-agg' : ''}${headers === bearer ? '-oauth' : ''}`,
    label: `GET bundle ${size}${aggregates ? ' +aggregates' : ''}${headers === bearer ? ' (OAuth)' : ''}`,
    target: 'dpr',
    bundleSize: size,
    spec: { method: 'GET', path: `${DPR}/bundle/${f.bundles.get(size)}${aggregates ? '?sendAggregation=true' : ''}`, headers },
  });
  let n = 0;
  let page = 0;
  const unique = () => `${runTag}-${++n}`;
  const list: Scenario[] = [
    { id: 'raw', label: 'raw node:http (fixed body)', target: 'raw', spec: { method: 'GET', path: '/bundle', headers: {} } },
    { id: 'fastify', label: 'Fastify (fixed body)', target: 'fastify', spec: { method: 'GET', path: '/bundle', headers: {} } },
    bundle(10, false),
    bundle(10, false, bearer),
    bundle(200, false),
    bundle(2000, false),
    bundle(10, true),
    bundle(200, true),
    bundle(2000, true),
    {
      id: 'policy-status',
      label: 'GET policies/status',
      target: 'dpr',
      spec: { method: 'GET', path: `${DPR}/releases/${f.statusReleaseId}/policies/status`, headers: basic },
    },
    {
      id: 'table-list',
      label: 'Table API list (query, page of 20)',
      target: 'dpr',
      spec: {
        method: 'GET',
        path: tableListPath(0),
        headers: basic,
        next: () => ({ path: tableListPath((page++ % 50) * 20) }),
      },
    },
    {
      id: 'post-release',
      label: 'POST release (5 phases × 10 tasks)',
      target: 'dpr',
      spec: {
        method: 'POST',
        path: `${DPR}/release`,
        headers: { ...basic, ...JSON_HEADERS },
        next: () => ({
          body: JSON.stringify({ name: `Bench Load ${unique()}`, productId: f.productId, releaseOwner: f.ownerId, templateId: f.templateId, releaseTarget: f.targetId }),
        }),
      },
    },
    {
      id: 'post-key-date',
      label: 'POST key_date',
      target: 'dpr',
      spec: {
        method: 'POST',
        path: `${DPR}/release/${f.keyDateRelease.sysId}/key_date`,
        headers: { ...basic, ...JSON_HEADERS },
        next: () => ({ body: JSON.stringify({ name: `Checkpoint ${unique()}`, type: 'milestone', state: 'upcoming', dueDate: f.keyDateRelease.to }) }),
      },
    },
  ];
  const ready = f.readyReleases.slice(0, options.completePhaseAmount);
  if (ready.length) {
    let i = 0;
    list.push({
      id: 'complete-phase',
      label: 'POST complete_phase',
      target: 'dpr',
      amount: ready.length,
      spec: { method: 'POST', path: `${DPR}/release_id/${ready[0]}/complete_phase`, headers: basic, next: () => ({ path: `${DPR}/release_id/${ready[i++ % ready.length]}/complete_phase` }) },
    });
  }
  return list;
}

function tableListPath(offset: number): string {
  const params = new URLSearchParams({
    sysparm_query: 'state=in_progress^nameSTARTSWITHBench Release^ORDERBYnumber',
    sysparm_limit: '20',
    sysparm_offset: String(offset),
    sysparm_fields: 'sys_id,number,name,state,product,planned_end_date',
  });
  return `/api/now/table/sn_dpr_model_release?${params}`;
}
