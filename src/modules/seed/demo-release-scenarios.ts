import type { TemplateKey } from './demo-templates.ts';

/**
 * Where a demo release stands today. Timeline releases get a readiness date that puts them there
 * (see target-choice.ts); stage releases get actual dates counted back from today.
 */
export type ReleasePosition =
  | { state: 'draft' }
  /** Starts within a few working days. */
  | { state: 'pending' }
  /** Today falls in `phase`; `prefer` picks the earliest or latest fitting readiness date (late or early in the phase). */
  | { state: 'in_progress'; phase: string; prefer: 'earliest' | 'latest'; policiesRun?: boolean }
  | { state: 'on_hold'; phase: string; prefer: 'earliest' | 'latest'; holdReason: string }
  | { state: 'cancelled'; phase: string; prefer: 'earliest' | 'latest'; cancellationReason: string }
  /** Every phase done within the last couple of weeks; waiting for the final review. */
  | { state: 'review' }
  /** Finished weeks ago. */
  | { state: 'completed' };

export interface ReleaseScenario {
  product: string;
  version: string;
  template: TemplateKey;
  owner: string;
  description: string;
  /** `series`: one of the calendar's weekly release windows; `out_of_band`: its own date; `none`. */
  target: 'series' | 'out_of_band' | 'none';
  position: ReleasePosition;
}

/** Release names are `<product> <version>`, which keeps them unique among open releases. */
export const releaseName = (s: Pick<ReleaseScenario, 'product' | 'version'>) => `${s.product} ${s.version}`;

export const DEMO_RELEASES: readonly ReleaseScenario[] = [
  {
    product: 'Mobile Banking App',
    version: '3.7.0',
    template: 'standard',
    owner: 'priya.shah',
    description: 'Biometric sign-in and instant card freeze.',
    target: 'series',
    position: { state: 'completed' },
  },
  {
    product: 'Payments Service',
    version: '2.4.0',
    template: 'service',
    owner: 'david.okafor',
    description: '3-D Secure 2.3 challenge flow and idempotent payment submission.',
    target: 'series',
    position: { state: 'review' },
  },
  {
    product: 'Mobile Banking App',
    version: '3.8.0',
    template: 'standard',
    owner: 'priya.shah',
    description: 'Per-merchant card limits, spending categories and step-up authentication for new payees.',
    target: 'series',
    // Its Testing policies have run: code coverage is below the threshold, a waiver is requested.
    position: { state: 'in_progress', phase: 'Testing', prefer: 'earliest', policiesRun: true },
  },
  {
    product: 'Customer Portal',
    version: '2.4.0',
    template: 'standard',
    owner: 'priya.shah',
    description: 'Drag-and-drop document upload and WCAG 2.2 AA fixes.',
    target: 'series',
    position: { state: 'in_progress', phase: 'Development', prefer: 'earliest' },
  },
  {
    product: 'Payments Service',
    version: '2.5.0',
    template: 'service',
    owner: 'david.okafor',
    description: 'FedNow instant credit transfers and RTP request-for-payment, on a regulator-agreed date.',
    target: 'out_of_band',
    position: { state: 'pending' },
  },
  {
    product: 'Loan Origination System',
    version: '5.1.0',
    template: 'standard',
    owner: 'priya.shah',
    description: 'Rules engine v2 for automated credit decisions.',
    target: 'series',
    position: {
      state: 'on_hold',
      phase: 'Development',
      prefer: 'latest',
      holdReason: 'Waiting for the credit risk committee to approve the new decision rules',
    },
  },
  {
    product: 'Mobile Banking App',
    version: '3.9.0',
    template: 'standard',
    owner: 'priya.shah',
    description: 'Spending alerts by category. Scope still being agreed.',
    target: 'none',
    position: { state: 'draft' },
  },
  {
    product: 'Identity & Access Service',
    version: '1.12.0',
    template: 'service',
    owner: 'david.okafor',
    description: 'Passkey enrolment for customers.',
    target: 'series',
    position: {
      state: 'cancelled',
      phase: 'Build',
      prefer: 'earliest',
      cancellationReason: 'Passkeys moved to the identity platform replacement programme',
    },
  },
  {
    product: 'Notification Service',
    version: '4.2.0',
    template: 'stage',
    owner: 'david.okafor',
    description: 'Rich push notifications with images and action buttons.',
    target: 'none',
    position: { state: 'in_progress', phase: 'Test', prefer: 'earliest' },
  },
];
