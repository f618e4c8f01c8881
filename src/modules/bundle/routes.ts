import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { Errors } from '../../platform/errors/catalogue.ts';
import { requireRoles } from '../auth/guard.ts';
import { dprRoute } from '../dpr/dpr-routes.ts';
import { ENDPOINT_ROLES } from '../dpr/roles.ts';
import type { BundleExtension, ReleaseBundleClass } from './bundle-extension.ts';
import { ReleaseBundleSNC } from './release-bundle-snc.ts';
import { BundleDetailsBody, BundleParams, BundleQuery, ExtendedBundleBody } from './schemas.ts';

/** `sendAggregation`: `true`/`false` in any case; absent or blank is false; anything else is a 400. */
export function parseSendAggregation(value: string | undefined): boolean {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '' || text === 'false') return false;
  if (text === 'true') return true;
  throw Errors.rule(`sendAggregation must be true or false (got "${value}")`);
}

/**
 * `GET bundle/{sysId}` under both DPR prefixes (CONTRACT §5.9). The work is done by an instance of
 * `ReleaseBundleSNC`, or of the `ReleaseBundle` subclass of the `DPR_EXTENSIONS` module.
 */
export async function bundleRoutes(app: FastifyInstance, opts: { services: Services; extension?: BundleExtension }): Promise<void> {
  const { services, extension } = opts;
  const Implementation: ReleaseBundleClass = extension?.ReleaseBundle ?? ReleaseBundleSNC;
  const extended = Implementation !== ReleaseBundleSNC;
  dprRoute(
    app,
    'GET',
    '/bundle/:sysId',
    {
      preHandler: requireRoles(...ENDPOINT_ROLES.getBundle),
      schema: { params: BundleParams, querystring: BundleQuery, response: { 200: extended ? ExtendedBundleBody : BundleDetailsBody } },
    },
    async (request) => {
      const { sysId } = request.params as { sysId: string };
      const sendAggregation = parseSendAggregation((request.query as { sendAggregation?: string }).sendAggregation);
      const context = { db: services.database.db, clock: services.clock, actor: request.actor, log: request.log };
      if (!extended) return new ReleaseBundleSNC(context).getReleaseBundleDetails(sysId, sendAggregation);
      try {
        const body: unknown = await new Implementation(context).getReleaseBundleDetails(sysId, sendAggregation);
        if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new TypeError('getReleaseBundleDetails must return (or resolve to) an object');
        return body;
      } catch (error) {
        // Deliberate errors (the base class's 400 for an unknown id, or an AppError the extension
        // throws) keep their status; anything else is the extension's bug: a 500 naming the module.
        if (error instanceof AppError) throw error;
        request.log.error({ err: error, extension: extension?.path }, `DPR_EXTENSIONS module ${extension?.path} failed in ReleaseBundle.getReleaseBundleDetails`);
        throw Errors.internal(String(request.id));
      }
    },
  );
}
