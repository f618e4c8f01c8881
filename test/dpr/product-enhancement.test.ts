import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/db/transaction.ts';
import { SYSTEM_ACTOR } from '../../src/platform/records/actor.ts';
import { DIALECTS } from '../support/dialects.ts';
import { createWorld, PASSWORD, type World } from '../support/fixtures.ts';
import { createUser, startServer, type TestServer } from '../support/server.ts';

const PREFIXES = ['/api/sn_dpr/digital_product_release', '/api/sn_dpr/v1/digital_product_release'];
const PATH = '/product_enhancement';

describe.each(DIALECTS)('POST product_enhancement (%s)', (dialect) => {
  let server: TestServer;
  let world: World;
  /** Releases: of payments 2.4.0, of payments 2.5.0, of payments without a version, of mobile 3.1, of the portal offering. */
  let releases: { payments240: string; payments250: string; paymentsNoVersion: string; mobile31: string; portal: string };
  let features: { payments: string; mobile: string; portal: string };

  const stored = (sysId: string) =>
    server.handle.services.database.db.selectFrom('sn_dpr_model_product_enhancement').selectAll().where('sys_id', '=', sysId).executeTakeFirstOrThrow();
  const count = async () =>
    Number(
      (await server.handle.services.database.db.selectFrom('sn_dpr_model_product_enhancement').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
    );
  const post = (body: unknown, options: { auth?: [string, string] | null; prefix?: string } = {}) =>
    server.request('POST', `${options.prefix ?? PREFIXES[0]}${PATH}`, { auth: options.auth === undefined ? world.as('pm') : options.auth, body });

  beforeAll(async () => {
    server = await startServer(dialect, { DPR_NOW: '2025-10-01T00:00:00Z' });
    world = await createWorld(server);
    const { store, database } = server.handle.services;
    ({ releases, features } = await inTransaction(database.db, async (trx) => {
      const insert = (table: string, values: Record<string, unknown>) => store.insert(trx, SYSTEM_ACTOR, table, values).then((r) => String(r.sys_id));
      const release = (name: string, product: string, version: string | null) =>
        insert('sn_dpr_model_release', { name, product, version, state: 'pending', validates_version: version !== null, owner: world.users.pm });
      return {
        releases: {
          payments240: await release('Payments 2.4.0', world.products.payments, world.versions.payments240),
          payments250: await release('Payments 2.5.0', world.products.payments, world.versions.payments250),
          paymentsNoVersion: await release('Payments hotfix train', world.products.payments, null),
          mobile31: await release('Mobile 3.1', world.products.mobile, world.versions.mobile31),
          portal: await release('Portal 2025.4', world.products.portal, world.versions.portalOffering),
        },
        features: {
          payments: await insert('sn_dpr_model_product_feature', { name: 'Offline payments', product: world.products.payments }),
          mobile: await insert('sn_dpr_model_product_feature', { name: 'Biometric login', product: world.products.mobile }),
          portal: await insert('sn_dpr_model_product_feature', { name: 'Self-service', product: world.products.portal }),
        },
      };
    }));
  });
  afterAll(async () => server?.close());

  it('creates the reference example (every field) under both prefixes: 201 and an open enhancement', async () => {
    for (const prefix of PREFIXES) {
      const res = await post(
        {
          name: 'Offline streaming',
          productSysId: world.products.payments,
          priority: 'high',
          description: 'Enhancement description',
          versionSysId: world.versions.payments240,
          releaseSysId: releases.payments240,
          productFeatureSysId: features.payments,
        },
        { prefix },
      );
      expect(res.status).toBe(201);
      expect(res.json).toEqual({ result: { error: false, sysId: expect.stringMatching(/^[0-9a-f]{32}$/) } });
      expect(await stored(res.json.result.sysId)).toMatchObject({
        sys_class_name: 'sn_dpr_model_product_enhancement',
        sys_created_by: 'pm',
        sys_created_on: expect.stringMatching(/^2025-10-01 00:00:\d\d$/),
        name: 'Offline streaming',
        product: world.products.payments,
        priority: 'high',
        description: 'Enhancement description',
        version: world.versions.payments240,
        release: releases.payments240,
        feature: features.payments,
        state: 'open',
      });
    }
  });

  it('needs only name and productSysId; priority defaults to medium; null, "" and unknown fields mean "not given"', async () => {
    const minimal = await post({ name: 'Dark mode', productSysId: world.products.mobile });
    expect(minimal.status).toBe(201);
    expect(await stored(minimal.json.result.sysId)).toMatchObject({
      name: 'Dark mode',
      product: world.products.mobile,
      priority: 'medium',
      state: 'open',
      version: null,
      release: null,
      feature: null,
      description: null,
    });

    const blanks = await post({
      name: 'Backlog item',
      productSysId: world.products.mobile,
      priority: '',
      description: null,
      versionSysId: '',
      releaseSysId: null,
      productFeatureSysId: '',
      releaseDate: '',
      somethingElse: { nested: true },
    });
    expect(blanks.status).toBe(201);
    expect(await stored(blanks.json.result.sysId)).toMatchObject({ priority: 'medium', version: null, release: null, feature: null, description: null });

    for (const priority of ['high', 'medium', 'low']) {
      const res = await post({ name: `Priority ${priority}`, productSysId: world.products.ledger, priority });
      expect(res.status).toBe(201);
      expect((await stored(res.json.result.sysId)).priority).toBe(priority);
    }
  });

  it('accepts a service with a service offering, its release and its feature', async () => {
    const res = await post({
      name: 'Portal chat',
      productSysId: world.products.portal,
      versionSysId: world.versions.portalOffering,
      releaseSysId: releases.portal,
      productFeatureSysId: features.portal,
    });
    expect(res.status).toBe(201);
    expect(await stored(res.json.result.sysId)).toMatchObject({ product: world.products.portal, version: world.versions.portalOffering, release: releases.portal, feature: features.portal });
  });

  it('takes the version from a release given without one', async () => {
    const res = await post({ name: 'Faster checkout', productSysId: world.products.payments, releaseSysId: releases.payments250 });
    expect(res.status).toBe(201);
    expect(await stored(res.json.result.sysId)).toMatchObject({ version: world.versions.payments250, release: releases.payments250 });

    const noVersion = await post({ name: 'Hotfix item', productSysId: world.products.payments, releaseSysId: releases.paymentsNoVersion });
    expect(noVersion.status).toBe(201);
    expect(await stored(noVersion.json.result.sysId)).toMatchObject({ version: null, release: releases.paymentsNoVersion });
  });

  it('refuses every invalid field with a 400 naming it, and writes nothing', async () => {
    const base = { name: 'Checked', productSysId: world.products.payments };
    const cases: Array<[unknown, string]> = [
      [{ productSysId: world.products.payments }, 'name is required'],
      [{ ...base, name: '   ' }, 'name is required'],
      [{ ...base, name: null }, 'name is required'],
      [{ name: 'No product' }, 'productSysId is required'],
      [{ ...base, productSysId: '' }, 'productSysId is required'],
      [
        { ...base, productSysId: '0'.repeat(32) },
        'productSysId is invalid: it must be the sys_id of a product (cmdb_application_product_model) or a service (cmdb_service_product_model)',
      ],
      [
        { ...base, productSysId: world.versions.payments240 },
        'productSysId is invalid: it must be the sys_id of a product (cmdb_application_product_model) or a service (cmdb_service_product_model)',
      ],
      [
        { ...base, productSysId: releases.payments240 },
        'productSysId is invalid: it must be the sys_id of a product (cmdb_application_product_model) or a service (cmdb_service_product_model)',
      ],
      [{ ...base, priority: 'urgent' }, 'priority must be one of high, medium, low (got "urgent")'],
      [{ ...base, priority: 'HIGH' }, 'priority must be one of high, medium, low (got "HIGH")'],
      [{ ...base, versionSysId: '0'.repeat(32) }, 'versionSysId is invalid: no product or service version has this sys_id'],
      [{ ...base, versionSysId: world.versions.mobile31 }, 'versionSysId must be a version of the product or service given in productSysId'],
      [{ ...base, versionSysId: world.products.payments }, 'versionSysId must be a version of the product or service given in productSysId'],
      [{ ...base, releaseSysId: 'abc' }, 'releaseSysId is invalid: no release has this sys_id'],
      [
        { ...base, versionSysId: world.versions.payments240, releaseSysId: releases.payments250 },
        'releaseSysId must be a release of the version given in versionSysId',
      ],
      [
        { ...base, versionSysId: world.versions.payments240, releaseSysId: releases.paymentsNoVersion },
        'releaseSysId must be a release of the version given in versionSysId',
      ],
      [{ ...base, releaseSysId: releases.mobile31 }, 'releaseSysId must be a release of the product or service given in productSysId'],
      [{ ...base, productSysId: world.products.mobile, releaseSysId: releases.paymentsNoVersion }, 'releaseSysId must be a release of the product or service given in productSysId'],
      [{ ...base, productFeatureSysId: '1'.repeat(32) }, 'productFeatureSysId is invalid: no product feature has this sys_id'],
      [{ ...base, productFeatureSysId: features.mobile }, 'productFeatureSysId must be a feature of the product or service given in productSysId'],
    ];
    const before = await count();
    for (const [body, message] of cases) {
      const res = await post(body);
      expect(res.status, message).toBe(400);
      expect(res.json).toEqual({ result: { error: true, message } });
    }
    expect(await count()).toBe(before);
  });

  it('answers malformed bodies with the result envelope', async () => {
    for (const body of ['{"name":', '[1,2]', '"text"', JSON.stringify({ name: 'Typed', productSysId: world.products.payments, priority: { level: 'high' } })]) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(res.json.result.error).toBe(true);
      expect(typeof res.json.result.message).toBe('string');
    }
  });

  it('allows product managers (directly, by containment, or admin) and nobody else', async () => {
    const body = { name: 'Role check', productSysId: world.products.ledger };
    expect((await post(body, { auth: world.as('pm') })).status).toBe(201);
    expect((await post(body, { auth: ['admin', 'admin-test-password'], prefix: PREFIXES[1] })).status).toBe(201);
    await inTransaction(server.handle.services.database.db, async (trx) => {
      const { store } = server.handle.services;
      const role = await store.insert(trx, SYSTEM_ACTOR, 'sys_user_role', { name: 'x_custom.product_owner' });
      const pm = await trx.selectFrom('sys_user_role').select('sys_id').where('name', '=', 'sn_dpr_model.product_manager').executeTakeFirstOrThrow();
      await store.insert(trx, SYSTEM_ACTOR, 'sys_user_role_contains', { role: role.sys_id, contains: pm.sys_id });
    });
    await createUser(server, 'owner', PASSWORD, ['x_custom.product_owner']);
    expect((await post(body, { auth: ['owner', PASSWORD] })).status).toBe(201);

    const before = await count();
    for (const user of ['ra', 'rc', 'ru', 'cal', 'tmpl', 'nobody'] as const) {
      const res = await post(body, { auth: world.as(user) });
      expect(res.status, user).toBe(403);
      expect(res.json.status).toBe('failure');
    }
    const anonymous = await post(body, { auth: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toMatchObject({ error: { message: 'User Not Authenticated' }, status: 'failure' });
    expect(await count()).toBe(before);
  });
});
