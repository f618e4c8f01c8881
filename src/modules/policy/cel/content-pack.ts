import type { JsonValue, PolicySource } from './types.ts';

/**
 * The shipped policies ("DPR Policy Content Pack", DOMAIN §4.2) as data, written in CEL over the
 * policy variables (CONTRACT §7). Ids reuse the platform's machine names where DOMAIN §4.2 gives
 * one; the others are ours.
 *
 * Conventions used throughout (see to-cel-value.ts for how records become CEL values):
 * - Numeric and JSON fields are absent when empty, so every numeric read is guarded by `has()`;
 *   a record without the field counts against compliance (e.g. a task without a state is open).
 * - `double()` normalises numbers whose type may vary (params typed by hand as int, double or
 *   string; coverage stored as int), because CEL has no implicit int/double arithmetic.
 * - `sum(list)` is our addition to CEL (cel-functions.ts).
 * - Messages list the offending records by number (or name) so the reason is actionable; long
 *   lists are cut by the evaluator's message length limit.
 */
export interface ContentPackPolicy extends PolicySource {
  /** Stable machine name. */
  id: string;
  name: string;
  description: string;
  /** Default config parameters (`sn_pace_policy.inputs`); the mapping's config overrides them. */
  inputs: Record<string, JsonValue>;
}

/** Platform task states counted as closed: 3 Closed Complete, 4 Closed Incomplete, 7 Closed Skipped. */
const TASK_CLOSED = 'has(t.state) && t.state in [3, 4, 7]';
const TASK_LABEL = '(has(t.number) && t.number != "" ? string(t.number) : "(no number)")';

const allPhaseTasksClosed: ContentPackPolicy = {
  id: 'all_phase_tasks_closed',
  name: 'All phase tasks are closed',
  description:
    'Every release task of the phase is closed: state 3 (Closed Complete), 4 (Closed Incomplete) or 7 (Closed Skipped). ' +
    'A phase without tasks complies.',
  condition: `tasks.all(t, ${TASK_CLOSED})`,
  message: `cel.bind(open, tasks.filter(t, !(${TASK_CLOSED})),
  size(open) == 0
    ? (size(tasks) == 0 ? "The phase has no tasks" : "All " + string(size(tasks)) + " tasks of the phase are closed")
    : string(size(open)) + " of " + string(size(tasks)) + " tasks of the phase are not closed: " + open.map(t, ${TASK_LABEL}).join(", "))`,
  inputs: {},
};

const APPROVAL_TASK = 'has(t.need_approval) && t.need_approval == true';
const APPROVED = 'has(t.approval) && t.approval == "approved"';

const allApprovalTasksApproved: ContentPackPolicy = {
  id: 'all_approval_tasks_approved',
  name: 'All approval tasks are approved',
  description: 'Every task of the phase that needs approval (need_approval true) has approval "approved".',
  condition: `tasks.filter(t, ${APPROVAL_TASK}).all(t, ${APPROVED})`,
  message: `cel.bind(approvals, tasks.filter(t, ${APPROVAL_TASK}),
  cel.bind(pending, approvals.filter(t, !(${APPROVED})),
    size(approvals) == 0
      ? "The phase has no approval tasks"
      : size(pending) == 0
        ? "All " + string(size(approvals)) + " approval tasks of the phase are approved"
        : string(size(pending)) + " of " + string(size(approvals)) + " approval tasks of the phase are not approved: "
          + pending.map(t, ${TASK_LABEL} + " (" + (has(t.approval) && t.approval != "" ? string(t.approval) : "not requested") + ")").join(", ")))`,
  inputs: {},
};

/**
 * Change requests: platform change states are -5 New … 0 Review, 3 Closed, 4 Canceled (7 is a
 * task state, kept so that task-like records count as closed too). A CR that is inactive counts as
 * closed whatever its state, as the platform's policy name says ("closed or inactive").
 */
const CR_CLOSED = '(has(c.active) && c.active == false) || (has(c.state) && c.state in [3, 4, 7])';

const allChangeRequestsClosed: ContentPackPolicy = {
  id: 'all_change_requests_are_closed_inactive',
  name: 'All change requests are closed or inactive',
  description: 'Every change request of the release is inactive or in state 3 (Closed), 4 (Canceled) or 7.',
  condition: `changeRequests.all(c, ${CR_CLOSED})`,
  message: `cel.bind(open, changeRequests.filter(c, !(${CR_CLOSED})),
  size(open) == 0
    ? (size(changeRequests) == 0 ? "The release has no change requests" : "All " + string(size(changeRequests)) + " change requests are closed or inactive")
    : string(size(open)) + " of " + string(size(changeRequests)) + " change requests are still open: "
      + open.map(c, has(c.number) && c.number != "" ? string(c.number) : "(no number)").join(", "))`,
  inputs: {},
};

/** Priority may be stored as an int (platform) or as its choice text; both are accepted. */
const OPEN_CRITICAL_INCIDENT =
  'has(t.sys_class_name) && t.sys_class_name == "incident" && has(t.priority) && (t.priority == 1 || t.priority == "1") && has(t.active) && t.active == true';

const noOpenCriticalIncidents: ContentPackPolicy = {
  id: 'no_open_critical_incidents',
  name: 'No open critical incidents',
  description: 'No related task of the release is an active incident with priority 1 (Critical).',
  condition: `!relatedTasks.exists(t, ${OPEN_CRITICAL_INCIDENT})`,
  message: `cel.bind(critical, relatedTasks.filter(t, ${OPEN_CRITICAL_INCIDENT}),
  size(critical) == 0
    ? "No open critical incidents are related to the release"
    : string(size(critical)) + " open critical incident(s) related to the release: " + critical.map(t, ${TASK_LABEL}).join(", "))`,
  inputs: {},
};

const ENHANCEMENT_CLOSED = 'has(e.state) && e.state in ["closed_complete", "closed_incomplete", "cancelled"]';

const allEnhancementsClosed: ContentPackPolicy = {
  id: 'all_enhancements_closed',
  name: 'All enhancements of the release are closed',
  description: 'Every product enhancement of the release is closed_complete, closed_incomplete or cancelled.',
  condition: `enhancements.all(e, ${ENHANCEMENT_CLOSED})`,
  message: `cel.bind(open, enhancements.filter(e, !(${ENHANCEMENT_CLOSED})),
  size(open) == 0
    ? (size(enhancements) == 0 ? "The release has no enhancements" : "All " + string(size(enhancements)) + " enhancements of the release are closed")
    : string(size(open)) + " of " + string(size(enhancements)) + " enhancements are not closed: "
      + open.map(e, (has(e.name) && e.name != "" ? string(e.name) : "(no name)") + " (" + (has(e.state) && e.state != "" ? string(e.state) : "no state") + ")").join(", "))`,
  inputs: {},
};

const COVERAGE = 'artifacts.filter(a, has(a.code_coverage)).map(a, double(a.code_coverage))';

const codeCoverageThreshold: ContentPackPolicy = {
  id: 'code_coverage_threshold',
  name: 'Code coverage exceeds threshold',
  description:
    'The mean code_coverage of the artifacts that have a value is at least minCodeCoverageThreshold (%). ' +
    'Artifacts without coverage data are ignored; with no coverage data at all the policy is non-compliant.',
  condition: `cel.bind(coverage, ${COVERAGE},
  size(coverage) > 0 && sum(coverage) / double(size(coverage)) >= double(params.minCodeCoverageThreshold))`,
  // Percentages are truncated to two decimals so the text never claims a threshold is met when it is not.
  message: `cel.bind(coverage, ${COVERAGE},
  size(coverage) == 0
    ? (size(artifacts) == 0
        ? "The release has no artifacts, so code coverage cannot be verified"
        : "None of the " + string(size(artifacts)) + " artifacts has code coverage data, so code coverage cannot be verified")
    : cel.bind(mean, sum(coverage) / double(size(coverage)),
        "Mean code coverage is " + string(double(int(mean * 100.0)) / 100.0) + "% over " + string(size(coverage))
        + " artifact(s), " + (compliant ? "meeting" : "below") + " the " + string(params.minCodeCoverageThreshold) + "% threshold"))`,
  inputs: { minCodeCoverageThreshold: 100 },
};

const TESTS_TOTAL = 'sum(artifacts.filter(a, has(a.tests_total)).map(a, a.tests_total))';
const TESTS_PASSED = 'sum(artifacts.filter(a, has(a.tests_passed)).map(a, a.tests_passed))';

const testPassThreshold: ContentPackPolicy = {
  id: 'test_pass_threshold',
  name: 'Test pass rate exceeds threshold',
  description:
    'sum(tests_passed) / sum(tests_total) over the artifacts, as a percentage, is at least minTestPassThreshold. ' +
    'With no tests recorded the policy is non-compliant.',
  condition: `cel.bind(total, ${TESTS_TOTAL}, cel.bind(passed, ${TESTS_PASSED},
  total > 0 && double(passed) * 100.0 / double(total) >= double(params.minTestPassThreshold)))`,
  message: `cel.bind(total, ${TESTS_TOTAL}, cel.bind(passed, ${TESTS_PASSED},
  total == 0
    ? "No test results are recorded for the release artifacts, so the test pass rate cannot be verified"
    : "Test pass rate is " + string(double(int(double(passed) * 10000.0 / double(total))) / 100.0) + "% ("
      + string(passed) + " of " + string(total) + " tests passed), " + (compliant ? "meeting" : "below")
      + " the " + string(params.minTestPassThreshold) + "% threshold"))`,
  inputs: { minTestPassThreshold: 100 },
};

const CRITICAL = '(has(a.vulnerabilities_critical) ? a.vulnerabilities_critical : 0)';
const HIGH = '(has(a.vulnerabilities_high) ? a.vulnerabilities_high : 0)';

/**
 * The platform counts blocker + critical + high + major; our artifact table records critical and
 * high only (CONTRACT §4), so those two are summed. No artifacts means no recorded vulnerability.
 */
const noCriticalVulnerabilities: ContentPackPolicy = {
  id: 'no_critical_vulnerabilities',
  name: 'No critical or high vulnerabilities found',
  description: 'The artifacts of the release record no critical and no high vulnerabilities (sum of both is 0).',
  condition: `sum(artifacts.map(a, ${CRITICAL} + ${HIGH})) == 0`,
  message: `cel.bind(affected, artifacts.filter(a, ${CRITICAL} + ${HIGH} > 0),
  size(affected) == 0
    ? (size(artifacts) == 0
        ? "The release has no artifacts; no critical or high vulnerabilities are recorded"
        : "No critical or high vulnerabilities in " + string(size(artifacts)) + " artifact(s)")
    : string(sum(artifacts.map(a, ${CRITICAL}))) + " critical and " + string(sum(artifacts.map(a, ${HIGH})))
      + " high vulnerabilities in " + string(size(affected)) + " artifact(s): "
      + affected.map(a, (has(a.name) && a.name != "" ? string(a.name) : "(no name)") + (has(a.version) && a.version != "" ? " " + string(a.version) : "")).join(", "))`,
  inputs: {},
};

export const CONTENT_PACK: readonly ContentPackPolicy[] = Object.freeze(
  [
    allPhaseTasksClosed,
    allApprovalTasksApproved,
    allChangeRequestsClosed,
    noOpenCriticalIncidents,
    allEnhancementsClosed,
    codeCoverageThreshold,
    testPassThreshold,
    noCriticalVulnerabilities,
  ].map((policy) => Object.freeze({ ...policy, inputs: Object.freeze({ ...policy.inputs }) })),
);

export function contentPackPolicy(id: string): ContentPackPolicy | undefined {
  return CONTENT_PACK.find((policy) => policy.id === id);
}
