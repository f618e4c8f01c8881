import type { Catalog, TableMeta } from '../../platform/db/catalog/types.ts';
import { Errors } from '../../platform/errors/catalogue.ts';
import { hasAnyRole, type Actor } from '../../platform/records/actor.ts';
import type { StoredValue } from '../../platform/records/coerce-value.ts';

/**
 * Who may read and write which table through the Table API (CONTRACT §3, §8). The rules are data,
 * in the two tables below, so that the documentation and the checks cannot drift apart.
 *
 * - `admin` reads and writes every table (it passes every role check).
 * - Reads: the first READ_RULES entry that matches the requested table decides; a table no entry
 *   matches (`oauth_entity`, `oauth_credential`, `sys_job`, `sys_trigger`, `sys_properties`, …)
 *   is admin-only. Containment counts: `release_admin`, `product_manager` and
 *   `release_coordinator` contain `release_user`, so naming `release_user` admits them too.
 * - Writes need `admin`, except the WRITE_GRANTS: a grant names the concrete table, the operation,
 *   the roles, the only fields the write may change and, for some fields, the values they may take.
 *   A field counts as changed when the value sent differs from the stored one (on insert: from the
 *   column's default), so a client may send back unchanged fields it read.
 * - Reads through a reference obey the same rules: a dot-walk (`task.short_description`) into a
 *   table the caller cannot read is treated like an unknown field, and a reference into such a
 *   table shows an empty display value.
 */

const RELEASE_USER = 'sn_dpr_model.release_user';
const RELEASE_ADMIN = 'sn_dpr_model.release_admin';
const PRODUCT_MANAGER = 'sn_dpr_model.product_manager';
const RELEASE_COORDINATOR = 'sn_dpr_model.release_coordinator';

/**
 * "Every DPR role" (CONTRACT §8): the persona roles of DOMAIN.md §5.1. `release_user` stands for
 * itself and the three roles containing it; the calendar and template admins contain no
 * `release_user`, so they are named.
 */
const DPR_ROLES = [RELEASE_USER, 'sn_dpr_model.release_calendar_admin', 'sn_dpr_model.release_template_admin'] as const;

type Readers = readonly string[] | 'authenticated';

interface ReadRule {
  /** What the rule covers, as shown in a refusal. */
  readonly covers: string;
  readonly matches: (table: TableMeta) => boolean;
  readonly readers: Readers;
}

const named = (...names: string[]) => (t: TableMeta) => names.includes(t.name);
const prefixed = (...prefixes: string[]) => (t: TableMeta) => prefixes.some((p) => t.name.startsWith(p));
const family = (root: string) => (t: TableMeta) => t.root === root;

/** First match wins: `sn_dpr_model_release_task` is a DPR table before it is a task table. */
export const READ_RULES: readonly ReadRule[] = [
  // The dictionary describes the schema to any client (CONTRACT §8); sys_db_object names the hierarchy.
  { covers: 'the dictionary', matches: named('sys_dictionary', 'sys_db_object'), readers: 'authenticated' },
  { covers: 'DPR tables', matches: prefixed('sn_dpr_', 'sn_pace_'), readers: DPR_ROLES },
  { covers: 'task tables', matches: family('task'), readers: [RELEASE_USER] },
  { covers: 'product tables', matches: family('cmdb_model'), readers: DPR_ROLES },
  {
    covers: 'user tables',
    matches: named('sys_user', 'sys_user_role', 'sys_user_has_role', 'sys_user_role_contains'),
    readers: DPR_ROLES,
  },
  { covers: 'schedules', matches: named('cmn_schedule', 'cmn_schedule_span'), readers: DPR_ROLES },
  // Release creation hands out a `progressId` (CONTRACT §5.1) that its caller polls here.
  { covers: 'progress trackers', matches: named('sys_progress_worker'), readers: DPR_ROLES },
];

export type WriteOperation = 'insert' | 'update' | 'delete';

interface WriteGrant {
  /** The concrete table of the record written. */
  readonly table: string;
  readonly operation: WriteOperation;
  readonly roles: readonly string[];
  /** The only fields the write may change. */
  readonly fields: readonly string[];
  /** For some of those fields, the only values they may be changed to. */
  readonly values?: Readonly<Record<string, readonly string[]>>;
}

export const WRITE_GRANTS: readonly WriteGrant[] = [
  // Release users work their tasks: progress, approval, notes (CONTRACT §3).
  { table: 'sn_dpr_model_release_task', operation: 'update', roles: [RELEASE_USER], fields: ['state', 'approval', 'work_notes'] },
  // Waivers are requested by the planning roles and decided by a release admin (CONTRACT §3, §8).
  {
    table: 'sn_dpr_policy_exception',
    operation: 'insert',
    roles: [PRODUCT_MANAGER, RELEASE_COORDINATOR, RELEASE_ADMIN],
    fields: ['mapping', 'reason', 'justification', 'start_date', 'end_date', 'state'],
    values: { state: ['requested'] },
  },
  {
    table: 'sn_dpr_policy_exception',
    operation: 'update',
    roles: [RELEASE_ADMIN],
    fields: ['state'],
    values: { state: ['approved', 'rejected'] },
  },
];

const isAdmin = (actor: Actor) => actor.roles.has('admin');

function readRuleOf(table: TableMeta): ReadRule | undefined {
  return READ_RULES.find((r) => r.matches(table));
}

export function canRead(actor: Actor, table: TableMeta): boolean {
  if (isAdmin(actor)) return true;
  const rule = readRuleOf(table);
  if (!rule) return false;
  return rule.readers === 'authenticated' || hasAnyRole(actor, rule.readers);
}

export function assertCanRead(actor: Actor, table: TableMeta): void {
  if (canRead(actor, table)) return;
  const rule = readRuleOf(table);
  const who = !rule || rule.readers === 'authenticated' ? 'admin' : `one of the roles ${rule.readers.join(', ')}`;
  throw Errors.forbidden(`Reading ${rule?.covers ?? `table ${table.name}`} requires ${who}`);
}

/**
 * True when some grant could let the actor perform `operation` through `table`: on the table itself
 * for an insert, on it or a table extending it for an update or delete (a release task may be
 * updated through `task`). Checked before the record is looked up, so a caller without any grant
 * learns nothing about which records exist.
 */
export function mayAttempt(actor: Actor, table: TableMeta, operation: WriteOperation): boolean {
  if (isAdmin(actor)) return true;
  const reachable = operation === 'insert' ? [table.name] : table.classNames;
  return WRITE_GRANTS.some((g) => g.operation === operation && reachable.includes(g.table) && hasAnyRole(actor, g.roles));
}

export function assertMayAttempt(actor: Actor, table: TableMeta, operation: WriteOperation): void {
  if (!mayAttempt(actor, table, operation)) throw Errors.forbidden(`Writing to table ${table.name} (${operation}) requires admin`);
}

/**
 * Refuses a write whose changes (field → new stored value) no grant of the actor allows on the
 * record's concrete table.
 */
export function assertCanWrite(actor: Actor, concrete: TableMeta, operation: WriteOperation, changes: ReadonlyMap<string, StoredValue>): void {
  if (isAdmin(actor)) return;
  const grants = WRITE_GRANTS.filter((g) => g.operation === operation && g.table === concrete.name && hasAnyRole(actor, g.roles));
  if (grants.length === 0) throw Errors.forbidden(`Writing to table ${concrete.name} (${operation}) requires admin`);
  const refusals = grants.map((g) => refusalOf(g, changes));
  if (refusals.some((r) => r === undefined)) return;
  throw Errors.forbidden(refusals[0]!);
}

function refusalOf(grant: WriteGrant, changes: ReadonlyMap<string, StoredValue>): string | undefined {
  for (const [field, value] of changes) {
    if (!grant.fields.includes(field)) {
      return `This user may change only ${grant.fields.join(', ')} of ${grant.table} records; the request changes ${field}`;
    }
    const allowed = grant.values?.[field];
    if (allowed && !allowed.includes(String(value ?? ''))) {
      return `This user may set ${field} of ${grant.table} records only to ${allowed.join(' or ')}`;
    }
  }
  return undefined;
}

/** The readability test bound to one actor, as the field planner and reference loader take it. */
export function readableBy(actor: Actor): (table: TableMeta) => boolean {
  return (table) => canRead(actor, table);
}

/** Tables a catalog holds that no read rule covers: admin-only (listed in the docs and tests). */
export function adminOnlyTables(catalog: Catalog): string[] {
  return catalog
    .all()
    .filter((t) => !readRuleOf(t))
    .map((t) => t.name)
    .sort();
}
