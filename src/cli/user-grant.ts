import type { Services } from '../app.ts';
import { inTransaction } from '../platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../platform/records/actor.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './io.ts';
import { allRoles, findUser, grantedRoleIds } from './repo.ts';
import { resolveRoles } from './role-names.ts';

/** `dpr user grant`: grants roles; roles already granted are reported and skipped. */
export async function userGrant(services: Services, io: CliIo, userName: string, roleNames: string[]): Promise<void> {
  const { db } = services.database;
  const roles = resolveRoles(roleNames, await allRoles(db));
  if (roles.length === 0) throw new CliError('Name at least one role to grant');
  const user = await findUser(db, userName);
  if (!user) throw new CliError(`No user named ${userName}`);
  const { granted, held } = await inTransaction(db, async (trx) => {
    const already = await grantedRoleIds(trx, user.sys_id);
    const fresh = roles.filter((r) => !already.has(r.sysId));
    await services.store.insertMany(
      trx,
      SYSTEM_ACTOR,
      'sys_user_has_role',
      fresh.map((r) => ({ user: user.sys_id, role: r.sysId })),
    );
    return { granted: fresh, held: roles.filter((r) => already.has(r.sysId)) };
  });
  if (granted.length) io.out(`Granted ${granted.map((r) => r.name).join(', ')} to ${user.user_name}`);
  if (held.length) io.out(`${user.user_name} already holds ${held.map((r) => r.name).join(', ')}`);
}
