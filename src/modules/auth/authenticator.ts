import type { Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import type { Clock } from '../../platform/clock/clock.ts';
import { toGlideDateTime } from '../../platform/clock/format.ts';
import { Errors } from '../../platform/errors/catalogue.ts';
import type { Actor } from '../../platform/records/actor.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { RoleResolver } from './role-resolver.ts';
import { hashToken, verifySecret } from './secret-hash.ts';

interface UserRow {
  sys_id: string;
  user_name: string;
  active: number;
  locked_out: number;
  user_password: string | null;
}

/** How long a verified Basic credential is trusted without re-hashing. */
const BASIC_CACHE_MS = 30_000;

/**
 * Turns an Authorization header into an Actor. Basic credentials are verified with argon2 and the
 * resulting actor (user and effective roles) cached for a short time under a SHA-256 of the whole
 * header, so a repeated request runs no SQL for authentication and the cache never holds a password.
 * Why that is safe: an entry exists only after a successful verification of exactly that header;
 * this process drops every entry on any user write (password, active, locked_out) and on any change
 * of role grants or containment; a change made by another process (CLI, another server) takes
 * effect within `BASIC_CACHE_MS`, the bound the password cache always had.
 */
export class Authenticator {
  private readonly basicCache = new Map<string, { actor: Actor; until: number }>();

  constructor(
    private readonly db: Kysely<any>,
    private readonly clock: Clock,
    private readonly roles: RoleResolver,
    private readonly throttle: LoginThrottle,
  ) {
    roles.onInvalidate(() => this.invalidate());
  }

  invalidate(): void {
    this.basicCache.clear();
  }

  async authenticate(header: string | undefined, address: string): Promise<Actor> {
    if (!header) throw Errors.notAuthenticated();
    const space = header.indexOf(' ');
    const scheme = header.slice(0, space).toLowerCase();
    const value = header.slice(space + 1).trim();
    if (scheme === 'basic') return this.basic(value, address);
    if (scheme === 'bearer') return this.bearer(value);
    throw Errors.notAuthenticated('Unsupported authorization scheme');
  }

  private async basic(encoded: string, address: string): Promise<Actor> {
    const key = createHash('sha256').update(encoded).digest('hex');
    const cached = this.basicCache.get(key);
    if (cached && cached.until > Date.now()) return cached.actor;
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const userName = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    const user = await this.signIn(userName, password, address);
    if (!user) throw Errors.notAuthenticated('Invalid user name or password');
    if (this.basicCache.size > 10_000) this.basicCache.clear();
    const actor = await this.actorOf(user);
    this.basicCache.set(key, { actor, until: Date.now() + BASIC_CACHE_MS });
    return actor;
  }

  /**
   * A password sign-in from `address` (Basic, and the OAuth password grant): the user if the
   * password matches and the account may sign in. Failures count against the address's login
   * throttle; a throttled address gets a 429 before any password is checked.
   */
  async signIn(userName: string, password: string, address: string): Promise<UserRow | undefined> {
    if (await this.throttle.blocked(address)) throw Errors.rateLimited('Too many failed logins from this address; retry later');
    const user = await this.verifyPassword(userName, password);
    if (user) await this.throttle.succeed(address);
    else await this.throttle.fail(address);
    return user;
  }

  /** The user if the password matches and the account may sign in. */
  async verifyPassword(userName: string, password: string): Promise<UserRow | undefined> {
    const user = (await this.db
      .selectFrom('sys_user')
      .select(['sys_id', 'user_name', 'active', 'locked_out', 'user_password'])
      .where('user_name', '=', userName)
      .executeTakeFirst()) as UserRow | undefined;
    // Verify even for unknown users' absent hashes is skipped; timing differences only reveal
    // whether a user name exists, which the throttle bounds.
    if (!user || !(await verifySecret(user.user_password, password))) return undefined;
    if (user.active !== 1 || user.locked_out === 1) return undefined;
    return user;
  }

  private async bearer(token: string): Promise<Actor> {
    const row = await this.db
      .selectFrom('oauth_credential as c')
      .innerJoin('sys_user as u', 'u.sys_id', 'c.user')
      .select(['u.sys_id', 'u.user_name', 'u.active', 'u.locked_out', 'c.expires'])
      .where('c.token', '=', hashToken(token))
      .where('c.type', '=', 'access_token')
      .executeTakeFirst();
    if (!row || String(row.expires) <= toGlideDateTime(this.clock.now())) throw Errors.notAuthenticated('Invalid or expired access token');
    if (row.active !== 1 || row.locked_out === 1) throw Errors.notAuthenticated('User is inactive or locked out');
    return this.actorOf({ sys_id: String(row.sys_id), user_name: String(row.user_name) });
  }

  async actorOf(user: { sys_id: string; user_name: string }): Promise<Actor> {
    return { userId: user.sys_id, userName: user.user_name, roles: await this.roles.rolesOfUser(this.db, user.sys_id) };
  }
}
