import type { Services } from '../app.ts';
import { inTransaction } from '../platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../platform/records/actor.ts';
import { CliError } from './cli-error.ts';
import { definedOnly } from './defined-only.ts';
import type { CliIo } from './io.ts';
import { allRoles, findUser } from './repo.ts';
import { resolveRoles } from './role-names.ts';
import { chooseSecret } from './secret-input.ts';

export interface UserAddOptions {
  password?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  role: string[];
}

/** `dpr user add`: creates a user (password hashed by the store) and grants roles, in one transaction. */
export async function userAdd(services: Services, io: CliIo, userName: string, options: UserAddOptions): Promise<void> {
  const name = userName.trim();
  if (!name) throw new CliError('The user name must not be empty');
  const { db } = services.database;
  const roles = resolveRoles(options.role, await allRoles(db));
  const secret = await chooseSecret(io, options.password);
  const user = await inTransaction(db, async (trx) => {
    if (await findUser(trx, name)) throw new CliError(`User ${name} already exists (use "dpr user passwd" or "dpr user grant")`);
    const fullName = [options.firstName, options.lastName].filter(Boolean).join(' ');
    const row = await services.store.insert(
      trx,
      SYSTEM_ACTOR,
      'sys_user',
      definedOnly({
        user_name: name,
        first_name: options.firstName,
        last_name: options.lastName,
        name: fullName || name,
        email: options.email,
        user_password: secret.value,
      }),
    );
    await services.store.insertMany(
      trx,
      SYSTEM_ACTOR,
      'sys_user_has_role',
      roles.map((r) => ({ user: row.sys_id, role: r.sysId })),
    );
    return row;
  });
  io.out(`Created user ${name} (sys_id ${String(user.sys_id)})${roles.length ? ` with roles ${roles.map((r) => r.name).join(', ')}` : ''}`);
  if (secret.generated) io.out(`Generated password for ${name}: ${secret.value}`);
}
