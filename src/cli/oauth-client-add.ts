import { randomBytes } from 'node:crypto';
import type { Services } from '../app.ts';
import { inTransaction } from '../platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../platform/records/actor.ts';
import { CliError } from './cli-error.ts';
import { definedOnly } from './defined-only.ts';
import type { CliIo } from './io.ts';
import { findUser, oauthClientExists } from './repo.ts';

export interface OAuthClientAddOptions {
  clientId?: string;
  clientSecret?: string;
  user?: string;
  accessLifespan?: number;
  refreshLifespan?: number;
}

/**
 * `dpr oauth-client add`: registers an `oauth_entity`. The secret is stored hashed, so this is the
 * only time it is shown. Generated ids look like the platform's (32 hex characters).
 */
export async function oauthClientAdd(services: Services, io: CliIo, name: string, options: OAuthClientAddOptions): Promise<void> {
  if (!name.trim()) throw new CliError('The client name must not be empty');
  if (options.clientId !== undefined && !options.clientId.trim()) throw new CliError('The client id must not be empty');
  if (options.clientSecret === '') throw new CliError('The client secret must not be empty');
  const { db } = services.database;
  const clientId = options.clientId?.trim() ?? randomBytes(16).toString('hex');
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  let userId: string | undefined;
  if (options.user !== undefined) {
    const user = await findUser(db, options.user);
    if (!user) throw new CliError(`No user named ${options.user}`);
    userId = user.sys_id;
  }
  const row = await inTransaction(db, async (trx) => {
    if (await oauthClientExists(trx, clientId)) throw new CliError(`An OAuth client with id ${clientId} already exists`);
    return services.store.insert(
      trx,
      SYSTEM_ACTOR,
      'oauth_entity',
      definedOnly({
        name: name.trim(),
        client_id: clientId,
        client_secret: clientSecret,
        user: userId,
        access_token_lifespan: options.accessLifespan,
        refresh_token_lifespan: options.refreshLifespan,
      }),
    );
  });
  io.out(`Created OAuth client ${name.trim()} (sys_id ${String(row.sys_id)})${options.user ? `, acting as ${options.user} for client_credentials` : ''}`);
  io.out(`client_id: ${clientId}`);
  io.out(`client_secret: ${clientSecret}`);
  io.err('The client secret is stored hashed and will not be shown again.');
}
