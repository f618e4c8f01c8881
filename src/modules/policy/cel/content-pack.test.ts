import { describe, expect, it } from 'vitest';
import { checkPolicy } from './check-policy.ts';
import { CONTENT_PACK, contentPackPolicy, type ContentPackPolicy } from './content-pack.ts';
import { evaluatePolicy, type PolicyEvaluation } from './evaluate-policy.ts';
import { buildParams, recordsToCel, type FieldTypes } from './to-cel-value.ts';
import type { PolicyContext } from './types.ts';

/** Column types as sys_dictionary reports them for the tables the policies read. */
const TASK: FieldTypes = {
  sys_id: 'string',
  number: 'string',
  short_description: 'string',
  state: 'integer',
  approval: 'string',
  need_approval: 'boolean',
  active: 'boolean',
  order: 'integer',
  phase: 'reference',
  release: 'reference',
  assigned_to: 'reference',
};
const CHANGE: FieldTypes = { sys_id: 'string', number: 'string', state: 'integer', active: 'boolean', short_description: 'string' };
const RELATED: FieldTypes = { sys_id: 'string', number: 'string', sys_class_name: 'string', priority: 'integer', active: 'boolean', state: 'integer' };
const ENHANCEMENT: FieldTypes = { sys_id: 'string', name: 'string', state: 'string', priority: 'string', release: 'reference' };
const ARTIFACT: FieldTypes = {
  sys_id: 'string',
  name: 'string',
  version: 'string',
  release: 'reference',
  code_coverage: 'decimal',
  tests_total: 'integer',
  tests_passed: 'integer',
  vulnerabilities_critical: 'integer',
  vulnerabilities_high: 'integer',
};

/** Records as the Table API renders them: every value a string, references as {link, value}. */
function task(number: string, state: string, extra: Record<string, unknown> = {}) {
  return {
    sys_id: `${number.toLowerCase()}00000000000000000000000`.slice(0, 32),
    number,
    short_description: `Work for ${number}`,
    state,
    approval: 'not requested',
    need_approval: 'false',
    active: state === '3' || state === '4' || state === '7' ? 'false' : 'true',
    order: '100',
    phase: { link: 'https://dpr.example/api/now/table/sn_dpr_model_release_phase/p1', value: 'p1' },
    assigned_to: '',
    ...extra,
  };
}

function pack(id: string): ContentPackPolicy {
  const policy = contentPackPolicy(id);
  if (!policy) throw new Error(`no content-pack policy ${id}`);
  return policy;
}

function run(id: string, context: PolicyContext, config?: Record<string, unknown>): PolicyEvaluation {
  const policy = pack(id);
  return evaluatePolicy(policy, { ...context, params: buildParams(policy.inputs, config) });
}

describe('content pack', () => {
  it('has unique ids and only valid expressions', () => {
    expect(new Set(CONTENT_PACK.map((p) => p.id)).size).toBe(CONTENT_PACK.length);
    for (const policy of CONTENT_PACK) expect(checkPolicy(policy), policy.id).toMatchObject({ ok: true, conditionType: 'bool', messageType: 'string' });
    expect(CONTENT_PACK.map((p) => p.id)).toEqual([
      'all_phase_tasks_closed',
      'all_approval_tasks_approved',
      'all_change_requests_are_closed_inactive',
      'no_open_critical_incidents',
      'all_enhancements_closed',
      'code_coverage_threshold',
      'test_pass_threshold',
      'no_critical_vulnerabilities',
    ]);
  });

  it('never hits an evaluation error on empty inputs with default params', () => {
    for (const policy of CONTENT_PACK) {
      const result = evaluatePolicy(policy, { params: buildParams(policy.inputs) });
      expect(result.executionOutput.error, policy.id).toBeUndefined();
      expect(result.executionOutput.messageError, policy.id).toBeUndefined();
    }
  });
});

describe('all_phase_tasks_closed', () => {
  it('is compliant when every task is closed complete, incomplete or skipped', () => {
    const tasks = recordsToCel([task('RTASK0001', '3'), task('RTASK0002', '4'), task('RTASK0003', '7')], TASK);
    expect(run('all_phase_tasks_closed', { tasks })).toMatchObject({ status: 'compliant', reason: 'All 3 tasks of the phase are closed' });
  });

  it('lists the open tasks otherwise', () => {
    const tasks = recordsToCel([task('RTASK0001', '3'), task('RTASK0002', '2'), task('RTASK0003', '-5'), task('RTASK0004', '1')], TASK);
    expect(run('all_phase_tasks_closed', { tasks })).toMatchObject({
      status: 'non_compliant',
      reason: '3 of 4 tasks of the phase are not closed: RTASK0002, RTASK0003, RTASK0004',
    });
  });

  it('counts a task without a state as open, and a phase without tasks as done', () => {
    const tasks = recordsToCel([task('RTASK0001', '')], TASK);
    expect(run('all_phase_tasks_closed', { tasks }).status).toBe('non_compliant');
    expect(run('all_phase_tasks_closed', { tasks: [] })).toMatchObject({ status: 'compliant', reason: 'The phase has no tasks' });
  });
});

describe('all_approval_tasks_approved', () => {
  it('is compliant when every approval task is approved', () => {
    const tasks = recordsToCel(
      [task('RTASK0001', '3', { need_approval: 'true', approval: 'approved' }), task('RTASK0002', '1', { need_approval: 'false', approval: 'requested' })],
      TASK,
    );
    expect(run('all_approval_tasks_approved', { tasks })).toMatchObject({ status: 'compliant', reason: 'All 1 approval tasks of the phase are approved' });
  });

  it('names the approval tasks still requested or rejected', () => {
    const tasks = recordsToCel(
      [
        task('RTASK0001', '1', { need_approval: 'true', approval: 'requested' }),
        task('RTASK0002', '1', { need_approval: 'true', approval: 'rejected' }),
        task('RTASK0003', '3', { need_approval: 'true', approval: 'approved' }),
        task('RTASK0004', '1', { need_approval: 'true', approval: '' }),
      ],
      TASK,
    );
    expect(run('all_approval_tasks_approved', { tasks })).toMatchObject({
      status: 'non_compliant',
      reason: '3 of 4 approval tasks of the phase are not approved: RTASK0001 (requested), RTASK0002 (rejected), RTASK0004 (not requested)',
    });
  });

  it('is compliant when the phase has no approval tasks', () => {
    const tasks = recordsToCel([task('RTASK0001', '1')], TASK);
    expect(run('all_approval_tasks_approved', { tasks })).toMatchObject({ status: 'compliant', reason: 'The phase has no approval tasks' });
  });
});

describe('all_change_requests_are_closed_inactive', () => {
  const cr = (number: string, state: string, active: string) => ({ sys_id: number, number, state, active, short_description: 'Deploy' });

  it('is compliant when every change request is closed, cancelled or inactive', () => {
    const changeRequests = recordsToCel([cr('CHG0001', '3', 'false'), cr('CHG0002', '4', 'false'), cr('CHG0003', '-1', 'false')], CHANGE);
    expect(run('all_change_requests_are_closed_inactive', { changeRequests })).toMatchObject({
      status: 'compliant',
      reason: 'All 3 change requests are closed or inactive',
    });
  });

  it('lists active change requests that are not closed', () => {
    const changeRequests = recordsToCel([cr('CHG0001', '3', 'false'), cr('CHG0002', '-1', 'true'), cr('CHG0003', '0', 'true')], CHANGE);
    expect(run('all_change_requests_are_closed_inactive', { changeRequests })).toMatchObject({
      status: 'non_compliant',
      reason: '2 of 3 change requests are still open: CHG0002, CHG0003',
    });
  });
});

describe('no_open_critical_incidents', () => {
  const rel = (number: string, cls: string, priority: string, active: string) => ({ sys_id: number, number, sys_class_name: cls, priority, active, state: '2' });

  it('ignores closed, lower-priority and non-incident related tasks', () => {
    const relatedTasks = recordsToCel(
      [rel('INC0001', 'incident', '1', 'false'), rel('INC0002', 'incident', '2', 'true'), rel('PRB0001', 'problem', '1', 'true')],
      RELATED,
    );
    expect(run('no_open_critical_incidents', { relatedTasks })).toMatchObject({
      status: 'compliant',
      reason: 'No open critical incidents are related to the release',
    });
  });

  it('reports active priority-1 incidents', () => {
    const relatedTasks = recordsToCel([rel('INC0001', 'incident', '1', 'true'), rel('INC0002', 'incident', '3', 'true')], RELATED);
    expect(run('no_open_critical_incidents', { relatedTasks })).toMatchObject({
      status: 'non_compliant',
      reason: '1 open critical incident(s) related to the release: INC0001',
    });
  });

  it('also recognises a priority stored as text', () => {
    const relatedTasks = recordsToCel([rel('INC0009', 'incident', '1', 'true')], { ...RELATED, priority: 'string' });
    expect(run('no_open_critical_incidents', { relatedTasks }).status).toBe('non_compliant');
  });
});

describe('all_enhancements_closed', () => {
  const enh = (name: string, state: string) => ({ sys_id: name, name, state, priority: 'medium', release: 'r1' });

  it('is compliant when every enhancement is closed complete, closed incomplete or cancelled', () => {
    const enhancements = recordsToCel([enh('Login', 'closed_complete'), enh('Export', 'closed_incomplete'), enh('Dark mode', 'cancelled')], ENHANCEMENT);
    expect(run('all_enhancements_closed', { enhancements })).toMatchObject({ status: 'compliant', reason: 'All 3 enhancements of the release are closed' });
  });

  it('lists open enhancements with their state', () => {
    const enhancements = recordsToCel([enh('Login', 'closed_complete'), enh('Export', 'work_in_progress'), enh('Search', 'open')], ENHANCEMENT);
    expect(run('all_enhancements_closed', { enhancements })).toMatchObject({
      status: 'non_compliant',
      reason: '2 of 3 enhancements are not closed: Export (work_in_progress), Search (open)',
    });
  });
});

describe('code_coverage_threshold', () => {
  const art = (name: string, coverage: string) => ({ sys_id: name, name, version: '1.0.0', code_coverage: coverage, tests_total: '', tests_passed: '' });

  it('compares the mean coverage of artifacts with data to the threshold (default 100)', () => {
    const artifacts = recordsToCel([art('api', '100'), art('ui', '100'), art('docs', '')], ARTIFACT);
    expect(run('code_coverage_threshold', { artifacts })).toMatchObject({
      status: 'compliant',
      reason: 'Mean code coverage is 100% over 2 artifact(s), meeting the 100% threshold',
    });
  });

  it('uses the mapping config over the default and reports the mean', () => {
    const artifacts = recordsToCel([art('api', '90'), art('ui', '76.67'), art('docs', '')], ARTIFACT);
    expect(run('code_coverage_threshold', { artifacts }, { minCodeCoverageThreshold: 80 })).toMatchObject({
      status: 'compliant',
      reason: 'Mean code coverage is 83.33% over 2 artifact(s), meeting the 80% threshold',
    });
    const below = run('code_coverage_threshold', { artifacts }, { minCodeCoverageThreshold: '85' });
    expect(below).toMatchObject({ status: 'non_compliant', reason: 'Mean code coverage is 83.33% over 2 artifact(s), below the 85% threshold' });
    expect(below.executionOutput.params).toEqual({ minCodeCoverageThreshold: '85' });
  });

  it('never rounds a mean up to the threshold', () => {
    const artifacts = recordsToCel([art('api', '99.999')], ARTIFACT);
    expect(run('code_coverage_threshold', { artifacts })).toMatchObject({ status: 'non_compliant', reason: expect.stringContaining('99.99%') as string });
  });

  it('is non-compliant without coverage data', () => {
    expect(run('code_coverage_threshold', { artifacts: recordsToCel([art('api', '')], ARTIFACT) })).toMatchObject({
      status: 'non_compliant',
      reason: 'None of the 1 artifacts has code coverage data, so code coverage cannot be verified',
    });
    expect(run('code_coverage_threshold', {})).toMatchObject({
      status: 'non_compliant',
      reason: 'The release has no artifacts, so code coverage cannot be verified',
    });
  });
});

describe('test_pass_threshold', () => {
  const art = (name: string, total: string, passed: string) => ({ sys_id: name, name, version: '2.1.0', tests_total: total, tests_passed: passed });

  it('compares passed/total over all artifacts with the threshold', () => {
    const artifacts = recordsToCel([art('api', '200', '200'), art('ui', '50', '50'), art('docs', '', '')], ARTIFACT);
    expect(run('test_pass_threshold', { artifacts })).toMatchObject({
      status: 'compliant',
      reason: 'Test pass rate is 100% (250 of 250 tests passed), meeting the 100% threshold',
    });
  });

  it('is non-compliant below the threshold', () => {
    const artifacts = recordsToCel([art('api', '200', '199'), art('ui', '100', '95')], ARTIFACT);
    expect(run('test_pass_threshold', { artifacts }, { minTestPassThreshold: 99 })).toMatchObject({
      status: 'non_compliant',
      reason: 'Test pass rate is 98% (294 of 300 tests passed), below the 99% threshold',
    });
    expect(run('test_pass_threshold', { artifacts }, { minTestPassThreshold: 98 }).status).toBe('compliant');
  });

  it('is non-compliant when no tests are recorded', () => {
    expect(run('test_pass_threshold', { artifacts: recordsToCel([art('api', '', '')], ARTIFACT) })).toMatchObject({
      status: 'non_compliant',
      reason: 'No test results are recorded for the release artifacts, so the test pass rate cannot be verified',
    });
  });
});

describe('no_critical_vulnerabilities', () => {
  const art = (name: string, version: string, critical: string, high: string) => ({
    sys_id: name,
    name,
    version,
    vulnerabilities_critical: critical,
    vulnerabilities_high: high,
  });

  it('is compliant when no artifact records critical or high vulnerabilities', () => {
    const artifacts = recordsToCel([art('api', '1.2.0', '0', '0'), art('ui', '3.0.1', '', '')], ARTIFACT);
    expect(run('no_critical_vulnerabilities', { artifacts })).toMatchObject({ status: 'compliant', reason: 'No critical or high vulnerabilities in 2 artifact(s)' });
  });

  it('counts critical and high vulnerabilities and names the artifacts', () => {
    const artifacts = recordsToCel([art('api', '1.2.0', '1', '2'), art('ui', '3.0.1', '0', '0'), art('worker', '', '', '4')], ARTIFACT);
    expect(run('no_critical_vulnerabilities', { artifacts })).toMatchObject({
      status: 'non_compliant',
      reason: '1 critical and 6 high vulnerabilities in 2 artifact(s): api 1.2.0, worker',
    });
  });
});
