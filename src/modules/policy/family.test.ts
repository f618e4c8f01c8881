import { describe, expect, it } from 'vitest';
import type { PhaseRow, ReleaseRow } from '../release/release-repo.ts';
import { notRunnableReason, ReleaseFamily } from './family.ts';

const release = (sys_id: string, extra: Partial<ReleaseRow> = {}): ReleaseRow =>
  ({ sys_id, name: `Release ${sys_id}`, parent: null, state: 'in_progress', current_phase: `${sys_id}-p1`, policy_status: 'not_run', product: null, version: null, ...extra }) as ReleaseRow;
const phase = (releaseId: string, name: string, order: number, state: PhaseRow['state'] = 'pending', sys_id = `${releaseId}-${name}`): PhaseRow =>
  ({ sys_id, release: releaseId, name, order, state, policy_status: 'not_run' }) as PhaseRow;

describe('ReleaseFamily', () => {
  const primary = release('p');
  const ahead = release('a', { parent: 'p', current_phase: 'a-p2' });
  const restarted = release('r', { parent: 'p', current_phase: 'r-p1b' });
  const cancelled = release('c', { parent: 'p', state: 'cancelled' });
  const phases = [
    phase('p', 'p1', 100, 'in_progress'),
    phase('p', 'p2', 200),
    phase('a', 'p1', 100, 'completed'),
    phase('a', 'p2', 200, 'in_progress'),
    phase('r', 'p1', 100, 'restarted'),
    phase('r', 'p1b', 100, 'in_progress'),
    phase('c', 'p1', 100, 'cancelled'),
  ];

  it("targets a primary's current phase and each live child's phase of the same order", () => {
    const family = new ReleaseFamily(primary, [primary, ahead, restarted, cancelled], phases);
    expect(family.targets(primary).map((t) => [t.release.sys_id, t.phase.sys_id])).toEqual([
      ['p', 'p-p1'],
      ['a', 'a-p1'],
      ['r', 'r-p1b'],
    ]);
  });

  it("targets a child's own current phase only", () => {
    const family = new ReleaseFamily(ahead, [primary, ahead, restarted], phases);
    expect(family.top.sys_id).toBe('p');
    expect(family.targets(ahead).map((t) => t.phase.sys_id)).toEqual(['a-p2']);
    expect(family.targets(release('x', { current_phase: null }))).toEqual([]);
  });

  it('explains why a release cannot run its policies', () => {
    const purpose = 'run policies';
    expect(notRunnableReason(undefined, purpose)).toBe('Release ID is invalid');
    expect(notRunnableReason(new ReleaseFamily(release('h', { state: 'on_hold' }), [], []), purpose)).toBe(
      'Release must be In Progress to run policies (current state: On Hold)',
    );
    expect(notRunnableReason(new ReleaseFamily(release('n', { current_phase: null }), [], []), purpose)).toBe('Release Release n has no current phase');
    const pendingPhase = new ReleaseFamily(release('q', { current_phase: 'q-x' }), [], [phase('q', 'x', 100, 'pending', 'q-x')]);
    expect(notRunnableReason(pendingPhase, purpose)).toBe('The current phase must be In Progress to run policies (phase x is Pending)');
    expect(notRunnableReason(new ReleaseFamily(primary, [primary], phases), purpose)).toBeUndefined();
  });
});
