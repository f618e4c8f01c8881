/** Who is acting: the authenticated user, with the roles they hold after containment. */
export interface Actor {
  userId: string | null;
  userName: string;
  /** Effective roles: held roles and every role they contain. */
  roles: ReadonlySet<string>;
}

export const SYSTEM_ACTOR: Actor = { userId: null, userName: 'system', roles: new Set(['admin']) };

/** `admin` passes every role check (CONTRACT §3). */
export function hasAnyRole(actor: Actor, roles: readonly string[]): boolean {
  return actor.roles.has('admin') || roles.some((r) => actor.roles.has(r));
}
