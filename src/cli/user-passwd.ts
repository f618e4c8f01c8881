import type { Services } from '../app.ts';
import { inTransaction } from '../platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../platform/records/actor.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './io.ts';
import { findUser } from './repo.ts';
import { chooseSecret } from './secret-input.ts';

/** `dpr user passwd`: sets a user's password (hashed by the store). */
export async function userPasswd(services: Services, io: CliIo, userName: string, options: { password?: string }): Promise<void> {
  const { db } = services.database;
  const user = await findUser(db, userName);
  if (!user) throw new CliError(`No user named ${userName}`);
  const secret = await chooseSecret(io, options.password);
  await inTransaction(db, (trx) => services.store.update(trx, SYSTEM_ACTOR, 'sys_user', user.sys_id, { user_password: secret.value }));
  io.out(`Password of ${user.user_name} changed`);
  if (secret.generated) io.out(`Generated password for ${user.user_name}: ${secret.value}`);
}
