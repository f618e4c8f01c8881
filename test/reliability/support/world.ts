import { createPolicyTemplate, packPolicy } from '../../policy/policy-world.ts';
import { createWorld, type World } from '../../support/fixtures.ts';
import type { TestServer } from '../../support/server.ts';

export const DPR_BASE = '/api/sn_dpr/digital_product_release';

export interface ReliabilityWorld {
  world: World;
  /** A two-phase timeline template whose first phase maps two content-pack policies. */
  policyTemplate: string;
  /** Policies mapped to the first phase of `policyTemplate` (executions per run). */
  mappingsPerRun: number;
}

/** The fixture world plus a policy template, written through the record store of `server`. */
export async function createReliabilityWorld(server: TestServer): Promise<ReliabilityWorld> {
  const world = await createWorld(server);
  const policyTemplate = await createPolicyTemplate(server, world, [
    { policy: await packPolicy(server, 'all_phase_tasks_closed') },
    { policy: await packPolicy(server, 'code_coverage_threshold'), config: { minCodeCoverageThreshold: 80 } },
  ]);
  return { world, policyTemplate, mappingsPerRun: 2 };
}

let created = 0;

/** The body of `POST …/release` for an In Progress release of the template. */
export function releaseBody(world: World, templateId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `Reliability release ${++created}-${process.pid}`,
    productId: world.products.payments,
    productVersion: world.versions.payments250,
    releaseTarget: templateId === world.templates.stage ? '' : world.targets.mar20,
    releaseOwner: world.users.pm,
    templateId,
    ...extra,
  };
}
