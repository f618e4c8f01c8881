/**
 * The scope around the demo releases: features and enhancements, build artifacts, related
 * incidents/problems/requests/changes and bundles. Releases are named `<product> <version>`.
 * The numbers are chosen so that the phases the story has completed comply with their policies
 * (e.g. Mobile Banking App 3.7.0 passed its 80% coverage gate) and the current Testing phase of
 * Mobile Banking App 3.8.0 does not (coverage 76%).
 */

export interface DemoFeature {
  product: string;
  name: string;
  priority: 'high' | 'medium' | 'low';
  state: 'draft' | 'open' | 'in_progress' | 'completed' | 'cancelled';
  description: string;
  enhancements: Array<{
    name: string;
    /** `<product> <version>`; absent: in the product backlog. */
    release?: string;
    version?: string;
    priority?: 'high' | 'medium' | 'low';
    state: 'open' | 'work_in_progress' | 'closed_complete' | 'closed_incomplete' | 'cancelled';
    description: string;
  }>;
}

export const DEMO_FEATURES: readonly DemoFeature[] = [
  {
    product: 'Mobile Banking App',
    name: 'Biometric sign-in',
    priority: 'high',
    state: 'completed',
    description: 'Sign in with Face ID, Touch ID or Android biometrics.',
    enhancements: [
      { name: 'Face ID and fingerprint sign-in', release: 'Mobile Banking App 3.7.0', version: '3.7.0', priority: 'high', state: 'closed_complete', description: 'Biometric sign-in on iOS and Android with PIN fallback.' },
    ],
  },
  {
    product: 'Mobile Banking App',
    name: 'Card controls',
    priority: 'high',
    state: 'in_progress',
    description: 'Customers manage their debit and credit cards in the app.',
    enhancements: [
      { name: 'Freeze and unfreeze cards instantly', release: 'Mobile Banking App 3.7.0', version: '3.7.0', state: 'closed_complete', description: 'One-tap freeze with push confirmation.' },
      { name: 'Per-merchant card limits', release: 'Mobile Banking App 3.8.0', version: '3.8.0', priority: 'high', state: 'work_in_progress', description: 'Monthly limits per merchant category and merchant.' },
      { name: 'Step-up authentication for new payees', release: 'Mobile Banking App 3.8.0', version: '3.8.0', priority: 'high', state: 'open', description: 'Biometric confirmation when adding a payee.' },
    ],
  },
  {
    product: 'Mobile Banking App',
    name: 'Spending insights',
    priority: 'medium',
    state: 'open',
    description: 'Understand spending by category and merchant.',
    enhancements: [
      { name: 'Monthly spending categories chart', release: 'Mobile Banking App 3.8.0', version: '3.8.0', state: 'work_in_progress', description: 'Categorised chart with month-over-month comparison.' },
      { name: 'Spending alerts by category', release: 'Mobile Banking App 3.9.0', version: '3.9.0', state: 'open', description: 'Alert when a category exceeds a budget.' },
      { name: 'Dark mode for insights screens', priority: 'low', state: 'open', description: 'Backlog: follow the system appearance.' },
    ],
  },
  {
    product: 'Customer Portal',
    name: 'Document upload',
    priority: 'medium',
    state: 'in_progress',
    description: 'Customers send documents securely instead of by e-mail.',
    enhancements: [
      { name: 'Drag-and-drop document upload', release: 'Customer Portal 2.4.0', version: '2.4.0', state: 'work_in_progress', description: 'Multiple files up to 25 MB with virus scanning.' },
    ],
  },
  {
    product: 'Customer Portal',
    name: 'Accessibility (WCAG 2.2 AA)',
    priority: 'high',
    state: 'in_progress',
    description: 'Meet WCAG 2.2 AA across the portal.',
    enhancements: [
      { name: 'Screen reader fixes for the statements page', release: 'Customer Portal 2.4.0', version: '2.4.0', priority: 'high', state: 'closed_complete', description: 'Table headers, focus order and live regions.' },
    ],
  },
  {
    product: 'Loan Origination System',
    name: 'Automated credit decisioning',
    priority: 'high',
    state: 'in_progress',
    description: 'Decide low-risk applications without manual underwriting.',
    enhancements: [
      { name: 'Decision rules engine v2', release: 'Loan Origination System 5.1.0', version: '5.1.0', priority: 'high', state: 'work_in_progress', description: 'Versioned, auditable decision rules.' },
    ],
  },
  {
    product: 'Payments Service',
    name: '3-D Secure 2.3',
    priority: 'high',
    state: 'completed',
    description: 'Strong customer authentication for card-not-present payments.',
    enhancements: [
      { name: '3DS 2.3 challenge flow', release: 'Payments Service 2.4.0', version: '2.4.0', priority: 'high', state: 'closed_complete', description: 'Frictionless and challenge flows with the new ACS.' },
      { name: 'Idempotent payment submission', release: 'Payments Service 2.4.0', version: '2.4.0', state: 'closed_complete', description: 'Idempotency keys on the payments API.' },
    ],
  },
  {
    product: 'Payments Service',
    name: 'Instant payments',
    priority: 'high',
    state: 'open',
    description: 'Real-time payments over FedNow and RTP.',
    enhancements: [
      { name: 'FedNow instant credit transfers', release: 'Payments Service 2.5.0', version: '2.5.0', priority: 'high', state: 'open', description: 'Send and receive FedNow credit transfers.' },
      { name: 'RTP request for payment', release: 'Payments Service 2.5.0', version: '2.5.0', state: 'open', description: 'Request-for-payment messages on the RTP network.' },
      { name: 'Bulk payment file upload', priority: 'low', state: 'open', description: 'Backlog: ISO 20022 pain.001 files for business customers.' },
    ],
  },
  {
    product: 'Identity & Access Service',
    name: 'Passkeys',
    priority: 'medium',
    state: 'cancelled',
    description: 'Passwordless sign-in with FIDO2 passkeys.',
    enhancements: [
      { name: 'Passkey enrolment', release: 'Identity & Access Service 1.12.0', version: '1.12.0', state: 'cancelled', description: 'Enrol a passkey after signing in.' },
    ],
  },
  {
    product: 'Notification Service',
    name: 'Rich push notifications',
    priority: 'medium',
    state: 'in_progress',
    description: 'Images and action buttons in push notifications.',
    enhancements: [
      { name: 'Image attachments in push', release: 'Notification Service 4.2.0', version: '4.2.0', state: 'work_in_progress', description: 'Images up to 1 MB on iOS and Android.' },
    ],
  },
];

export interface DemoArtifact {
  release: string;
  name: string;
  version: string;
  codeCoverage: number;
  testsTotal: number;
  testsPassed: number;
  critical: number;
  high: number;
}

export const DEMO_ARTIFACTS: readonly DemoArtifact[] = [
  { release: 'Mobile Banking App 3.7.0', name: 'mobile-banking-ios', version: '3.7.0', codeCoverage: 84.2, testsTotal: 1764, testsPassed: 1758, critical: 0, high: 0 },
  { release: 'Mobile Banking App 3.7.0', name: 'mobile-banking-android', version: '3.7.0', codeCoverage: 81.5, testsTotal: 2011, testsPassed: 1998, critical: 0, high: 0 },
  { release: 'Mobile Banking App 3.8.0', name: 'mobile-banking-ios', version: '3.8.0-rc.2', codeCoverage: 78.1, testsTotal: 1840, testsPassed: 1822, critical: 0, high: 0 },
  { release: 'Mobile Banking App 3.8.0', name: 'mobile-banking-android', version: '3.8.0-rc.2', codeCoverage: 74.6, testsTotal: 2102, testsPassed: 2079, critical: 0, high: 0 },
  { release: 'Customer Portal 2.4.0', name: 'customer-portal-web', version: '2.4.0-beta.1', codeCoverage: 68.0, testsTotal: 950, testsPassed: 912, critical: 0, high: 2 },
  { release: 'Loan Origination System 5.1.0', name: 'loan-origination-core', version: '5.1.0-alpha.3', codeCoverage: 61.3, testsTotal: 2200, testsPassed: 2050, critical: 1, high: 3 },
  { release: 'Payments Service 2.4.0', name: 'payments-api', version: '2.4.0', codeCoverage: 88.9, testsTotal: 3120, testsPassed: 3105, critical: 0, high: 0 },
  { release: 'Payments Service 2.4.0', name: 'payments-worker', version: '2.4.0', codeCoverage: 85.0, testsTotal: 870, testsPassed: 866, critical: 0, high: 0 },
  { release: 'Notification Service 4.2.0', name: 'notification-service', version: '4.2.0', codeCoverage: 79.4, testsTotal: 640, testsPassed: 633, critical: 0, high: 0 },
];

/** Platform task states: -5 Pending, 1 Open, 2 Work in Progress, 3 Closed Complete, 4 Closed Incomplete, 7 Closed Skipped. */
export interface DemoRelatedTask {
  table: 'incident' | 'problem' | 'sc_request' | 'change_request';
  release: string;
  shortDescription: string;
  description: string;
  state: -5 | 1 | 2 | 3 | 4 | 7;
  /** Working days before today that it was opened. */
  openedDaysAgo: number;
  priority?: 1 | 2 | 3 | 4 | 5;
  changeType?: 'normal' | 'standard' | 'emergency';
}

export const DEMO_RELATED_TASKS: readonly DemoRelatedTask[] = [
  {
    table: 'incident',
    release: 'Mobile Banking App 3.7.0',
    shortDescription: 'Biometric sign-in fails after iOS update',
    description: 'Face ID prompt dismissed immediately on iOS 18.2; fixed by 3.7.0.',
    state: 3,
    openedDaysAgo: 45,
    priority: 3,
  },
  {
    table: 'incident',
    release: 'Mobile Banking App 3.8.0',
    shortDescription: 'Android app crashes when opening card controls',
    description: 'NullPointerException on devices without NFC; reproduced on the 3.8.0 release candidate.',
    state: 2,
    openedDaysAgo: 3,
    priority: 2,
  },
  {
    table: 'incident',
    release: 'Payments Service 2.4.0',
    shortDescription: 'Card payments declined with gateway timeouts',
    description: 'Spike of 504s from the card gateway during the evening peak; resolved by connection pool tuning in 2.4.0.',
    state: 3,
    openedDaysAgo: 30,
    priority: 1,
  },
  {
    table: 'incident',
    release: 'Customer Portal 2.4.0',
    shortDescription: 'Statement PDF download times out',
    description: 'Statements with more than 500 transactions time out after 30 seconds.',
    state: 1,
    openedDaysAgo: 6,
    priority: 4,
  },
  {
    table: 'problem',
    release: 'Payments Service 2.5.0',
    shortDescription: 'Intermittent timeouts from the card processor gateway',
    description: 'Root cause analysis of recurring gateway timeouts; the 2.5.0 retry policy is the planned fix.',
    state: 2,
    openedDaysAgo: 20,
  },
  {
    table: 'sc_request',
    release: 'Customer Portal 2.4.0',
    shortDescription: 'Performance test environment for Customer Portal 2.4.0',
    description: 'Provision a production-sized environment for two weeks of load testing.',
    state: 3,
    openedDaysAgo: 12,
  },
  {
    table: 'change_request',
    release: 'Mobile Banking App 3.7.0',
    shortDescription: 'Release Mobile Banking App 3.7.0 to the app stores',
    description: 'Phased rollout on the App Store and Google Play.',
    state: 3,
    openedDaysAgo: 25,
    changeType: 'normal',
  },
  {
    table: 'change_request',
    release: 'Payments Service 2.4.0',
    shortDescription: 'Deploy Payments Service 2.4.0 to production',
    description: 'Canary then full rollout in both regions.',
    state: 3,
    openedDaysAgo: 8,
    changeType: 'normal',
  },
  {
    table: 'change_request',
    release: 'Mobile Banking App 3.8.0',
    shortDescription: 'Release Mobile Banking App 3.8.0 to the app stores',
    description: 'Scheduled once the release passes its readiness review.',
    state: -5,
    openedDaysAgo: 2,
    changeType: 'normal',
  },
  {
    table: 'change_request',
    release: 'Notification Service 4.2.0',
    shortDescription: 'Emergency patch: notification rate limiter',
    description: 'Raise the per-tenant push rate limit after the marketing campaign throttled alerts.',
    state: 3,
    openedDaysAgo: 9,
    changeType: 'emergency',
  },
];

export const DEMO_BUNDLES: ReadonlyArray<{ name: string; owner: string; description: string; state: 'draft' | 'ready' | 'in_progress' | 'completed'; releases: string[] }> = [
  {
    name: 'Digital Channels Release Train',
    owner: 'marcus.chen',
    description: 'Customer-facing releases shipped together in this quarter.',
    state: 'in_progress',
    releases: ['Mobile Banking App 3.8.0', 'Customer Portal 2.4.0', 'Loan Origination System 5.1.0'],
  },
  {
    name: 'Platform Services Hardening',
    owner: 'marcus.chen',
    description: 'Back-end service releases that harden payments, identity and notifications.',
    state: 'in_progress',
    releases: ['Payments Service 2.4.0', 'Payments Service 2.5.0', 'Identity & Access Service 1.12.0', 'Notification Service 4.2.0'],
  },
];
