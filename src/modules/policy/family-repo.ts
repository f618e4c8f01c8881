import type { Kysely } from 'kysely';
import { isSysId } from '../../platform/ids/sys-id.ts';
import type { PhaseRow, ReleaseRow } from '../release/release-repo.ts';
import { ReleaseFamily } from './family.ts';

/**
 * Reads a release's family (see ReleaseFamily) in three statements: the release, the primary with
 * its children, and every phase of them. A cancelled child stays out unless it is the release asked for.
 */
export async function loadFamily(db: Kysely<any>, releaseId: string): Promise<ReleaseFamily | undefined> {
  if (!isSysId(releaseId)) return undefined;
  const release = (await db.selectFrom('sn_dpr_model_release').selectAll().where('sys_id', '=', releaseId).executeTakeFirst()) as ReleaseRow | undefined;
  if (!release) return undefined;
  const topId = release.parent ?? release.sys_id;
  const members = (await db
    .selectFrom('sn_dpr_model_release')
    .selectAll()
    .where((eb) => eb.or([eb('sys_id', '=', topId), eb('sys_id', '=', releaseId), eb.and([eb('parent', '=', topId), eb('state', '!=', 'cancelled')])]))
    .orderBy('sys_created_on')
    .orderBy('name')
    .orderBy('sys_id')
    .execute()) as ReleaseRow[];
  const phases = (await db
    .selectFrom('sn_dpr_model_release_phase')
    .selectAll()
    .where('release', 'in', members.map((m) => m.sys_id))
    .orderBy('order')
    .orderBy('sys_created_on')
    .orderBy('sys_id')
    .execute()) as PhaseRow[];
  return new ReleaseFamily(members.find((m) => m.sys_id === releaseId) ?? release, members, phases);
}
