import type { Kysely } from 'kysely';

/**
 * Effective roles with containment (CONTRACT §3): a user holds the roles granted to them and,
 * transitively, every role those contain. The containment graph is small and read on every
 * request, so it is cached and reloaded when role tables change.
 */
export class RoleResolver {
  private graph: Promise<Map<string, string[]>> | undefined;

  constructor(private readonly db: Kysely<any>) {}

  private readonly listeners: Array<() => void> = [];

  invalidate(): void {
    this.graph = undefined;
    for (const listener of this.listeners) listener();
  }

  /** Called whenever role grants or containment change (the authenticator drops cached actors). */
  onInvalidate(listener: () => void): void {
    this.listeners.push(listener);
  }

  private load(): Promise<Map<string, string[]>> {
    this.graph ??= (async () => {
      const rows = await this.db
        .selectFrom('sys_user_role_contains as c')
        .innerJoin('sys_user_role as r', 'r.sys_id', 'c.role')
        .innerJoin('sys_user_role as x', 'x.sys_id', 'c.contains')
        .select(['r.name as role', 'x.name as contains'])
        .execute();
      const graph = new Map<string, string[]>();
      for (const { role, contains } of rows) graph.set(role, [...(graph.get(role) ?? []), contains]);
      return graph;
    })();
    return this.graph;
  }

  async expand(held: Iterable<string>): Promise<Set<string>> {
    const graph = await this.load();
    const out = new Set<string>();
    const stack = [...held];
    while (stack.length) {
      const role = stack.pop()!;
      if (out.has(role)) continue;
      out.add(role);
      stack.push(...(graph.get(role) ?? []));
    }
    return out;
  }

  async rolesOfUser(db: Kysely<any>, userId: string): Promise<Set<string>> {
    const rows = await db
      .selectFrom('sys_user_has_role as h')
      .innerJoin('sys_user_role as r', 'r.sys_id', 'h.role')
      .select('r.name')
      .where('h.user', '=', userId)
      .execute();
    return this.expand(rows.map((r) => r.name as string));
  }
}
