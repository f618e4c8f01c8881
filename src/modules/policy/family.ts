import type { PhaseRow, ReleaseRow } from '../release/release-repo.ts';
import { PHASE_STATE_LABELS, releaseLabel } from '../release/release-states.ts';

/** One release phase whose policies a run evaluates or the status endpoint reports: one product. */
export interface PolicyTarget {
  release: ReleaseRow;
  phase: PhaseRow;
}

/** Phases that no longer count: a cancelled one, or one replaced by a stage restart. */
const GONE_PHASE_STATES = ['cancelled', 'restarted'];

/**
 * A release with its primary and the primary's other (not cancelled) children, and all their
 * phases, as read in one snapshot (family-repo.ts). Policy runs and statuses are worked out on it
 * in memory, so that they cost the same few statements whatever the number of products.
 */
export class ReleaseFamily {
  readonly top: ReleaseRow;
  private readonly phasesByRelease = new Map<string, PhaseRow[]>();

  constructor(
    readonly release: ReleaseRow,
    readonly members: readonly ReleaseRow[],
    phases: readonly PhaseRow[],
  ) {
    this.top = members.find((m) => m.sys_id === (release.parent ?? release.sys_id)) ?? release;
    for (const phase of phases) {
      const list = this.phasesByRelease.get(phase.release) ?? [];
      list.push(phase);
      this.phasesByRelease.set(phase.release, list);
    }
  }

  /** Children of a primary, in creation order (the order the status endpoint lists products in). */
  childrenOf(release: ReleaseRow): ReleaseRow[] {
    return this.members.filter((m) => m.parent === release.sys_id && m.state !== 'cancelled');
  }

  phasesOf(releaseId: string): readonly PhaseRow[] {
    return this.phasesByRelease.get(releaseId) ?? [];
  }

  currentPhase(release: ReleaseRow): PhaseRow | undefined {
    return release.current_phase ? this.phasesOf(release.sys_id).find((p) => p.sys_id === release.current_phase) : undefined;
  }

  /**
   * What a run of `release` evaluates and what its status reports: its current phase and, for a
   * primary, each child's phase of the same order (CONTRACT §5.5: children are further products).
   * A child whose phases were restarted uses the latest phase of that order that still counts.
   */
  targets(release: ReleaseRow): PolicyTarget[] {
    const phase = this.currentPhase(release);
    if (!phase) return [];
    const targets: PolicyTarget[] = [{ release, phase }];
    if (release.parent) return targets;
    for (const child of this.childrenOf(release)) {
      const same = this.phasesOf(child.sys_id).filter((p) => p.order === phase.order && !GONE_PHASE_STATES.includes(p.state));
      if (same.length) targets.push({ release: child, phase: same[same.length - 1]! });
    }
    return targets;
  }
}

/**
 * Why policies cannot run on (or report for) a release now, or undefined when they can: the
 * release and its current phase must be In Progress (the reference's precondition for both
 * endpoints). `purpose` completes "… to <purpose>".
 */
export function notRunnableReason(family: ReleaseFamily | undefined, purpose: string, release: ReleaseRow | undefined = family?.release): string | undefined {
  if (!family || !release) return 'Release ID is invalid';
  if (release.state !== 'in_progress') return `Release must be In Progress to ${purpose} (current state: ${releaseLabel(release.state)})`;
  const phase = family.currentPhase(release);
  if (!phase) return `Release ${release.name} has no current phase`;
  if (phase.state !== 'in_progress') {
    return `The current phase must be In Progress to ${purpose} (phase ${phase.name} is ${PHASE_STATE_LABELS[phase.state] ?? phase.state})`;
  }
  return undefined;
}
