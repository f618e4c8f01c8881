// Example DPR_EXTENSIONS module: customizes GET /api/sn_dpr/digital_product_release/bundle/{sysId},
// as a ServiceNow customer overrides getReleaseBundleDetails() in the ReleaseBundle script include.
//
// Use it with:   DPR_EXTENSIONS=examples/extensions/release-bundle.mjs npm start
//
// The contract (CONTRACT §8 "Extension module"):
// - The module is loaded once at start; if it cannot be loaded the server does not start.
// - If it exports `ReleaseBundle`, that is a function receiving the base class `ReleaseBundleSNC`
//   and returning a subclass of it. The bundle endpoint then answers with what an instance of the
//   subclass returns from `getReleaseBundleDetails(sysId, sendAggregation)` (a plain object, or a
//   promise of one), serialized as returned.
// - `sendAggregation` arrives as a boolean. `super.getReleaseBundleDetails(...)` gives the default
//   body ({ sysId, name, owner, releases: { count, list }, aggregates? }); add or change fields.
// - An unknown bundle id makes the base method throw a 400 error ("Bundle ID is invalid"): let it
//   pass through. Any other exception is answered with a 500 and logged with this module's path.
// - An instance is created per request with a context object. A subclass constructor, if any, must
//   call `super(context)`. The instance then has:
//     this.db      the server's Kysely instance (read only: never write through it);
//     this.clock   the server's clock (this.clock.now(); it may run ahead of the real time);
//     this.actor   the caller ({ userName, roles });
//     this.log     the request's logger (this.log.info({ ... }, 'message')).
//   and helpers: this.getBundle(sysId) → { sysId, name, description, owner, state, stateLabel,
//   active } or undefined; this.getReleases(bundleId) → [{ sysId, number, name, state,
//   stateLabel }] by release number; this.getAggregates(bundleId) → the four aggregates.

/**
 * Adds the bundle's derived state label (`bundleState`, e.g. "In Progress") and the names of its
 * releases in the order of `releases.list` (`releaseNames`).
 *
 * @param {typeof import('../../src/modules/bundle/release-bundle-snc.ts').ReleaseBundleSNC} ReleaseBundleSNC
 */
export function ReleaseBundle(ReleaseBundleSNC) {
  return class ReleaseBundle extends ReleaseBundleSNC {
    async getReleaseBundleDetails(sysId, sendAggregation) {
      const details = await super.getReleaseBundleDetails(sysId, sendAggregation);
      const bundle = await this.getBundle(details.sysId);
      const releases = await this.getReleases(details.sysId);
      return {
        ...details,
        bundleState: bundle ? bundle.stateLabel : '',
        releaseNames: releases.map((release) => release.name),
      };
    }
  };
}
