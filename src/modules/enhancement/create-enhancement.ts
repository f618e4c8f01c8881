import type { Kysely } from 'kysely';
import { Errors } from '../../platform/errors/catalogue.ts';
import type { Actor } from '../../platform/records/actor.ts';
import type { RecordStore } from '../../platform/records/record-store.ts';
import type { Row } from '../../platform/records/row.ts';
import type { CreateEnhancementBody } from './schemas.ts';

export const ENHANCEMENT_PRIORITIES = ['high', 'medium', 'low'] as const;
export type EnhancementPriority = (typeof ENHANCEMENT_PRIORITIES)[number];

/** Tables whose records may be the enhancement's product (dpr-rest-api.txt `productSysId`). */
const PRODUCT_TABLES = ['cmdb_application_product_model', 'cmdb_service_product_model'];

/** The body with blanks removed: every field is a meaningful value or undefined. */
export interface EnhancementRequest {
  name?: string;
  productSysId?: string;
  priority?: string;
  description?: string;
  versionSysId?: string;
  releaseSysId?: string;
  productFeatureSysId?: string;
}

const text = (v: string | null | undefined) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export function normalizeEnhancementBody(body: CreateEnhancementBody): EnhancementRequest {
  return {
    name: text(body.name),
    productSysId: text(body.productSysId),
    priority: text(body.priority),
    // The description keeps its own spacing (it is free text); only a blank one is "not given".
    description: text(body.description) === undefined ? undefined : (body.description as string),
    versionSysId: text(body.versionSysId),
    releaseSysId: text(body.releaseSysId),
    productFeatureSysId: text(body.productFeatureSysId),
  };
}

/**
 * Creates an `open` product enhancement (DOMAIN.md §3.11) after checking that the version belongs
 * to the product, the release to the version and the feature to the product. A release given
 * without a version lends the enhancement its version (it must then be a release of the product):
 * the reference ties a release to a version, so the version is implied rather than missing.
 */
export async function createEnhancement(store: RecordStore, db: Kysely<any>, actor: Actor, input: EnhancementRequest): Promise<Row> {
  if (!input.name) throw Errors.rule('name is required');
  if (!input.productSysId) throw Errors.rule('productSysId is required');
  const priority = input.priority ?? 'medium';
  if (!(ENHANCEMENT_PRIORITIES as readonly string[]).includes(priority)) {
    throw Errors.rule(`priority must be one of ${ENHANCEMENT_PRIORITIES.join(', ')} (got "${priority}")`);
  }

  const product = await store.get(db, 'cmdb_model', input.productSysId);
  if (!product || !PRODUCT_TABLES.some((t) => store.table(t).classNames.includes(String(product.sys_class_name)))) {
    throw Errors.rule('productSysId is invalid: it must be the sys_id of a product (cmdb_application_product_model) or a service (cmdb_service_product_model)');
  }
  const productId = String(product.sys_id);

  let versionId: string | undefined;
  if (input.versionSysId) {
    const version = await store.get(db, 'cmdb_model', input.versionSysId);
    if (!version) throw Errors.rule('versionSysId is invalid: no product or service version has this sys_id');
    if (version.product !== productId) throw Errors.rule('versionSysId must be a version of the product or service given in productSysId');
    versionId = String(version.sys_id);
  }

  let releaseId: string | undefined;
  if (input.releaseSysId) {
    const release = await store.get(db, 'sn_dpr_model_release', input.releaseSysId);
    if (!release) throw Errors.rule('releaseSysId is invalid: no release has this sys_id');
    if (versionId) {
      if (release.version !== versionId) throw Errors.rule('releaseSysId must be a release of the version given in versionSysId');
    } else if (release.version) {
      const version = await store.get(db, 'cmdb_model', String(release.version));
      if (version?.product !== productId) throw Errors.rule('releaseSysId must be a release of the product or service given in productSysId');
      versionId = String(release.version);
    } else if (release.product !== productId) {
      throw Errors.rule('releaseSysId must be a release of the product or service given in productSysId');
    }
    releaseId = String(release.sys_id);
  }

  let featureId: string | undefined;
  if (input.productFeatureSysId) {
    const feature = await store.get(db, 'sn_dpr_model_product_feature', input.productFeatureSysId);
    if (!feature) throw Errors.rule('productFeatureSysId is invalid: no product feature has this sys_id');
    if (feature.product !== productId) throw Errors.rule('productFeatureSysId must be a feature of the product or service given in productSysId');
    featureId = String(feature.sys_id);
  }

  return store.insert(db, actor, 'sn_dpr_model_product_enhancement', {
    name: input.name,
    product: productId,
    version: versionId ?? null,
    release: releaseId ?? null,
    feature: featureId ?? null,
    priority,
    description: input.description ?? null,
    state: 'open',
  });
}
