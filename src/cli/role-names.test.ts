import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error.ts';
import { resolveRoles } from './role-names.ts';

const known = new Map([
  ['admin', 'a'.repeat(32)],
  ['sn_dpr_model.release_admin', 'b'.repeat(32)],
  ['sn_dpr_model.release_user', 'c'.repeat(32)],
  ['sn_pace.policy_editor', 'd'.repeat(32)],
]);

describe('resolveRoles', () => {
  it('takes exact names, DPR roles without their scope and comma-separated lists, once each', () => {
    expect(resolveRoles(['admin', 'release_admin,sn_pace.policy_editor', 'sn_dpr_model.release_admin'], known).map((r) => r.name)).toEqual([
      'admin',
      'sn_dpr_model.release_admin',
      'sn_pace.policy_editor',
    ]);
  });

  it('refuses the whole list when any name is unknown, naming it and the DPR roles', () => {
    expect(() => resolveRoles(['release_user', 'policy_editor'], known)).toThrow(CliError);
    expect(() => resolveRoles(['release_user', 'policy_editor'], known)).toThrow(
      'Unknown role: policy_editor. DPR roles: admin, sn_dpr_model.release_admin, sn_dpr_model.release_user',
    );
  });

  it('ignores empty entries', () => {
    expect(resolveRoles([' , '], known)).toEqual([]);
  });
});
