/**
 * The DPR Policy Content Pack (DOMAIN §4.2) as shipped by migration 0003-policy-engine: a frozen
 * copy of `modules/policy/cel/content-pack.ts` at the time the migration landed. Migrations never
 * change once landed, so this copy does not follow later edits of the live module; a changed
 * policy ships in a new migration.
 */
export interface ShippedPolicy {
  /** Stable machine name (`sn_pace_policy.policy_id`); the sys_id is derived from it. */
  id: string;
  name: string;
  description: string;
  inputs: Record<string, number | string | boolean>;
  condition: string;
  message: string;
}

export const CONTENT_PACK_V1: readonly ShippedPolicy[] = [
  {
    id: 'all_phase_tasks_closed',
    name: 'All phase tasks are closed',
    description:
      'Every release task of the phase is closed: state 3 (Closed Complete), 4 (Closed Incomplete) or 7 (Closed Skipped). A phase without tasks complies.',
    inputs: {},
    condition: `tasks.all(t, has(t.state) && t.state in [3, 4, 7])`,
    message: `cel.bind(open, tasks.filter(t, !(has(t.state) && t.state in [3, 4, 7])),
  size(open) == 0
    ? (size(tasks) == 0 ? "The phase has no tasks" : "All " + string(size(tasks)) + " tasks of the phase are closed")
    : string(size(open)) + " of " + string(size(tasks)) + " tasks of the phase are not closed: " + open.map(t, (has(t.number) && t.number != "" ? string(t.number) : "(no number)")).join(", "))`,
  },
  {
    id: 'all_approval_tasks_approved',
    name: 'All approval tasks are approved',
    description:
      'Every task of the phase that needs approval (need_approval true) has approval "approved".',
    inputs: {},
    condition: `tasks.filter(t, has(t.need_approval) && t.need_approval == true).all(t, has(t.approval) && t.approval == "approved")`,
    message: `cel.bind(approvals, tasks.filter(t, has(t.need_approval) && t.need_approval == true),
  cel.bind(pending, approvals.filter(t, !(has(t.approval) && t.approval == "approved")),
    size(approvals) == 0
      ? "The phase has no approval tasks"
      : size(pending) == 0
        ? "All " + string(size(approvals)) + " approval tasks of the phase are approved"
        : string(size(pending)) + " of " + string(size(approvals)) + " approval tasks of the phase are not approved: "
          + pending.map(t, (has(t.number) && t.number != "" ? string(t.number) : "(no number)") + " (" + (has(t.approval) && t.approval != "" ? string(t.approval) : "not requested") + ")").join(", ")))`,
  },
  {
    id: 'all_change_requests_are_closed_inactive',
    name: 'All change requests are closed or inactive',
    description:
      'Every change request of the release is inactive or in state 3 (Closed), 4 (Canceled) or 7.',
    inputs: {},
    condition: `changeRequests.all(c, (has(c.active) && c.active == false) || (has(c.state) && c.state in [3, 4, 7]))`,
    message: `cel.bind(open, changeRequests.filter(c, !((has(c.active) && c.active == false) || (has(c.state) && c.state in [3, 4, 7]))),
  size(open) == 0
    ? (size(changeRequests) == 0 ? "The release has no change requests" : "All " + string(size(changeRequests)) + " change requests are closed or inactive")
    : string(size(open)) + " of " + string(size(changeRequests)) + " change requests are still open: "
      + open.map(c, has(c.number) && c.number != "" ? string(c.number) : "(no number)").join(", "))`,
  },
  {
    id: 'no_open_critical_incidents',
    name: 'No open critical incidents',
    description:
      'No related task of the release is an active incident with priority 1 (Critical).',
    inputs: {},
    condition: `!relatedTasks.exists(t, has(t.sys_class_name) && t.sys_class_name == "incident" && has(t.priority) && (t.priority == 1 || t.priority == "1") && has(t.active) && t.active == true)`,
    message: `cel.bind(critical, relatedTasks.filter(t, has(t.sys_class_name) && t.sys_class_name == "incident" && has(t.priority) && (t.priority == 1 || t.priority == "1") && has(t.active) && t.active == true),
  size(critical) == 0
    ? "No open critical incidents are related to the release"
    : string(size(critical)) + " open critical incident(s) related to the release: " + critical.map(t, (has(t.number) && t.number != "" ? string(t.number) : "(no number)")).join(", "))`,
  },
  {
    id: 'all_enhancements_closed',
    name: 'All enhancements of the release are closed',
    description:
      'Every product enhancement of the release is closed_complete, closed_incomplete or cancelled.',
    inputs: {},
    condition: `enhancements.all(e, has(e.state) && e.state in ["closed_complete", "closed_incomplete", "cancelled"])`,
    message: `cel.bind(open, enhancements.filter(e, !(has(e.state) && e.state in ["closed_complete", "closed_incomplete", "cancelled"])),
  size(open) == 0
    ? (size(enhancements) == 0 ? "The release has no enhancements" : "All " + string(size(enhancements)) + " enhancements of the release are closed")
    : string(size(open)) + " of " + string(size(enhancements)) + " enhancements are not closed: "
      + open.map(e, (has(e.name) && e.name != "" ? string(e.name) : "(no name)") + " (" + (has(e.state) && e.state != "" ? string(e.state) : "no state") + ")").join(", "))`,
  },
  {
    id: 'code_coverage_threshold',
    name: 'Code coverage exceeds threshold',
    description:
      'The mean code_coverage of the artifacts that have a value is at least minCodeCoverageThreshold (%). Artifacts without coverage data are ignored; with no coverage data at all the policy is non-compliant.',
    inputs: {"minCodeCoverageThreshold": 100},
    condition: `cel.bind(coverage, artifacts.filter(a, has(a.code_coverage)).map(a, double(a.code_coverage)),
  size(coverage) > 0 && sum(coverage) / double(size(coverage)) >= double(params.minCodeCoverageThreshold))`,
    message: `cel.bind(coverage, artifacts.filter(a, has(a.code_coverage)).map(a, double(a.code_coverage)),
  size(coverage) == 0
    ? (size(artifacts) == 0
        ? "The release has no artifacts, so code coverage cannot be verified"
        : "None of the " + string(size(artifacts)) + " artifacts has code coverage data, so code coverage cannot be verified")
    : cel.bind(mean, sum(coverage) / double(size(coverage)),
        "Mean code coverage is " + string(double(int(mean * 100.0)) / 100.0) + "% over " + string(size(coverage))
        + " artifact(s), " + (compliant ? "meeting" : "below") + " the " + string(params.minCodeCoverageThreshold) + "% threshold"))`,
  },
  {
    id: 'test_pass_threshold',
    name: 'Test pass rate exceeds threshold',
    description:
      'sum(tests_passed) / sum(tests_total) over the artifacts, as a percentage, is at least minTestPassThreshold. With no tests recorded the policy is non-compliant.',
    inputs: {"minTestPassThreshold": 100},
    condition: `cel.bind(total, sum(artifacts.filter(a, has(a.tests_total)).map(a, a.tests_total)), cel.bind(passed, sum(artifacts.filter(a, has(a.tests_passed)).map(a, a.tests_passed)),
  total > 0 && double(passed) * 100.0 / double(total) >= double(params.minTestPassThreshold)))`,
    message: `cel.bind(total, sum(artifacts.filter(a, has(a.tests_total)).map(a, a.tests_total)), cel.bind(passed, sum(artifacts.filter(a, has(a.tests_passed)).map(a, a.tests_passed)),
  total == 0
    ? "No test results are recorded for the release artifacts, so the test pass rate cannot be verified"
    : "Test pass rate is " + string(double(int(double(passed) * 10000.0 / double(total))) / 100.0) + "% ("
      + string(passed) + " of " + string(total) + " tests passed), " + (compliant ? "meeting" : "below")
      + " the " + string(params.minTestPassThreshold) + "% threshold"))`,
  },
  {
    id: 'no_critical_vulnerabilities',
    name: 'No critical or high vulnerabilities found',
    description:
      'The artifacts of the release record no critical and no high vulnerabilities (sum of both is 0).',
    inputs: {},
    condition: `sum(artifacts.map(a, (has(a.vulnerabilities_critical) ? a.vulnerabilities_critical : 0) + (has(a.vulnerabilities_high) ? a.vulnerabilities_high : 0))) == 0`,
    message: `cel.bind(affected, artifacts.filter(a, (has(a.vulnerabilities_critical) ? a.vulnerabilities_critical : 0) + (has(a.vulnerabilities_high) ? a.vulnerabilities_high : 0) > 0),
  size(affected) == 0
    ? (size(artifacts) == 0
        ? "The release has no artifacts; no critical or high vulnerabilities are recorded"
        : "No critical or high vulnerabilities in " + string(size(artifacts)) + " artifact(s)")
    : string(sum(artifacts.map(a, (has(a.vulnerabilities_critical) ? a.vulnerabilities_critical : 0)))) + " critical and " + string(sum(artifacts.map(a, (has(a.vulnerabilities_high) ? a.vulnerabilities_high : 0))))
      + " high vulnerabilities in " + string(size(affected)) + " artifact(s): "
      + affected.map(a, (has(a.name) && a.name != "" ? string(a.name) : "(no name)") + (has(a.version) && a.version != "" ? " " + string(a.version) : "")).join(", "))`,
  },
];
