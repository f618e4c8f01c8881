import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, type World } from '../support/fixtures.ts';
import type { TestServer } from '../support/server.ts';
import { byName, createPolicyTemplate, createRelease, insert, phases, runAndReport, startPolicyServer } from './policy-world.ts';

const HUNDRED = `[${Array.from({ length: 100 }, (_, i) => i).join(', ')}]`;
/** 10^8 steps if it ran: accepted at save (it is valid CEL), refused by the cost bound at run time. */
const PATHOLOGICAL = `${HUNDRED}.all(a, ${HUNDRED}.all(b, ${HUNDRED}.all(c, ${HUNDRED}.all(d, a + b + c + d >= 0))))`;

describe.each(DIALECTS)('evaluation is bounded (%s)', (dialect) => {
  let server: TestServer;
  let world: World;

  beforeAll(async () => {
    server = await startPolicyServer(dialect);
    world = await createWorld(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('records a runaway or failing expression as non_compliant with the reason, and the run finishes promptly', async () => {
    const runaway = String((await insert(server, 'sn_pace_policy', { name: 'Runaway', condition: PATHOLOGICAL, message: '"never"' })).sys_id);
    const failing = String((await insert(server, 'sn_pace_policy', { name: 'Out of range', condition: 'tasks[10].state == 3', message: '"unreachable"' })).sys_id);
    const fine = String((await insert(server, 'sn_pace_policy', { name: 'Always', condition: 'true' })).sys_id);
    const template = await createPolicyTemplate(server, world, [{ policy: runaway }, { policy: failing }, { policy: fine }]);
    const id = await createRelease(server, world, template);

    const started = performance.now();
    const result = await runAndReport(server, world, id);
    expect(performance.now() - started).toBeLessThan(3000);
    const details = byName(result.products[0]);
    expect(details.Runaway.status).toBe('non_compliant');
    expect(details.Runaway.reason).toMatch(/^The policy could not be evaluated: the condition is too expensive for these inputs \(estimated .* units, budget 5000000\)$/);
    expect(JSON.parse(details.Runaway.executionOutput)).toMatchObject({ result: null, error: { stage: 'cost', code: 'cost_limit_exceeded' } });
    expect(details['Out of range'].status).toBe('non_compliant');
    expect(details['Out of range'].reason).toMatch(/^The policy could not be evaluated: /);
    expect(JSON.parse(details['Out of range'].executionOutput).error).toMatchObject({ stage: 'condition' });
    // Its neighbours are evaluated as usual; a policy without message gets the fallback reason.
    expect(details.Always).toMatchObject({ status: 'compliant', reason: 'Compliant' });
    expect((await phases(server, id))[0].policy_status).toBe('non_compliant');
  });
});
