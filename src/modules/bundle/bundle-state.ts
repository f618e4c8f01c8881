/**
 * A bundle's state is derived from its member releases (DOMAIN.md §2.7); it is stored on
 * `sn_dpr_model_release_bundle.state` (with `active`) and kept current by the bundle rules.
 */
export type BundleState = 'draft' | 'ready' | 'in_progress' | 'completed';

export const BUNDLE_STATE_LABELS: Record<BundleState, string> = {
  draft: 'Draft',
  ready: 'Ready',
  in_progress: 'In Progress',
  completed: 'Completed',
};

const FINISHED = new Set(['completed', 'cancelled']);
const NOT_STARTED = new Set(['pending', 'draft']);

/**
 * The state of a bundle whose member releases are in `releaseStates` (stored values, repeats and
 * blanks allowed):
 * - Draft: no releases;
 * - Completed: every release Completed or Cancelled;
 * - Ready: every release Pending or Draft;
 * - In Progress: anything else — at least one In Progress, Review or Restarting release, a mix of
 *   Draft and Completed (the documented cases), and also the cases DOMAIN.md leaves out (On Hold, a
 *   mix of Pending and Completed): a bundle with work started and not finished is under way.
 */
export function deriveBundleState(releaseStates: Iterable<string | null | undefined>): BundleState {
  const states = new Set<string>();
  for (const state of releaseStates) if (state) states.add(state);
  if (states.size === 0) return 'draft';
  const all = (set: ReadonlySet<string>) => [...states].every((s) => set.has(s));
  if (all(FINISHED)) return 'completed';
  if (all(NOT_STARTED)) return 'ready';
  return 'in_progress';
}

/** A Completed bundle is no longer active (DOMAIN.md §2.7); any other state is. */
export function bundleIsActive(state: BundleState): boolean {
  return state !== 'completed';
}
