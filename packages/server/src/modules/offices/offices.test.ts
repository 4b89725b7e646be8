import type { UserId } from '@zhengming/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../access/actor.js';
import { buildActor, buildSession, type TestSession } from '../../test-support/builders.js';
import { buildOfficeTree, type OfficeTree } from '../../test-support/matrix-harness.js';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';
import { GrantService } from '../users/grants.service.js';
import { UserService } from '../users/users.service.js';
import { OfficeService } from './offices.service.js';

const operator = buildActor({ label: 'test' });

describe('OfficeService', () => {
  let t: TestApp;
  let offices: OfficeService;
  let users: UserService;
  let grants: GrantService;
  let tree: OfficeTree;
  let adminA: Actor;
  let adminAUserId: UserId;

  beforeAll(async () => {
    t = await buildTestApp();
    offices = new OfficeService({ db: t.deps.db, clock: t.clock, audit: t.deps.audit });
    users = new UserService({ db: t.deps.db, clock: t.clock, audit: t.deps.audit, sessions: t.sessions });
    grants = new GrantService({ db: t.deps.db, clock: t.clock, audit: t.deps.audit });
    tree = await buildOfficeTree(t);
    const created = await users.createUser(operator, { username: 'admin-a', displayName: '甲区管理员' });
    adminAUserId = created.user.id;
    await grants.grantWithApprover(
      operator,
      adminAUserId,
      { officeId: tree.districtA, role: 'admin', isPrincipal: false },
      null,
    );
    adminA = buildActor({ userId: adminAUserId, activeOfficeId: tree.districtA, activeRoles: ['admin'] });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('createRootOffice', () => {
    it('refuses a second root', async () => {
      await expect(offices.createRootOffice(operator, { name: '另一市', level: 'prefecture' })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    });

    it('is for the operator only', async () => {
      await expect(offices.createRootOffice(adminA, { name: '另一市', level: 'prefecture' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });
  });

  describe('createOffice', () => {
    it('lets an admin create under its own office and deeper, with a materialised path', async () => {
      const unit = await offices.createOffice(adminA, {
        parentId: tree.townA1,
        name: '一镇派驻组',
        level: 'accredited',
      });
      expect(unit).toMatchObject({ parentId: tree.townA1, name: '一镇派驻组', level: 'accredited' });
      const row = await t.deps.db.selectFrom('offices').selectAll().where('id', '=', unit.id).executeTakeFirstOrThrow();
      expect(row.path).toBe(`/${tree.city}/${tree.districtA}/${tree.townA1}/${unit.id}/`);
      const own = await offices.createOffice(adminA, {
        parentId: tree.districtA,
        name: '甲区三镇纪委',
        level: 'township',
      });
      expect(own.parentId).toBe(tree.districtA);
    });

    it('hides offices outside the admin’s subtree: a sibling district or the parent answers not found', async () => {
      for (const parentId of [tree.districtB, tree.city]) {
        await expect(
          offices.createOffice(adminA, { parentId, name: '越权机关', level: 'township' }),
        ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      }
    });

    it('refuses a name taken under the same parent, and allows it under another', async () => {
      await expect(
        offices.createOffice(adminA, { parentId: tree.districtA, name: '甲区一镇纪委', level: 'township' }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(
        offices.createOffice(operator, { parentId: tree.districtB, name: '甲区一镇纪委', level: 'township' }),
      ).resolves.toMatchObject({ parentId: tree.districtB });
    });

    it('refuses users who are not admins', async () => {
      const leader = buildActor({ userId: adminAUserId, activeOfficeId: tree.districtA, activeRoles: ['leader'] });
      await expect(
        offices.createOffice(leader, { parentId: tree.districtA, name: '某机关', level: 'township' }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('writes an audit entry in the chains of the parent and the new office', async () => {
      const office = await offices.createOffice(adminA, {
        parentId: tree.townA2,
        name: '二镇某组',
        level: 'accredited',
      });
      const entries = await t.deps.db
        .selectFrom('audit_entries')
        .selectAll()
        .where('action', '=', 'office.created')
        .where(sql<boolean>`${office.id} = any(target_ids)`)
        .execute();
      expect(entries.map((e) => e.chain_id).sort()).toEqual([tree.townA2, office.id].sort());
      expect(entries.every((e) => e.actor_id === adminAUserId)).toBe(true);
    });
  });

  describe('listOffices and getOffice', () => {
    it('shows an admin its subtree only', async () => {
      const listed = await offices.listOffices(adminA);
      const ids = listed.map((o) => o.id);
      expect(ids).toEqual(expect.arrayContaining([tree.districtA, tree.townA1, tree.townA2]));
      expect(ids).not.toContain(tree.city);
      expect(ids).not.toContain(tree.districtB);
      await expect(offices.getOffice(adminA, tree.districtB)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(offices.getOffice(adminA, tree.townA1)).resolves.toMatchObject({ id: tree.townA1 });
    });

    it('shows the operator every office', async () => {
      const ids = (await offices.listOffices(operator)).map((o) => o.id);
      expect(ids).toEqual(expect.arrayContaining(Object.values(tree)));
    });

    it('shows other users only the offices they belong to', async () => {
      const { user } = await users.createUser(operator, { username: 'monitor-b', displayName: '乙区案管' });
      await grants.grantWithApprover(
        operator,
        user.id,
        { officeId: tree.districtB, role: 'monitor', isPrincipal: false },
        null,
      );
      const monitor = buildActor({ userId: user.id, activeOfficeId: tree.districtB, activeRoles: ['monitor'] });
      expect((await offices.listOffices(monitor)).map((o) => o.id)).toEqual([tree.districtB]);
      await expect(offices.getOffice(monitor, tree.city)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('findOfficeByName', () => {
    it('finds one office by name, answers null for none and refuses an ambiguous name', async () => {
      await expect(offices.findOfficeByName('乙区纪委监委')).resolves.toMatchObject({ id: tree.districtB });
      await expect(offices.findOfficeByName('不存在')).resolves.toBeNull();
      // '甲区一镇纪委' now exists under district A and under district B.
      await expect(offices.findOfficeByName('甲区一镇纪委')).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });

  describe('relationBetween', () => {
    it('names the relation from the materialised paths', async () => {
      await expect(offices.relationBetween(tree.districtA, tree.districtA)).resolves.toBe('own');
      await expect(offices.relationBetween(tree.districtA, tree.townA1)).resolves.toBe('child');
      await expect(offices.relationBetween(tree.city, tree.townA1)).resolves.toBe('deeper');
      await expect(offices.relationBetween(tree.townA1, tree.city)).resolves.toBe('parent');
      await expect(offices.relationBetween(tree.townA1, tree.townA2)).resolves.toBe('sibling');
      await expect(offices.relationBetween(tree.townA1, tree.districtB)).resolves.toBe('none');
    });
  });

  describe('routes', () => {
    let adminSession: TestSession;
    beforeAll(async () => {
      adminSession = await buildSession(t, { userId: adminAUserId });
    });

    it('GET /api/offices lists the admin’s subtree', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/offices', headers: adminSession.headers });
      expect(response.statusCode).toBe(200);
      const ids = response.json<{ id: string }[]>().map((o) => o.id);
      expect(ids).toContain(tree.townA1);
      expect(ids).not.toContain(tree.districtB);
    });

    it('POST /api/offices creates an office and validates its input', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/offices',
        headers: adminSession.headers,
        payload: { parentId: tree.townA2, name: '二镇新组', level: 'accredited' },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ parentId: tree.townA2, name: '二镇新组', level: 'accredited' });
      const invalid = await t.app.inject({
        method: 'POST',
        url: '/api/offices',
        headers: adminSession.headers,
        payload: { parentId: tree.townA2, name: '', level: 'village' },
      });
      expect(invalid.statusCode).toBe(400);
      const outside = await t.app.inject({
        method: 'POST',
        url: '/api/offices',
        headers: adminSession.headers,
        payload: { parentId: tree.districtB, name: '越权', level: 'township' },
      });
      expect(outside.statusCode).toBe(404);
    });

    it('refuses a request without the CSRF header, and a user who is not an admin', async () => {
      const noCsrf = await t.app.inject({
        method: 'POST',
        url: '/api/offices',
        headers: { cookie: adminSession.headers.cookie },
        payload: { parentId: tree.townA2, name: '无令牌', level: 'accredited' },
      });
      expect(noCsrf.statusCode).toBe(403);
      const monitor = await users.findUserByUsername('monitor-b');
      const session = await buildSession(t, { userId: monitor!.id });
      const response = await t.app.inject({ method: 'GET', url: '/api/offices', headers: session.headers });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ code: 'NOT_FOUND', message: '未找到该内容。' });
      const anonymous = await t.app.inject({ method: 'GET', url: '/api/offices' });
      expect(anonymous.statusCode).toBe(401);
    });
  });
});
