import { Errors } from '../../platform/errors/catalogue.ts';

/**
 * The release and phase state machines (DOMAIN.md §3, CONTRACT §4 stored values), in one place.
 * Labels are the display values and the keys of the bundle's `releaseAggregate`.
 */
export type ReleaseState = 'draft' | 'pending' | 'in_progress' | 'on_hold' | 'review' | 'completed' | 'cancelled' | 'restarting';
export type PhaseState = 'pending' | 'in_progress' | 'completed' | 'restarted' | 'cancelled';

export const RELEASE_STATE_LABELS: Record<ReleaseState, string> = {
  draft: 'Draft',
  pending: 'Pending',
  in_progress: 'In Progress',
  on_hold: 'On Hold',
  review: 'Review',
  completed: 'Completed',
  cancelled: 'Cancelled',
  restarting: 'Restarting',
};

export const PHASE_STATE_LABELS: Record<PhaseState, string> = {
  pending: 'Pending',
  in_progress: 'In Progress',
  completed: 'Completed',
  restarted: 'Restarted',
  cancelled: 'Cancelled',
};

const RELEASE_TRANSITIONS: Record<ReleaseState, readonly ReleaseState[]> = {
  draft: ['pending', 'in_progress', 'cancelled'],
  pending: ['in_progress', 'on_hold', 'cancelled'],
  in_progress: ['on_hold', 'review', 'restarting', 'cancelled'],
  on_hold: ['pending', 'in_progress', 'cancelled'],
  review: ['completed', 'cancelled'],
  restarting: ['in_progress', 'cancelled'],
  completed: [],
  cancelled: [],
};

const PHASE_TRANSITIONS: Record<PhaseState, readonly PhaseState[]> = {
  pending: ['in_progress', 'cancelled'],
  in_progress: ['completed', 'restarted', 'cancelled'],
  // A completed stage phase can be restarted (DOMAIN §3.4).
  completed: ['in_progress'],
  restarted: [],
  cancelled: [],
};

export const OPEN_RELEASE_STATES: readonly ReleaseState[] = ['draft', 'pending', 'in_progress', 'on_hold', 'review', 'restarting'];

export function releaseLabel(state: string): string {
  return RELEASE_STATE_LABELS[state as ReleaseState] ?? state;
}

export function canMoveRelease(from: ReleaseState, to: ReleaseState): boolean {
  return RELEASE_TRANSITIONS[from]?.includes(to) ?? false;
}

export function assertReleaseTransition(from: ReleaseState, to: ReleaseState): void {
  if (!canMoveRelease(from, to)) {
    throw Errors.rule(`A release cannot move from ${releaseLabel(from)} to ${releaseLabel(to)}`);
  }
}

export function canMovePhase(from: PhaseState, to: PhaseState): boolean {
  return PHASE_TRANSITIONS[from]?.includes(to) ?? false;
}

export function assertPhaseTransition(from: PhaseState, to: PhaseState): void {
  if (!canMovePhase(from, to)) {
    throw Errors.rule(`A phase cannot move from ${PHASE_STATE_LABELS[from] ?? from} to ${PHASE_STATE_LABELS[to] ?? to}`);
  }
}

/** Task states (platform numbers): -5 Pending, 1 Open, 2 Work in Progress, 3/4/7 closed. */
export const TASK_STATE = { pending: -5, open: 1, workInProgress: 2, closedComplete: 3, closedIncomplete: 4, closedSkipped: 7 } as const;
export const CLOSED_TASK_STATES: readonly number[] = [3, 4, 7];
export const isClosedTaskState = (state: unknown) => CLOSED_TASK_STATES.includes(Number(state));
