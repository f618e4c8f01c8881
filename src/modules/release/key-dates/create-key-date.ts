import type { Kysely } from 'kysely';
import type { Clock } from '../../../platform/clock/clock.ts';
import { today } from '../../../platform/clock/today.ts';
import { Errors } from '../../../platform/errors/catalogue.ts';
import type { Properties } from '../../../platform/properties/properties.ts';
import { hasAnyRole, type Actor } from '../../../platform/records/actor.ts';
import type { RecordStore } from '../../../platform/records/record-store.ts';
import type { RoleResolver } from '../../auth/role-resolver.ts';
import { KEY_DATE_ASSIGNEE_ROLES } from '../../dpr/roles.ts';
import { findActiveUser } from '../release-lookups.ts';
import { findRelease, phasesOf, type PhaseRow } from '../release-repo.ts';
import { releaseLabel } from '../release-states.ts';
import type { KeyDateRequest } from './key-date-inputs.ts';
import { keyDateNamed } from './key-date-repo.ts';

export interface KeyDateDeps {
  store: RecordStore;
  properties: Properties;
  clock: Clock;
  roles: RoleResolver;
  /** PostgreSQL locks the release row (see `findRelease`); SQLite serializes writers anyway. */
  postgres: boolean;
}

/** Releases whose plan is closed: their key dates are history and take no new ones. */
const CLOSED_STATES = ['completed', 'cancelled'];

/**
 * `POST release/{releaseId}/key_date` (CONTRACT §5.3): adds a key date to a timeline release, within
 * its planned window, linked to the phase it falls in. Runs inside the caller's transaction.
 *
 * Rules beyond the contract's (DOMAIN.md): names are unique within a release (§1.4 "Name (unique)");
 * a due date before today is refused unless `sn_dpr_model.allow_any_release_dates` (§6 "allow past
 * tasks/key dates").
 */
export async function createKeyDate(deps: KeyDateDeps, db: Kysely<any>, actor: Actor, releaseId: string, input: KeyDateRequest): Promise<string> {
  // The lock makes the name check hold against a concurrent request for the same release.
  const release = await findRelease(db, releaseId, { forUpdate: true, postgres: deps.postgres });
  if (!release) throw Errors.rule('Release ID is invalid');
  if (CLOSED_STATES.includes(release.state)) {
    throw Errors.rule(`Key dates cannot be added to release ${release.name}: it is ${releaseLabel(release.state)}`);
  }
  if (release.process_type !== 'timeline') {
    const kind = release.process_type === 'stage' ? 'is stage-oriented' : 'has no release template yet';
    throw Errors.rule(`Key dates can be added only to timeline-oriented releases: release ${release.name} ${kind}`);
  }
  const start = release.planned_start_date;
  const end = release.planned_end_date;
  if (!start || !end) {
    throw Errors.rule(`Release ${release.name} has no planned start and end dates yet (state ${releaseLabel(release.state)}); key dates need them`);
  }
  if (input.dueDate < start || input.dueDate > end) {
    throw Errors.rule(`dueDate ${input.dueDate} must be between the release's planned start date ${start} and planned end date ${end} (inclusive)`);
  }
  const day = await today(deps.clock, deps.properties, db);
  if (input.dueDate < day && !(await deps.properties.bool('sn_dpr_model.allow_any_release_dates', false, db))) {
    throw Errors.rule(`dueDate ${input.dueDate} is before today (${day}); past key dates need sn_dpr_model.allow_any_release_dates`);
  }
  if (await keyDateNamed(db, release.sys_id, input.name)) {
    throw Errors.rule(`Release ${release.name} already has a key date named ${input.name}`);
  }
  const assignee = input.assignedTo ? await eligibleAssignee(deps.roles, db, input.assignedTo) : null;

  const phase = phaseOn(await phasesOf(db, release.sys_id), input.dueDate);
  const row = await deps.store.insert(db, actor, 'sn_dpr_model_release_key_date', {
    release: release.sys_id,
    phase: phase?.sys_id ?? null,
    name: input.name,
    type: input.type,
    state: input.state,
    due_date: input.dueDate,
    assigned_to: assignee,
    description: input.description,
  });
  return String(row.sys_id);
}

/** An active user holding a DPR role a key date may be assigned to (DOMAIN.md §2.10; admin counts). */
async function eligibleAssignee(roles: RoleResolver, db: Kysely<any>, userId: string): Promise<string> {
  const user = await findActiveUser(db, userId, 'assignedTo');
  const held = await roles.rolesOfUser(db, user.sys_id);
  if (!hasAnyRole({ userId: user.sys_id, userName: user.user_name, roles: held }, KEY_DATE_ASSIGNEE_ROLES)) {
    throw Errors.rule(`assignedTo ${user.user_name} cannot be assigned key dates: the user needs one of the roles ${KEY_DATE_ASSIGNEE_ROLES.join(', ')}`);
  }
  return user.sys_id;
}

/**
 * The phase whose planned window holds the date. Days between two phases (the non-working days
 * after one phase's end) belong to the earlier phase: the latest phase starting on or before the date.
 */
function phaseOn(phases: PhaseRow[], date: string): PhaseRow | undefined {
  const live = phases.filter((p) => p.state !== 'cancelled' && p.state !== 'restarted' && p.planned_start_date && p.planned_end_date);
  return (
    live.find((p) => p.planned_start_date! <= date && date <= p.planned_end_date!) ??
    live.filter((p) => p.planned_start_date! <= date).sort((a, b) => (a.planned_start_date! < b.planned_start_date! ? -1 : 1)).at(-1)
  );
}
