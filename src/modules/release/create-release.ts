import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/clock.ts';
import { today } from '../../platform/clock/today.ts';
import type { Catalog } from '../../platform/db/catalog/types.ts';
import { Errors } from '../../platform/errors/catalogue.ts';
import type { Properties } from '../../platform/properties/properties.ts';
import type { Actor } from '../../platform/records/actor.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import { workingCalendarFor } from '../calendar/schedule-repo.ts';
import { loadTemplateBlueprint, type TemplateBlueprint } from '../template/template-repo.ts';
import type { ReleaseRequest } from './release-inputs.ts';
import { layoutRelease } from './release-layout.ts';
import { findActiveUser, findProduct, findTarget, findVersion, versionClasses, type ModelRow, type TargetRow } from './release-lookups.ts';
import { findRelease, openReleaseNamed, openValidatingReleaseOf, setCurrentPhase, versionNamed, type ReleaseRow } from './release-repo.ts';
import { outOfBandTarget } from './out-of-band-target.ts';
import { stampTemplate } from './stamp-template.ts';

export interface JobEnqueuer {
  enqueue(db: Kysely<any>, job: { type: string; payload: unknown; idempotencyKey?: string }): Promise<unknown>;
}

export interface ReleaseEngineDeps {
  store: RecordStore;
  properties: Properties;
  clock: Clock;
  catalog: Catalog;
  jobs?: JobEnqueuer;
}

export interface CreateReleaseResult {
  releaseId: string;
  progressId?: string;
}

export const INCLUDED_VERSIONS_JOB = 'release.create_included_versions';

/** Everything a release needs, resolved and checked, before anything is written. */
interface ReleasePlan {
  name: string;
  product: ModelRow;
  owner: string;
  description: string | null;
  blueprint: TemplateBlueprint;
  target: TargetRow | null;
  validatesVersion: boolean;
  version: { existing?: ModelRow; create?: string };
  included: ModelRow[];
  autoCreate: Array<{ product: ModelRow; version: string }>;
}

/**
 * `POST release` (CONTRACT §5.1): a Draft, a Draft's completion, or a full release created In
 * Progress from its template, with child releases for included versions. Runs inside the caller's
 * transaction; nothing is written until every rule has passed.
 */
export async function createRelease(deps: ReleaseEngineDeps, db: Kysely<any>, actor: Actor, req: ReleaseRequest): Promise<CreateReleaseResult> {
  const day = await today(deps.clock, deps.properties, db);
  if (req.draftReleaseId) return completeDraft(deps, db, actor, req, day);
  if (req.isDraft) return createDraft(deps, db, actor, req);
  const plan = await planRelease(deps, db, actor, req, day, undefined);
  return materialize(deps, db, actor, plan, day, undefined);
}

async function createDraft(deps: ReleaseEngineDeps, db: Kysely<any>, actor: Actor, req: ReleaseRequest): Promise<CreateReleaseResult> {
  if (!req.name) throw Errors.rule('name is required');
  if (req.includedVersions.length || req.autoCreateIncludedVersions.length) {
    throw Errors.rule('includedVersions and autoCreateIncludedVersions apply when the release leaves Draft; give them with draftReleaseId');
  }
  const product = await findProduct(db, deps.catalog, req.productId);
  const owner = req.releaseOwner ? (await findActiveUser(db, req.releaseOwner, 'Release owner')).sys_id : actor.userId;
  let template: TemplateBlueprint | undefined;
  if (req.templateId) template = await activeTemplate(db, req.templateId);
  const target = req.releaseTarget ? await findTarget(db, req.releaseTarget) : null;
  if (req.productVersion && req.autoCreateVersionName) throw Errors.rule('productVersion and autoCreateVersionName cannot both be given');
  const version = req.productVersion ? await versionOf(deps, db, product, req.productVersion) : undefined;
  if (await openReleaseNamed(db, req.name)) throw Errors.rule(`Release name ${req.name} is already used by an open release`);
  const versionId = version?.sys_id ?? (req.autoCreateVersionName ? await ensureVersion(deps, db, actor, product, req.autoCreateVersionName, req.validatesVersion === true) : null);
  const row = await deps.store.insert(db, actor, 'sn_dpr_model_release', {
    name: req.name,
    description: req.description ?? null,
    product: product.sys_id,
    version: versionId,
    owner,
    template: template?.sys_id ?? null,
    process_type: template?.process_type ?? null,
    release_target: target?.sys_id ?? null,
    readiness_date: target?.date ?? null,
    validates_version: req.validatesVersion === true,
    state: 'draft',
  });
  return { releaseId: String(row.sys_id) };
}

async function completeDraft(deps: ReleaseEngineDeps, db: Kysely<any>, actor: Actor, req: ReleaseRequest, day: string): Promise<CreateReleaseResult> {
  const draft = await findRelease(db, req.draftReleaseId!);
  if (!draft) throw Errors.rule(`Draft release ID is invalid: ${req.draftReleaseId}`);
  if (draft.state !== 'draft') throw Errors.rule(`Release ${draft.name} is not a Draft (current state: ${draft.state}); only a Draft can be completed`);
  const merged: ReleaseRequest = {
    ...req,
    name: req.name ?? draft.name,
    productId: req.productId ?? draft.product ?? undefined,
    releaseOwner: req.releaseOwner ?? draft.owner ?? undefined,
    templateId: req.templateId ?? draft.template ?? undefined,
    releaseTarget: req.releaseTarget ?? (req.releaseDate ? undefined : (draft.release_target ?? undefined)),
    productVersion: req.productVersion ?? (req.autoCreateVersionName ? undefined : (draft.version ?? undefined)),
    description: req.description ?? draft.description ?? undefined,
    validatesVersion: req.validatesVersion ?? draft.validates_version === 1,
  };
  const plan = await planRelease(deps, db, actor, merged, day, draft);
  return materialize(deps, db, actor, plan, day, draft);
}

async function activeTemplate(db: Kysely<any>, templateId: string): Promise<TemplateBlueprint> {
  const blueprint = /^[0-9a-f]{32}$/.test(templateId) ? await loadTemplateBlueprint(db, templateId) : undefined;
  if (!blueprint) throw Errors.rule(`Template ID is invalid: ${templateId}`);
  if (!blueprint.active) throw Errors.rule(`Template ${blueprint.name} is not active`);
  return blueprint;
}

async function versionOf(deps: ReleaseEngineDeps, db: Kysely<any>, product: ModelRow, versionId: string, label = 'Product version'): Promise<ModelRow> {
  const version = await findVersion(db, deps.catalog, versionId, label);
  if (version.product !== product.sys_id) throw Errors.rule(`${label} ${version.name} is not a version of ${product.name}`);
  return version;
}

async function planRelease(deps: ReleaseEngineDeps, db: Kysely<any>, actor: Actor, req: ReleaseRequest, day: string, draft: ReleaseRow | undefined): Promise<ReleasePlan> {
  if (!req.name) throw Errors.rule('name is required');
  if (!req.productId) throw Errors.rule('productId is required');
  if (!req.releaseOwner) throw Errors.rule('releaseOwner is required');
  if (!req.templateId) throw Errors.rule('templateId is required');
  const product = await findProduct(db, deps.catalog, req.productId);
  const owner = await findActiveUser(db, req.releaseOwner, 'Release owner');
  const blueprint = await activeTemplate(db, req.templateId);
  const validatesVersion = req.validatesVersion === true;
  if (validatesVersion && !blueprint.validates_version) {
    throw Errors.rule(`Template ${blueprint.name} does not validate versions; with validatesVersion true choose a template that validates versions`);
  }
  if (!validatesVersion && blueprint.validates_version) {
    throw Errors.rule(`Template ${blueprint.name} validates versions; it needs validatesVersion true`);
  }
  if (req.productVersion && req.autoCreateVersionName) throw Errors.rule('productVersion and autoCreateVersionName cannot both be given');
  const version: ReleasePlan['version'] = {};
  if (req.productVersion) {
    version.existing = await versionOf(deps, db, product, req.productVersion);
    if (validatesVersion) {
      const other = await openValidatingReleaseOf(db, version.existing.sys_id, draft?.sys_id);
      if (other) throw Errors.rule(`Version ${version.existing.name} is already validated by release ${other.name}`);
    }
  } else if (req.autoCreateVersionName) {
    const existing = await versionNamed(db, versionClasses(deps.catalog), product.sys_id, req.autoCreateVersionName);
    if (existing && validatesVersion) throw Errors.rule(`Version ${req.autoCreateVersionName} already exists for ${product.name}; a validating release needs a new version name`);
    version.create = req.autoCreateVersionName;
  }
  if (await openReleaseNamed(db, req.name, draft?.sys_id)) throw Errors.rule(`Release name ${req.name} is already used by an open release`);

  let target: TargetRow | null = null;
  if (req.releaseTarget) {
    target = await findTarget(db, req.releaseTarget);
  } else if (req.releaseDate) {
    if (!(await deps.properties.bool('sn_dpr.out_of_band_release_allowed', true, db))) {
      throw Errors.rule('Out-of-band release dates are not allowed (sn_dpr.out_of_band_release_allowed is false); choose a releaseTarget');
    }
    target = await outOfBandTarget(db, deps.store, actor, { calendarId: req.releaseCalendar, date: req.releaseDate, today: day });
  } else if (blueprint.process_type === 'timeline') {
    throw Errors.rule('A timeline release needs a readiness target: give releaseTarget, or releaseDate with releaseCalendar');
  } else if (await deps.properties.bool('sn_dpr.mandate_release_target', false, db)) {
    throw Errors.rule('A readiness target is required (sn_dpr.mandate_release_target is true): give releaseTarget, or releaseDate with releaseCalendar');
  }

  const limit = await deps.properties.int('sn_dpr.multi_product.included_products_limit', 10, db);
  const includedCount = req.includedVersions.length + req.autoCreateIncludedVersions.length;
  if (includedCount > limit) throw Errors.rule(`At most ${limit} included products are allowed (sn_dpr.multi_product.included_products_limit); got ${includedCount}`);
  const included: ModelRow[] = [];
  for (const id of req.includedVersions) included.push(await findVersion(db, deps.catalog, id, 'Included version'));
  const autoCreate: ReleasePlan['autoCreate'] = [];
  for (const item of req.autoCreateIncludedVersions) {
    if (!item.version) throw Errors.rule('autoCreateIncludedVersions needs a version name for every product');
    autoCreate.push({ product: await findProduct(db, deps.catalog, item.product, 'Included product'), version: item.version });
  }
  const seen = new Set([product.sys_id]);
  for (const productId of [...included.map((v) => v.product ?? ''), ...autoCreate.map((a) => a.product.sys_id)]) {
    if (seen.has(productId)) throw Errors.rule(`A product can be included only once, and not the primary product itself (product ${productId})`);
    seen.add(productId);
  }
  return { name: req.name, product, owner: owner.sys_id, description: req.description ?? null, blueprint, target, validatesVersion, version, included, autoCreate };
}

/** Finds or creates a version of the product (CONTRACT §8 Versions: `name` is `<product> <version>`). */
async function ensureVersion(deps: ReleaseEngineDeps, db: Kysely<any>, actor: Actor, product: ModelRow, version: string, mustBeNew: boolean): Promise<string> {
  const existing = await versionNamed(db, versionClasses(deps.catalog), product.sys_id, version);
  if (existing) {
    if (mustBeNew) throw Errors.rule(`Version ${version} already exists for ${product.name}`);
    return existing.sys_id;
  }
  const row = await deps.store.insert(db, actor, 'cmdb_sw_component_model', { product: product.sys_id, version, name: `${product.name} ${version}` });
  return String(row.sys_id);
}

async function materialize(deps: ReleaseEngineDeps, db: Kysely<any>, actor: Actor, plan: ReleasePlan, day: string, draft: ReleaseRow | undefined): Promise<CreateReleaseResult> {
  const calendar = await workingCalendarFor(db, plan.blueprint.schedule);
  const layout = layoutRelease(plan.blueprint, plan.target?.date ?? null, calendar, {
    today: day,
    allowAnyDates: await deps.properties.bool('sn_dpr_model.allow_any_release_dates', false, db),
    maxDuration: await deps.properties.int('sn_dpr.max_template_duration', 730, db),
  });
  const sequentialTasks = await deps.properties.bool('sn_dpr.sequential_task_execution', true, db);
  const versionId = plan.version.existing?.sys_id ?? (plan.version.create ? await ensureVersion(deps, db, actor, plan.product, plan.version.create, plan.validatesVersion) : null);
  const fields = {
    name: plan.name,
    description: plan.description,
    product: plan.product.sys_id,
    owner: plan.owner,
    template: plan.blueprint.sys_id,
    process_type: plan.blueprint.process_type,
    validates_version: plan.validatesVersion,
    release_target: plan.target?.sys_id ?? null,
    readiness_date: plan.target?.date ?? null,
    planned_start_date: layout.plannedStart,
    planned_end_date: layout.plannedEnd,
    actual_start_date: day,
    schedule: plan.blueprint.schedule,
    state: 'in_progress',
    policy_status: 'not_run',
  };
  const stampOne = async (releaseId: string) => {
    const first = await stampTemplate(db, deps.store, actor, { releaseId, blueprint: plan.blueprint, layout, startFirstPhase: true, today: day, sequentialTasks });
    await setCurrentPhase(db, releaseId, first);
  };

  let releaseId: string;
  if (draft) {
    await deps.store.update(db, actor, 'sn_dpr_model_release', draft.sys_id, { ...fields, version: versionId });
    releaseId = draft.sys_id;
  } else {
    releaseId = String((await deps.store.insert(db, actor, 'sn_dpr_model_release', { ...fields, version: versionId })).sys_id);
  }
  await stampOne(releaseId);

  for (const version of plan.included) {
    const productName = (await findProduct(db, deps.catalog, version.product ?? undefined, 'Included product')).name;
    const child = await deps.store.insert(db, actor, 'sn_dpr_model_release', {
      ...fields,
      name: `${plan.name} - ${productName}`,
      product: version.product,
      version: version.sys_id,
      parent: releaseId,
      validates_version: false,
    });
    await stampOne(String(child.sys_id));
  }

  if (plan.autoCreate.length === 0) return { releaseId };
  if (!deps.jobs) throw new Error('autoCreateIncludedVersions needs the job queue');
  const progress = await deps.store.insert(db, actor, 'sys_progress_worker', {
    name: `Create included versions of ${plan.name}`,
    state: 'pending',
    percent_complete: 0,
    message: `${plan.autoCreate.length} product(s) queued`,
  });
  const progressId = String(progress.sys_id);
  await deps.jobs.enqueue(db, {
    type: INCLUDED_VERSIONS_JOB,
    payload: { releaseId, progressId, actor: actor.userName, items: plan.autoCreate.map((a) => ({ product: a.product.sys_id, version: a.version })) },
    idempotencyKey: `included-versions:${progressId}`,
  });
  return { releaseId, progressId };
}

/**
 * Creates one child release of a primary (its template, owner, target, state; its own phases,
 * tasks and mappings). Used by the included-versions job.
 */
export async function createChildRelease(deps: ReleaseEngineDeps, db: Kysely<any>, actor: Actor, primary: ReleaseRow, product: ModelRow, versionName: string): Promise<string> {
  if (!primary.template) throw Errors.rule(`Release ${primary.name} has no template`);
  const blueprint = await activeTemplate(db, primary.template);
  const day = await today(deps.clock, deps.properties, db);
  const calendar = await workingCalendarFor(db, blueprint.schedule);
  const layout = layoutRelease(blueprint, primary.readiness_date, calendar, {
    today: day,
    // The primary's dates were checked when it was created; the child follows them.
    allowAnyDates: true,
    maxDuration: await deps.properties.int('sn_dpr.max_template_duration', 730, db),
  });
  const versionId = await ensureVersion(deps, db, actor, product, versionName, false);
  const child = await deps.store.insert(db, actor, 'sn_dpr_model_release', {
    name: `${primary.name} - ${product.name}`,
    product: product.sys_id,
    version: versionId,
    parent: primary.sys_id,
    owner: primary.owner,
    template: blueprint.sys_id,
    process_type: blueprint.process_type,
    release_target: primary.release_target,
    readiness_date: primary.readiness_date,
    planned_start_date: layout.plannedStart,
    planned_end_date: layout.plannedEnd,
    actual_start_date: primary.actual_start_date,
    schedule: blueprint.schedule,
    state: primary.state,
  });
  const first = await stampTemplate(db, deps.store, actor, {
    releaseId: String(child.sys_id),
    blueprint,
    layout,
    startFirstPhase: primary.state === 'in_progress',
    today: day,
    sequentialTasks: await deps.properties.bool('sn_dpr.sequential_task_execution', true, db),
  });
  await setCurrentPhase(db, String(child.sys_id), first);
  return String(child.sys_id);
}
