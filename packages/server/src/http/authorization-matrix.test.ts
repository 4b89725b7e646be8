import { randomUUID } from 'node:crypto';
import { newOfficeId } from '../db/ids.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCanAccess, checkItemAccess } from '../access/item-access.js';
import { OfficeService } from '../modules/offices/offices.service.js';
import {
  createFixtureTable,
  fixtureItemRoutes,
  fixtureProbes,
  insertFixtureItem,
} from '../test-support/fixture-items.js';
import {
  RELATION_PAIRS,
  buildMatrixWorld,
  expectedOfficeSettingsAccess,
  runMatrix,
  runOfficeMatrix,
  type MatrixRun,
  type MatrixWorld,
} from '../test-support/matrix-harness.js';
import { buildSession, buildUser } from '../test-support/builders.js';
import { complaintProbes } from '../test-support/complaint-probes.js';
import { buildTestApp, type TestApp } from '../test-support/test-app.js';

describe('authorisation matrix (docs/ACCESS.md) over the complaint and lead routes', () => {
  let t: TestApp;
  let run: MatrixRun;

  beforeAll(async () => {
    t = await buildTestApp();
    const world = await buildMatrixWorld(t);
    run = await runMatrix(t, world, complaintProbes(t.deps.db, t.deps.key, t.clock));
  }, 600_000);
  afterAll(async () => {
    await t.close();
  });

  it('answers every cell of every complaint and lead probe as the table says, lists included', () => {
    expect(run.cells.length).toBe(8 * 11 * 2 * 2 * 5 + 8 * 11 * 2 * 2 * 2);
    expect(run.mismatches).toEqual([]);
  });

  it('answers "not permitted" exactly like "not found"', () => {
    expect(run.leakyRefusals).toEqual([]);
  });

  it('opens each class somewhere and never to admin, auditor or a recused user', () => {
    for (const probe of new Set(run.cells.map((cell) => cell.probe))) {
      expect(
        run.cells.some((cell) => cell.probe === probe && cell.actual),
        probe,
      ).toBe(true);
    }
    const neverOpen = run.cells.filter(
      (cell) => cell.actual && (cell.role === 'admin' || cell.role === 'auditor' || cell.isRecused),
    );
    expect(neverOpen).toEqual([]);
  });
});

describe('authorisation matrix (docs/ACCESS.md) over the fixture item routes', () => {
  let t: TestApp;
  let world: MatrixWorld;
  let run: MatrixRun;

  beforeAll(async () => {
    t = await buildTestApp({ extraPlugins: [fixtureItemRoutes] });
    await createFixtureTable(t.deps.db);
    world = await buildMatrixWorld(t);
    run = await runMatrix(t, world, fixtureProbes(t.deps.db));
  }, 300_000);
  afterAll(async () => {
    await t.close();
  });

  it('uses office pairs that really stand in the relation they are named for', async () => {
    const offices = new OfficeService({ db: t.deps.db, clock: t.clock, audit: t.deps.audit });
    for (const pair of RELATION_PAIRS) {
      const relation = await offices.relationBetween(world.offices[pair.userOffice], world.offices[pair.itemOffice]);
      expect(`${pair.userOffice}→${pair.itemOffice}: ${relation}`).toBe(
        `${pair.userOffice}→${pair.itemOffice}: ${pair.relation}`,
      );
    }
  });

  it('runs every cell: 8 roles × 11 office pairs × assigned × recused, and × reveal for identity', () => {
    expect(run.cells).toHaveLength(8 * RELATION_PAIRS.length * 4 * (1 + 1 + 2));
    for (const relation of ['own', 'child', 'deeper', 'parent', 'sibling', 'none'] as const) {
      for (const dataClass of ['metadata', 'content', 'identity'] as const) {
        expect(run.cells.some((c) => c.relation === relation && c.dataClass === dataClass)).toBe(true);
      }
    }
  });

  it('answers every cell as the table says', () => {
    expect(run.mismatches).toEqual([]);
  });

  it('answers "not permitted" exactly like "not found" (status and body)', () => {
    expect(run.cells.filter((c) => !c.actual).length).toBeGreaterThan(0);
    expect(run.leakyRefusals).toEqual([]);
  });

  it('opens cells in every class somewhere, so the refusals are not an empty app', () => {
    for (const dataClass of ['metadata', 'content', 'identity'] as const) {
      expect(run.cells.some((c) => c.dataClass === dataClass && c.actual)).toBe(true);
    }
  });

  it('never opens anything to admin or auditor, nor to a recused user', () => {
    const opened = run.cells.filter((c) => c.actual && (c.role === 'admin' || c.role === 'auditor' || c.isRecused));
    expect(opened).toEqual([]);
  });

  it('opens the audit log (list, export, filter options) to auditors of the office and above only', async () => {
    const audit = await runOfficeMatrix(t, world, [
      {
        name: 'audit entries',
        request: (officeId) => ({ method: 'GET', url: `/api/audit/entries?officeId=${officeId}` }),
      },
      {
        name: 'audit entries filtered',
        request: (officeId) => ({
          method: 'GET',
          url: `/api/audit/entries?officeId=${officeId}&action=audit.read&from=2026-01-01`,
        }),
      },
      {
        name: 'audit export',
        request: (officeId) => ({ method: 'GET', url: `/api/audit/export?officeId=${officeId}` }),
      },
    ]);
    expect(audit.cells).toBe(3 * 8 * RELATION_PAIRS.length);
    expect(audit.mismatches).toEqual([]);
    expect(audit.leakyRefusals).toEqual([]);
    expect(audit.allowed).toBeGreaterThan(0);
    // The filter options name no office: any auditor gets them (of its own subtree), nobody else.
    for (const user of world.users) {
      const response = await t.app.inject({ method: 'GET', url: '/api/audit/filters', headers: user.session.headers });
      expect(`${user.role}@${user.office}: ${response.statusCode}`).toBe(
        `${user.role}@${user.office}: ${user.role === 'auditor' ? 200 : 404}`,
      );
    }
  });

  it('opens office settings (read and replace) to admins of the office and above only', async () => {
    const settings = await runOfficeMatrix(
      t,
      world,
      [
        {
          name: 'office settings',
          request: (officeId) => ({ method: 'GET', url: `/api/offices/${officeId}/settings` }),
        },
        {
          name: 'office settings saved',
          request: (officeId) => ({
            method: 'PUT',
            url: `/api/offices/${officeId}/settings`,
            payload: { numberPrefix: '矩阵测试', keyPeriods: [{ name: '换届', from: '2026-03-01', to: '2026-03-31' }] },
          }),
        },
      ],
      { expected: expectedOfficeSettingsAccess, missingAs: 'admin' },
    );
    expect(settings.cells).toBe(2 * 8 * RELATION_PAIRS.length);
    expect(settings.mismatches).toEqual([]);
    expect(settings.leakyRefusals).toEqual([]);
    // own ×2, child ×2, deeper ×1 pairs in the tree, each for GET and PUT.
    expect(settings.allowed).toBe(2 * 5);
  });

  it('opens the approval lists (grants, account resets) to leaders only, each of its own subtree', async () => {
    for (const url of ['/api/grants/pending', '/api/account-resets/pending']) {
      for (const user of world.users) {
        const response = await t.app.inject({ method: 'GET', url, headers: user.session.headers });
        expect(`${url} ${user.role}@${user.office}: ${response.statusCode}`).toBe(
          `${url} ${user.role}@${user.office}: ${user.role === 'leader' ? 200 : 404}`,
        );
      }
    }
    // Deciding a request that is not there, or not the caller's to see, looks the same to every role.
    for (const user of world.users) {
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/account-resets/${randomUUID()}/approve`,
        headers: user.session.headers,
      });
      expect(`${user.role}@${user.office}: ${response.statusCode}`).toBe(`${user.role}@${user.office}: 404`);
    }
  });

  it('opens the approval inbox to leaders only, and answers a decision on a missing approval alike for all', async () => {
    for (const user of world.users) {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/approvals/pending',
        headers: user.session.headers,
      });
      expect(`${user.role}@${user.office}: ${response.statusCode}`).toBe(
        `${user.role}@${user.office}: ${user.role === 'leader' ? 200 : 404}`,
      );
    }
    for (const user of world.users) {
      for (const action of ['approve', 'withdraw']) {
        const response = await t.app.inject({
          method: 'POST',
          url: `/api/approvals/${randomUUID()}/${action}`,
          headers: user.session.headers,
        });
        expect(`${action} ${user.role}@${user.office}: ${response.statusCode}`).toBe(
          `${action} ${user.role}@${user.office}: 404`,
        );
      }
    }
  });

  it('evaluates a user of two offices in the active office only (views never merge)', async () => {
    // A leader of township A1 who is also a monitor of district B.
    const { id: userId } = await buildUser(t, {
      username: 'two-offices',
      displayName: '两机关',
      password: null,
      roles: [
        { officeId: world.offices.townA1, role: 'leader' },
        { officeId: world.offices.districtB, role: 'monitor' },
      ],
    });
    const item = await insertFixtureItem(t.deps.db, {
      officeId: world.offices.townA1,
      assignedUserIds: [userId],
      recusedUserIds: [],
      revealedUserIds: [],
    });
    const inTown = await buildSession(t, { userId, activeOfficeId: world.offices.townA1 });
    const inDistrictB = await buildSession(t, { userId, activeOfficeId: world.offices.districtB });
    const url = `/api/test-fixtures/${item}/content`;
    expect((await t.app.inject({ method: 'GET', url, headers: inTown.headers })).statusCode).toBe(200);
    const refused = await t.app.inject({ method: 'GET', url, headers: inDistrictB.headers });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toEqual({ code: 'NOT_FOUND', message: '未找到该内容。' });
  });

  it('refuses the operator and a user without an active office, and names the relation when allowed', async () => {
    const item = {
      officeId: world.offices.townA1,
      dataClass: 'metadata' as const,
      assignedUserIds: [],
      recusedUserIds: [],
    };
    await expect(assertCanAccess(t.deps.db, { kind: 'operator', label: 'cli' }, item)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const leader = world.userOf('leader', 'city');
    await expect(
      checkItemAccess(t.deps.db, { kind: 'user', userId: leader.userId, activeOfficeId: null, activeRoles: [] }, item),
    ).resolves.toEqual({ isAllowed: false, relation: null });
    await expect(
      assertCanAccess(
        t.deps.db,
        { kind: 'user', userId: leader.userId, activeOfficeId: world.offices.city, activeRoles: ['leader'] },
        item,
      ),
    ).resolves.toBe('deeper');
    await expect(
      assertCanAccess(
        t.deps.db,
        { kind: 'user', userId: leader.userId, activeOfficeId: world.offices.city, activeRoles: ['leader'] },
        { ...item, officeId: newOfficeId() },
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
