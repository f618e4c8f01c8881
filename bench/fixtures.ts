import { READY_MARKER, BENCH_NAMES, MEASURED_BUNDLES } from '../src/modules/seed/bench/bench-scale.ts';
import { call } from './load.ts';

/** The records the scenarios address, looked up through the Table API once the data is loaded. */
export interface Fixtures {
  bundles: Map<number, string>;
  templateId: string;
  productId: string;
  ownerId: string;
  targetId: string;
  /** A timeline release In Progress and its planned window (for key dates). */
  keyDateRelease: { sysId: string; from: string; to: string };
  statusReleaseId: string;
  /** Releases whose first phase is ready to complete (one `complete_phase` each). */
  readyReleases: string[];
  policyRelease: { sysId: string; phaseId: string };
}

export async function loadFixtures(url: string, auth: Record<string, string>, today: string): Promise<Fixtures> {
  const list = async (table: string, query: string, fields: string, limit = 1) => {
    const params = new URLSearchParams({ sysparm_query: query, sysparm_fields: fields, sysparm_limit: String(limit) });
    const { status, json } = await call(`${url}/api/now/table/${table}?${params}`, 'GET', auth);
    if (status !== 200) throw new Error(`Looking up ${table} (${query}) answered ${status}: ${JSON.stringify(json)}`);
    return json.result as Array<Record<string, string>>;
  };
  const one = async (table: string, query: string, fields = 'sys_id') => {
    const [row] = await list(table, query, fields);
    if (!row) throw new Error(`No ${table} matches ${query}: is the benchmark data set loaded?`);
    return row;
  };
  const bundles = new Map<number, string>();
  for (const size of MEASURED_BUNDLES) bundles.set(size, (await one('sn_dpr_model_release_bundle', `name=${BENCH_NAMES.bundle(size)}`)).sys_id);
  const keyDate = await one(
    'sn_dpr_model_release',
    `state=in_progress^description!=${READY_MARKER}^nameSTARTSWITHBench Release^planned_end_date>=${today}^ORDERBYnumber`,
    'sys_id,planned_start_date,planned_end_date',
  );
  const policy = await one('sn_dpr_model_release', `name=${BENCH_NAMES.policyRelease}`, 'sys_id,current_phase');
  return {
    bundles,
    templateId: (await one('sn_dpr_model_release_template', `name=${BENCH_NAMES.timelineTemplate}`)).sys_id,
    productId: (await one('cmdb_application_product_model', `name=${BENCH_NAMES.product(0)}`)).sys_id,
    ownerId: (await one('sys_user', `user_name=${BENCH_NAMES.owner(0)}`)).sys_id,
    targetId: (await one('sn_dpr_model_release_target', 'ORDERBYDESCdate')).sys_id,
    keyDateRelease: { sysId: keyDate.sys_id, from: keyDate.planned_start_date > today ? keyDate.planned_start_date : today, to: keyDate.planned_end_date },
    statusReleaseId: (await one('sn_dpr_model_release', `state=in_progress^nameSTARTSWITHBench Release^ORDERBYnumber`)).sys_id,
    readyReleases: (await list('sn_dpr_model_release', `state=in_progress^description=${READY_MARKER}^ORDERBYnumber`, 'sys_id', 100_000)).map((r) => r.sys_id),
    policyRelease: { sysId: policy.sys_id, phaseId: typeof policy.current_phase === 'object' ? (policy.current_phase as any).value : policy.current_phase },
  };
}
