import type { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import { SYSTEM_ACTOR } from '../../platform/records/actor.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import { inTransaction } from '../../platform/db/transaction.ts';

/**
 * CONTRACT §1: `DPR_ADMIN_PASSWORD` creates or updates user `admin` at start; on an empty database
 * without it, a random password is generated and returned so the caller prints it once.
 */
export async function ensureAdmin(db: Kysely<any>, store: RecordStore, password: string | undefined): Promise<string | undefined> {
  const existing = await db.selectFrom('sys_user').select('sys_id').where('user_name', '=', 'admin').executeTakeFirst();
  if (existing && !password) return undefined;
  const chosen = password ?? randomBytes(12).toString('base64url');
  await inTransaction(db, async (trx) => {
    if (existing) {
      await store.update(trx, SYSTEM_ACTOR, 'sys_user', String(existing.sys_id), { user_password: chosen, active: true, locked_out: false });
      return;
    }
    const user = await store.insert(trx, SYSTEM_ACTOR, 'sys_user', {
      user_name: 'admin',
      first_name: 'System',
      last_name: 'Administrator',
      name: 'System Administrator',
      user_password: chosen,
    });
    const role = await trx.selectFrom('sys_user_role').select('sys_id').where('name', '=', 'admin').executeTakeFirstOrThrow();
    await store.insert(trx, SYSTEM_ACTOR, 'sys_user_has_role', { user: user.sys_id, role: role.sys_id });
  });
  return password ? undefined : chosen;
}
