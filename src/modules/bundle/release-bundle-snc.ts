import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { Errors } from '../../platform/errors/catalogue.ts';
import { isSysId } from '../../platform/ids/sys-id.ts';
import type { Actor } from '../../platform/records/actor.ts';
import { RELEASE_STATE_LABELS, releaseLabel } from '../release/release-states.ts';
import {
  countActiveMappings,
  countEnhancements,
  countReleaseTasks,
  countReleasesByState,
  findBundle,
  listMemberReleases,
  type BundleRow,
  type MemberRelease,
} from './bundle-repo.ts';
import { BUNDLE_STATE_LABELS, type BundleState } from './bundle-state.ts';

/**
 * What a `ReleaseBundleSNC` (and every extension subclass) is constructed with, once per request.
 *
 * Contract for extension authors (`DPR_EXTENSIONS`, CONTRACT §8):
 * - a subclass constructor, if it has one, must call `super(context)` with this object unchanged;
 * - `db` is the server's Kysely instance: read freely, but never write through it (writes must go
 *   through the record store so that business rules apply), and never hold it across slow network
 *   calls inside a transaction;
 * - `clock` is the server's clock (use `clock.now()`, not `Date.now()`, so that tests and replays
 *   that move the clock see consistent times);
 * - `actor` is the caller (`userName`, `roles`);
 * - `log` is the request's logger (`log.info({...}, 'message')`).
 */
export interface ReleaseBundleContext {
  db: Kysely<any>;
  clock: Clock;
  actor: Actor;
  log: BundleLogger;
}

export interface BundleLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface BundleAggregates {
  /** Release state label → number of member releases (only states with at least one). */
  releaseAggregate: Record<string, number>;
  taskAggregate: { approval: number; nonApproval: number };
  policyAggregate: { Executed: number; Pending: number };
  enhancementAggregate: { Open: number; Closed: number };
}

/** The body of `GET bundle/{sysId}` (the reference's bare object, no `result` wrapper). */
export interface BundleDetails {
  sysId: string;
  name: string;
  /** The owner's `user_name`, or `""`. */
  owner: string;
  releases: { count: number; list: string[] };
  aggregates?: BundleAggregates;
}

/** A bundle record as the helper `getBundle` returns it. */
export interface BundleRecord {
  sysId: string;
  name: string;
  description: string;
  owner: string;
  /** Stored state (`draft`, `ready`, `in_progress`, `completed`) and its label. */
  state: string;
  stateLabel: string;
  active: boolean;
}

/** A member release as the helper `getReleases` returns it. */
export interface BundleRelease {
  sysId: string;
  number: string;
  name: string;
  state: string;
  stateLabel: string;
}

/**
 * The default behaviour of `GET bundle/{sysId}`, named after the platform's script include
 * (`ReleaseBundleSNC`, which customers override in `ReleaseBundle`). The number of SQL statements
 * is fixed whatever the size of the bundle: two (bundle, members), plus four counting queries for
 * the aggregates.
 */
export class ReleaseBundleSNC {
  protected readonly db: Kysely<any>;
  protected readonly clock: Clock;
  protected readonly actor: Actor;
  protected readonly log: BundleLogger;

  constructor(context: ReleaseBundleContext) {
    this.db = context.db;
    this.clock = context.clock;
    this.actor = context.actor;
    this.log = context.log;
  }

  /**
   * The response body for bundle `sysId`; `aggregates` only when `sendAggregation` is true.
   * Unknown ids are a 400 (`Bundle ID is invalid`).
   */
  async getReleaseBundleDetails(sysId: string, sendAggregation: boolean): Promise<BundleDetails> {
    const bundle = await this.getBundle(sysId);
    if (!bundle) throw Errors.rule('Bundle ID is invalid');
    const releases = await this.getReleases(bundle.sysId);
    const details: BundleDetails = {
      sysId: bundle.sysId,
      name: bundle.name,
      owner: bundle.owner,
      releases: { count: releases.length, list: releases.map((r) => r.sysId) },
    };
    if (sendAggregation) details.aggregates = await this.getAggregates(bundle.sysId);
    return details;
  }

  /** The bundle record, or undefined when `sysId` names no bundle. Helper for subclasses. */
  async getBundle(sysId: string): Promise<BundleRecord | undefined> {
    if (!isSysId(sysId)) return undefined;
    const row: BundleRow | undefined = await findBundle(this.db, sysId);
    if (!row) return undefined;
    const state = row.state ?? 'draft';
    return {
      sysId: row.sysId,
      name: row.name,
      description: row.description ?? '',
      owner: row.ownerUserName ?? '',
      state,
      stateLabel: BUNDLE_STATE_LABELS[state as BundleState] ?? state,
      active: row.active,
    };
  }

  /** The bundle's member releases, by release number. Helper for subclasses. */
  async getReleases(bundleId: string): Promise<BundleRelease[]> {
    const rows: MemberRelease[] = await listMemberReleases(this.db, bundleId);
    return rows.map((r) => ({ sysId: r.sysId, number: r.number ?? '', name: r.name, state: r.state ?? '', stateLabel: r.state ? releaseLabel(r.state) : '' }));
  }

  /**
   * The four aggregates, each counted by one SQL statement. Tasks and policy mappings of cancelled
   * or restarted phases are left out; task, policy and enhancement aggregates always carry both keys.
   */
  async getAggregates(bundleId: string): Promise<BundleAggregates> {
    const [byState, tasks, mappings, enhancements] = await Promise.all([
      countReleasesByState(this.db, bundleId),
      countReleaseTasks(this.db, bundleId),
      countActiveMappings(this.db, bundleId),
      countEnhancements(this.db, bundleId),
    ]);
    return {
      releaseAggregate: releaseAggregate(byState),
      taskAggregate: { approval: tasks.approved, nonApproval: tasks.total - tasks.approved },
      policyAggregate: { Executed: mappings.executed, Pending: mappings.total - mappings.executed },
      enhancementAggregate: { Open: enhancements.open, Closed: enhancements.total - enhancements.open },
    };
  }
}

/** Label → count in the release lifecycle's order (unknown stored values keep their own name). */
function releaseAggregate(byState: Array<{ state: string; count: number }>): Record<string, number> {
  const order = Object.keys(RELEASE_STATE_LABELS);
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  const aggregate: Record<string, number> = {};
  for (const { state, count } of [...byState].sort((a, b) => rank(a.state) - rank(b.state) || a.state.localeCompare(b.state))) {
    if (count > 0) aggregate[releaseLabel(state)] = count;
  }
  return aggregate;
}
