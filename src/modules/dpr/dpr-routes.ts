import type { FastifyInstance, RouteShorthandOptions, RouteHandlerMethod, HTTPMethods } from 'fastify';

/** The two prefixes of every DPR endpoint (CONTRACT §2): default and versioned. */
export const DPR_PREFIXES = ['/api/sn_dpr/digital_product_release', '/api/sn_dpr/v1/digital_product_release'] as const;

/** Registers one DPR endpoint under both prefixes. */
export function dprRoute(app: FastifyInstance, method: HTTPMethods, path: string, options: RouteShorthandOptions, handler: RouteHandlerMethod): void {
  for (const prefix of DPR_PREFIXES) {
    app.route({ method, url: `${prefix}${path}`, ...options, handler } as never);
  }
}
