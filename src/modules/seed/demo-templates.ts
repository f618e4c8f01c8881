export type TemplateKey = 'standard' | 'service' | 'stage';

export interface DemoTemplateTask {
  name: string;
  description: string;
  needApproval?: boolean;
}

export interface DemoTemplateKeyDate {
  name: string;
  type: 'deadline' | 'important_date' | 'key_event' | 'milestone';
  offsetDays: number;
  offsetFrom: 'start' | 'end';
  description: string;
}

export interface DemoTemplatePhase {
  name: string;
  /** Working days (timeline templates); 0 for stage templates, which have no durations. */
  duration: number;
  readiness?: boolean;
  description: string;
  tasks: DemoTemplateTask[];
  keyDates?: DemoTemplateKeyDate[];
  /** Policies (by machine name) mapped to the phase, with the mapping's config overrides. */
  policies?: Array<{ id: string; config?: Record<string, number> }>;
}

export interface DemoTemplate {
  key: TemplateKey;
  name: string;
  shortDescription: string;
  processType: 'timeline' | 'stage';
  validatesVersion: boolean;
  /** Timeline templates work on the holiday schedule's working days. */
  usesHolidaySchedule: boolean;
  phases: DemoTemplatePhase[];
}

/** Release templates: two timeline processes (exactly one readiness phase each) and one stage process. */
export const DEMO_TEMPLATES: readonly DemoTemplate[] = [
  {
    key: 'standard',
    name: 'Standard Application Release',
    shortDescription: 'Eight-week release process for customer-facing applications, with QA and CAB gates',
    processType: 'timeline',
    validatesVersion: true,
    usesHolidaySchedule: true,
    phases: [
      {
        name: 'Planning',
        duration: 5,
        description: 'Agree scope, capacity and risks for the version',
        tasks: [
          { name: 'Confirm release scope', description: 'Review the enhancements planned for the version with the product team' },
          { name: 'Review capacity plan', description: 'Check team capacity and dependencies against the scope' },
          { name: 'Scope sign-off', description: 'Product owner approves the final scope', needApproval: true },
        ],
        policies: [{ id: 'all_approval_tasks_approved' }],
      },
      {
        name: 'Development',
        duration: 15,
        description: 'Build and review the planned changes',
        tasks: [
          { name: 'Complete feature development', description: 'All planned stories are implemented and merged' },
          { name: 'Peer review of all changes', description: 'Every merge request has an approved code review' },
          { name: 'Update API documentation', description: 'Public API changes are documented in the developer portal' },
        ],
        keyDates: [{ name: 'Feature freeze', type: 'deadline', offsetDays: 0, offsetFrom: 'end', description: 'No new features after this date' }],
        policies: [{ id: 'all_phase_tasks_closed' }],
      },
      {
        name: 'Testing',
        duration: 10,
        description: 'Regression, performance and security testing of the release candidate',
        tasks: [
          { name: 'Run regression suite', description: 'Full automated regression on the release candidate' },
          { name: 'Performance testing', description: 'Load test at 2x peak traffic' },
          { name: 'Security scan', description: 'SAST, dependency and container scans with no critical findings' },
          { name: 'QA sign-off', description: 'QA lead approves the release candidate', needApproval: true },
        ],
        keyDates: [
          { name: 'Code freeze', type: 'deadline', offsetDays: 0, offsetFrom: 'start', description: 'Only release-blocking fixes after this date' },
          { name: 'QA sign-off due', type: 'milestone', offsetDays: 0, offsetFrom: 'end', description: 'QA approval of the release candidate' },
        ],
        policies: [
          { id: 'code_coverage_threshold', config: { minCodeCoverageThreshold: 80 } },
          { id: 'test_pass_threshold', config: { minTestPassThreshold: 95 } },
          { id: 'no_critical_vulnerabilities' },
        ],
      },
      {
        name: 'Release Readiness',
        duration: 5,
        readiness: true,
        description: 'Release notes, change approval and the go/no-go decision',
        tasks: [
          { name: 'Prepare release notes', description: 'Customer-facing and internal release notes are published' },
          { name: 'Change advisory board approval', description: 'CAB approves the production change', needApproval: true },
          { name: 'Go/no-go decision', description: 'Release owner confirms readiness', needApproval: true },
        ],
        keyDates: [{ name: 'Go/no-go meeting', type: 'key_event', offsetDays: 1, offsetFrom: 'end', description: 'Final readiness review with all stakeholders' }],
        policies: [
          { id: 'all_approval_tasks_approved' },
          { id: 'no_open_critical_incidents' },
          { id: 'all_enhancements_closed' },
          { id: 'max_open_incidents', config: { maxOpenIncidents: 1 } },
        ],
      },
      {
        name: 'Deployment',
        duration: 3,
        description: 'Production rollout and verification',
        tasks: [
          { name: 'Deploy to production', description: 'Roll out through the staged deployment pipeline' },
          { name: 'Post-deployment verification', description: 'Smoke tests and dashboards checked after rollout' },
        ],
        keyDates: [{ name: 'Production deployment', type: 'milestone', offsetDays: 0, offsetFrom: 'start', description: 'Rollout to production starts' }],
        policies: [{ id: 'all_change_requests_are_closed_inactive' }],
      },
    ],
  },
  {
    key: 'service',
    name: 'Service Change Release',
    shortDescription: 'Four-week release process for back-end services',
    processType: 'timeline',
    validatesVersion: false,
    usesHolidaySchedule: true,
    phases: [
      {
        name: 'Design',
        duration: 3,
        description: 'Technical design and review',
        tasks: [
          { name: 'Write technical design', description: 'Design document covering API, data and rollout changes' },
          { name: 'Architecture review', description: 'Architecture board approves the design', needApproval: true },
        ],
        policies: [{ id: 'all_approval_tasks_approved' }],
      },
      {
        name: 'Build',
        duration: 8,
        description: 'Implementation and integration',
        tasks: [
          { name: 'Implement changes', description: 'Code complete on the release branch' },
          { name: 'Update runbooks', description: 'Operations runbooks reflect the new behaviour' },
        ],
        policies: [{ id: 'all_phase_tasks_closed' }],
      },
      {
        name: 'Validate',
        duration: 5,
        readiness: true,
        description: 'Integration testing and change approval',
        tasks: [
          { name: 'Integration testing', description: 'Contract and end-to-end tests against dependent services' },
          { name: 'Change approval', description: 'Change manager approves the production change', needApproval: true },
        ],
        keyDates: [{ name: 'Change advisory board', type: 'key_event', offsetDays: 2, offsetFrom: 'start', description: 'CAB review of the production change' }],
        policies: [{ id: 'test_pass_threshold', config: { minTestPassThreshold: 90 } }, { id: 'no_open_critical_incidents' }],
      },
      {
        name: 'Rollout',
        duration: 2,
        description: 'Canary and full production rollout',
        tasks: [
          { name: 'Canary deployment', description: '5% of traffic for two hours with automatic rollback' },
          { name: 'Full rollout', description: 'Remaining regions, then close the change' },
        ],
        keyDates: [{ name: 'Production rollout', type: 'milestone', offsetDays: 0, offsetFrom: 'start', description: 'Canary starts in production' }],
        policies: [{ id: 'all_change_requests_are_closed_inactive' }],
      },
    ],
  },
  {
    key: 'stage',
    name: 'Continuous Delivery Stages',
    shortDescription: 'Stage-gated release for services shipped continuously',
    processType: 'stage',
    validatesVersion: false,
    usesHolidaySchedule: false,
    phases: [
      {
        name: 'Build',
        duration: 0,
        description: 'Build and unit test',
        tasks: [
          { name: 'Merge release branch', description: 'All changes merged and tagged' },
          { name: 'Publish build artifacts', description: 'Images pushed to the registry and signed' },
        ],
        policies: [{ id: 'all_phase_tasks_closed' }],
      },
      {
        name: 'Test',
        duration: 0,
        description: 'Automated test stages',
        tasks: [
          { name: 'Run integration tests', description: 'Automated integration suite in the test environment' },
          { name: 'Run load tests', description: 'Sustained load at expected peak' },
        ],
        policies: [{ id: 'test_pass_threshold', config: { minTestPassThreshold: 98 } }],
      },
      {
        name: 'Staging',
        duration: 0,
        readiness: true,
        description: 'Production-like validation',
        tasks: [
          { name: 'Staging soak test', description: '24 hours in staging without alerts' },
          { name: 'Release approval', description: 'Service owner approves promotion to production', needApproval: true },
        ],
        policies: [{ id: 'no_critical_vulnerabilities' }],
      },
      {
        name: 'Production',
        duration: 0,
        description: 'Progressive production rollout',
        tasks: [{ name: 'Progressive rollout', description: 'Rollout by region with health checks' }],
        policies: [{ id: 'all_change_requests_are_closed_inactive' }],
      },
    ],
  },
];

/** Platform-style order values: 100, 200, ... */
export const orderOf = (index: number) => (index + 1) * 100;
