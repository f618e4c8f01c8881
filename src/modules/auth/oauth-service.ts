import type { Kysely } from 'kysely';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock/clock.ts';
import { toGlideDateTime } from '../../platform/clock/format.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { newSysId } from '../../platform/ids/sys-id.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Authenticator } from './authenticator.ts';
import { hashToken, verifySecret } from './secret-hash.ts';

export class OAuthError extends Error {
  constructor(
    readonly status: 400 | 401 | 429,
    readonly error: 'access_denied' | 'unsupported_grant_type' | 'invalid_request',
    readonly description: string,
  ) {
    super(description);
  }
}

export interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  scope: string;
  token_type: 'Bearer';
  expires_in: number;
}

interface Client {
  sys_id: string;
  user: string | null;
  access_token_lifespan: number | null;
  refresh_token_lifespan: number | null;
}

const newToken = () => randomBytes(32).toString('base64url');

/** `POST /oauth_token.do` grants against `oauth_entity` (CONTRACT §3, §8 OAuth). */
export class OAuthService {
  constructor(
    private readonly db: Kysely<any>,
    private readonly clock: Clock,
    private readonly auth: Authenticator,
  ) {}

  /** `address` is the caller's: failed password grants count against its login throttle, as Basic sign-ins do. */
  async grant(form: Record<string, string | undefined>, address: string): Promise<TokenAnswer> {
    const grantType = form.grant_type;
    if (grantType !== 'password' && grantType !== 'refresh_token' && grantType !== 'client_credentials') {
      throw new OAuthError(400, 'unsupported_grant_type', grantType ? `Unsupported grant_type ${grantType}` : 'grant_type is required');
    }
    const client = await this.client(form.client_id, form.client_secret);
    switch (grantType) {
      case 'password': {
        const user = await this.auth.signIn(form.username ?? '', form.password ?? '', address).catch((error: unknown) => {
          if (error instanceof AppError && error.status === 429) throw new OAuthError(429, 'access_denied', error.detail ?? error.message);
          throw error;
        });
        if (!user) throw new OAuthError(401, 'access_denied', 'Invalid user credentials');
        return this.issue(client, user.sys_id, true);
      }
      case 'client_credentials': {
        if (!client.user) throw new OAuthError(401, 'access_denied', 'The client has no user to act as');
        const user = await this.activeUser(client.user);
        return this.issue(client, user, false);
      }
      case 'refresh_token':
        return this.refresh(client, form.refresh_token ?? '');
    }
  }

  private async client(clientId: string | undefined, secret: string | undefined): Promise<Client> {
    const row = await this.db
      .selectFrom('oauth_entity')
      .select(['sys_id', 'user', 'active', 'client_secret', 'access_token_lifespan', 'refresh_token_lifespan'])
      .where('client_id', '=', clientId ?? '')
      .executeTakeFirst();
    if (!row || row.active !== 1 || !(await verifySecret(row.client_secret as string, secret ?? ''))) {
      throw new OAuthError(401, 'access_denied', 'Invalid client credentials');
    }
    return row as Client;
  }

  private async activeUser(userId: string): Promise<string> {
    const user = await this.db.selectFrom('sys_user').select(['sys_id', 'active', 'locked_out']).where('sys_id', '=', userId).executeTakeFirst();
    if (!user || user.active !== 1 || user.locked_out === 1) throw new OAuthError(401, 'access_denied', 'User is inactive or locked out');
    return String(user.sys_id);
  }

  private async refresh(client: Client, refreshToken: string): Promise<TokenAnswer> {
    const now = toGlideDateTime(this.clock.now());
    const row = await this.db
      .selectFrom('oauth_credential')
      .select(['sys_id', 'user', 'expires'])
      .where('token', '=', hashToken(refreshToken))
      .where('type', '=', 'refresh_token')
      .where('client', '=', client.sys_id)
      .executeTakeFirst();
    if (!row || String(row.expires) <= now) throw new OAuthError(401, 'access_denied', 'Invalid or expired refresh token');
    const user = await this.activeUser(String(row.user));
    const access = await this.issueAccess(client, user, String(row.sys_id));
    // The platform reuses the current refresh token while it is valid (CONTRACT §8 OAuth).
    return { ...access, refresh_token: refreshToken };
  }

  private async issue(client: Client, userId: string, withRefresh: boolean): Promise<TokenAnswer> {
    let refreshToken: string | undefined;
    let refreshId: string | null = null;
    if (withRefresh) {
      refreshToken = newToken();
      refreshId = newSysId();
      await this.insertCredential(refreshId, 'refresh_token', refreshToken, client, userId, client.refresh_token_lifespan ?? 8_640_000, null);
    }
    const access = await this.issueAccess(client, userId, refreshId);
    return refreshToken ? { ...access, refresh_token: refreshToken } : access;
  }

  private async issueAccess(client: Client, userId: string, refreshId: string | null): Promise<TokenAnswer> {
    const lifespan = client.access_token_lifespan ?? 1800;
    const token = newToken();
    await this.insertCredential(newSysId(), 'access_token', token, client, userId, lifespan, refreshId);
    return { access_token: token, scope: 'useraccount', token_type: 'Bearer', expires_in: lifespan };
  }

  private async insertCredential(sysId: string, type: string, token: string, client: Client, userId: string, lifespanSeconds: number, refreshId: string | null) {
    const now = this.clock.now();
    const stamp = toGlideDateTime(now);
    await inTransaction(this.db, async (trx) => {
      await trx
        .insertInto('oauth_credential')
        .values({
          sys_id: sysId,
          sys_class_name: 'oauth_credential',
          sys_created_on: stamp,
          sys_created_by: 'system',
          sys_updated_on: stamp,
          sys_updated_by: 'system',
          sys_mod_count: 0,
          type,
          token: hashToken(token),
          client: client.sys_id,
          user: userId,
          scope: 'useraccount',
          expires: toGlideDateTime(new Date(now.getTime() + lifespanSeconds * 1000)),
          refresh_token: refreshId,
        })
        .execute();
    });
  }
}
