import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_PACK, checkPolicy } from '../../src/modules/policy/cel/index.ts';
import { contentPackSysId } from '../../src/platform/db/migrations/0003-policy-engine/index.ts';
import { CONTENT_PACK_V1 } from '../../src/platform/db/migrations/0003-policy-engine/policies.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type World } from '../support/fixtures.ts';
import type { TestServer } from '../support/server.ts';
import { byName, createPolicyTemplate, createRelease, db, finishCurrentPhaseTasks, insert, runAndReport, startPolicyServer } from './policy-world.ts';

describe('content pack migration data', () => {
  it('is a valid copy of the shipped pack', () => {
    expect(CONTENT_PACK_V1.map((p) => [p.id, p.name])).toEqual(CONTENT_PACK.map((p) => [p.id, p.name]));
    for (const policy of CONTENT_PACK_V1) expect(checkPolicy(policy), policy.id).toMatchObject({ ok: true, conditionType: 'bool', messageType: 'string' });
  });
});

describe.each(DIALECTS)('content pack through real runs (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  let template: string;

  /** Links a task record of `table` to the release as a related task. */
  const relate = async (releaseId: string, table: string, values: Record<string, unknown>) => {
    const task = await insert(server, table, { short_description: `${table} for the release`, ...values });
    await insert(server, 'sn_dpr_model_release_related_task_m2m', { release: releaseId, task: task.sys_id });
    return String(task.number);
  };

  /** The column lists of `table`'s indexes, in index order. */
  const indexColumns = async (table: string): Promise<string[][]> => {
    if (dialect === 'sqlite') {
      const list = await sql<{ name: string }>`select name from pragma_index_list(${table})`.execute(db(server));
      const out: string[][] = [];
      for (const { name } of list.rows) {
        const info = await sql<{ name: string }>`select name from pragma_index_info(${name}) order by seqno`.execute(db(server));
        out.push(info.rows.map((r) => r.name));
      }
      return out;
    }
    const rows = await sql<{ columns: string[] }>`
      select array(select a.attname from unnest(i.indkey) with ordinality as k(attnum, n)
                   join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum order by k.n)::text[] as columns
      from pg_index i where i.indrelid = to_regclass(${table})`.execute(db(server));
    return rows.rows.map((r) => r.columns);
  };

  beforeAll(async () => {
    server = await startPolicyServer(dialect);
    world = await createWorld(server);
    const rows = await db(server).selectFrom('sn_pace_policy').selectAll().where('policy_id', 'is not', null).orderBy('name').execute();
    template = await createPolicyTemplate(
      server,
      world,
      rows.map((p) => ({ policy: String(p.sys_id), config: p.policy_id === 'code_coverage_threshold' ? { minCodeCoverageThreshold: 80 } : undefined })),
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  it('ships every policy of the pack, active, under a stable sys_id', async () => {
    const rows = await db(server).selectFrom('sn_pace_policy').selectAll().where('policy_id', 'is not', null).execute();
    expect(rows.map((r) => r.policy_id).sort()).toEqual(CONTENT_PACK.map((p) => p.id).sort());
    for (const row of rows) {
      const shipped = CONTENT_PACK_V1.find((p) => p.id === row.policy_id)!;
      expect(row).toMatchObject({
        sys_id: contentPackSysId(shipped.id),
        name: shipped.name,
        active: 1,
        condition: shipped.condition,
        message: shipped.message,
        sys_created_by: 'system',
      });
      expect(JSON.parse(String(row.inputs))).toEqual(shipped.inputs);
    }
    expect(contentPackSysId('code_coverage_threshold')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('serves every lookup a policy run makes from an index (no duplicate indexes)', async () => {
    const lookups: Array<[table: string, columns: string[]]> = [
      ['sn_pace_policy_mapping', ['phase', 'state']],
      ['sn_pace_policy_mapping', ['release']],
      ['sn_dpr_policy_exception', ['mapping', 'state']],
      ['sn_dpr_model_release', ['parent']],
      ['task', ['release']],
      ['sn_dpr_model_release_key_date', ['release']],
      ['sn_dpr_model_product_enhancement', ['release']],
      ['sn_dpr_model_release_artifact', ['release']],
    ];
    for (const [table, columns] of lookups) {
      const indexes = await indexColumns(table);
      const leading = indexes.filter((index) => columns.every((c, i) => index[i] === c));
      expect(leading, `${table}(${columns.join(', ')})`).toHaveLength(1);
    }
  });

  it('finds each policy non-compliant on a release that breaks it', async () => {
    const id = await createRelease(server, world, template);
    const change = await relate(id, 'change_request', { state: 1 });
    const incident = await relate(id, 'incident', { priority: 1 });
    await insert(server, 'sn_dpr_model_product_enhancement', { name: 'Instant refunds', product: world.products.payments, release: id, state: 'work_in_progress' });
    await insert(server, 'sn_dpr_model_release_artifact', {
      release: id,
      name: 'payments-api',
      version: '2.5.0',
      code_coverage: 70.5,
      tests_total: 200,
      tests_passed: 180,
      vulnerabilities_critical: 1,
      vulnerabilities_high: 2,
    });
    const result = await runAndReport(server, world, id);
    const [product] = result.products;
    expect(product.summary).toEqual({ compliant: false, compliantCount: 0, nonCompliantCount: 8, totalCount: 8 });
    const d = byName(product);
    const reasons = Object.fromEntries(Object.entries(d).map(([name, detail]) => [name, [detail.status, detail.reason]]));
    expect(reasons).toEqual({
      'All phase tasks are closed': ['non_compliant', expect.stringMatching(/^2 of 2 tasks of the phase are not closed: RTSK\d{7}, RTSK\d{7}$/)],
      'All approval tasks are approved': ['non_compliant', expect.stringMatching(/^1 of 1 approval tasks of the phase are not approved: RTSK\d{7} \(not requested\)$/)],
      'All change requests are closed or inactive': ['non_compliant', `1 of 1 change requests are still open: ${change}`],
      'No open critical incidents': ['non_compliant', `1 open critical incident(s) related to the release: ${incident}`],
      'All enhancements of the release are closed': ['non_compliant', '1 of 1 enhancements are not closed: Instant refunds (work_in_progress)'],
      'Code coverage exceeds threshold': ['non_compliant', 'Mean code coverage is 70.5% over 1 artifact(s), below the 80% threshold'],
      'Test pass rate exceeds threshold': ['non_compliant', 'Test pass rate is 90% (180 of 200 tests passed), below the 100% threshold'],
      'No critical or high vulnerabilities found': ['non_compliant', '1 critical and 2 high vulnerabilities in 1 artifact(s): payments-api 2.5.0'],
    });
  });

  it('finds each policy compliant on a release that satisfies it', async () => {
    const id = await createRelease(server, world, template);
    await finishCurrentPhaseTasks(server, world, id);
    await relate(id, 'change_request', { state: 3 });
    await relate(id, 'change_request', { state: 1, active: false });
    await relate(id, 'incident', { priority: 3 });
    await relate(id, 'incident', { priority: 1, active: false });
    await insert(server, 'sn_dpr_model_product_enhancement', { name: 'Faster payouts', product: world.products.payments, release: id, state: 'closed_complete' });
    await insert(server, 'sn_dpr_model_product_enhancement', { name: 'Dropped idea', product: world.products.payments, release: id, state: 'cancelled' });
    await insert(server, 'sn_dpr_model_release_artifact', { release: id, name: 'payments-api', code_coverage: 85, tests_total: 120, tests_passed: 120 });
    await insert(server, 'sn_dpr_model_release_artifact', { release: id, name: 'payments-ui', code_coverage: 91, tests_total: 30, tests_passed: 30 });
    // A release that is not this one does not count against it.
    const other = await createRelease(server, world, template);
    await relate(other, 'incident', { priority: 1 });

    const result = await runAndReport(server, world, id);
    const [product] = result.products;
    const reasons = Object.fromEntries(Object.entries(byName(product)).map(([name, detail]) => [name, [detail.status, detail.reason]]));
    expect(reasons).toEqual({
      'All phase tasks are closed': ['compliant', 'All 2 tasks of the phase are closed'],
      'All approval tasks are approved': ['compliant', 'All 1 approval tasks of the phase are approved'],
      'All change requests are closed or inactive': ['compliant', 'All 2 change requests are closed or inactive'],
      'No open critical incidents': ['compliant', 'No open critical incidents are related to the release'],
      'All enhancements of the release are closed': ['compliant', 'All 2 enhancements of the release are closed'],
      'Code coverage exceeds threshold': ['compliant', 'Mean code coverage is 88% over 2 artifact(s), meeting the 80% threshold'],
      'Test pass rate exceeds threshold': ['compliant', 'Test pass rate is 100% (150 of 150 tests passed), meeting the 100% threshold'],
      'No critical or high vulnerabilities found': ['compliant', 'No critical or high vulnerabilities in 2 artifact(s)'],
    });
    expect(result.overallSummary).toMatchObject({ compliant: true, compliantCount: 8, nonCompliantCount: 0, totalCount: 8 });
    // What the policies read is recorded: the typed CEL inputs' sizes and the merged params.
    const coverage = byName(product)['Code coverage exceeds threshold'];
    expect(JSON.parse(coverage.executionOutput)).toMatchObject({
      result: true,
      params: { minCodeCoverageThreshold: 80 },
      inputSizes: { tasks: 2, allTasks: 3, relatedTasks: 4, changeRequests: 2, enhancements: 2, artifacts: 2, keyDates: 0 },
    });
    // The gate then lets the phase close.
    const done = await server.request('POST', `/api/sn_dpr/digital_product_release/release_id/${id}/complete_phase`, { auth: world.as('rc') });
    expect(done.status, done.text).toBe(201);
  });
});

