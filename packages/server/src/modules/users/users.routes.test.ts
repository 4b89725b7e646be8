import { UserIdSchema, type UserId } from '@zhengming/contracts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildActor, buildSession, type TestSession } from '../../test-support/builders.js';
import { buildOfficeTree, type OfficeTree } from '../../test-support/matrix-harness.js';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';
import { GrantService } from './grants.service.js';
import { UserService } from './users.service.js';

const operator = buildActor({ label: 'test' });
const NOT_FOUND_BODY = { code: 'NOT_FOUND', message: '未找到该内容。' };

describe('user and grant routes', () => {
  let t: TestApp;
  let tree: OfficeTree;
  let admin: TestSession;
  let adminId: UserId;
  let leader: TestSession;

  beforeAll(async () => {
    t = await buildTestApp();
    tree = await buildOfficeTree(t);
    const users = new UserService({ db: t.deps.db, clock: t.clock, audit: t.deps.audit, sessions: t.sessions });
    const grants = new GrantService({ db: t.deps.db, clock: t.clock, audit: t.deps.audit });
    const leaderUser = await users.createUser(operator, { username: 'leader.city', displayName: '市领导' });
    await grants.bootstrapRootLeader(operator, leaderUser.user.id, { isPrincipal: true });
    const adminUser = await users.createUser(operator, { username: 'admin.a', displayName: '甲区管理员' });
    adminId = adminUser.user.id;
    await grants.grantWithApprover(
      operator,
      adminId,
      { officeId: tree.districtA, role: 'admin', isPrincipal: false },
      null,
    );
    admin = await buildSession(t, { userId: adminId });
    leader = await buildSession(t, { userId: leaderUser.user.id });
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (session: TestSession, url: string, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers: session.headers, ...(payload === undefined ? {} : { payload }) });
  const get = (session: TestSession, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers });

  it('creates a user, grants a content role pending, and a leader above approves it', async () => {
    const created = await post(admin, '/api/users', { username: ' Li.Ming ', displayName: '李明' });
    expect(created.statusCode).toBe(201);
    const { user, oneTimePassword } = created.json<{
      user: { id: string; username: string };
      oneTimePassword: string;
    }>();
    expect(user.username).toBe('li.ming');
    expect(oneTimePassword).toHaveLength(20);

    const listed = await get(admin, '/api/users');
    expect(listed.statusCode).toBe(200);
    expect(listed.json<{ id: string }[]>().map((u) => u.id)).toContain(user.id);

    const granted = await post(admin, `/api/users/${user.id}/grants`, { officeId: tree.townA1, role: 'intake' });
    expect(granted.statusCode).toBe(201);
    const grant = granted.json<{ id: string; status: string; isPrincipal: boolean }>();
    expect(grant).toMatchObject({ status: 'pending', isPrincipal: false });

    const pending = await get(leader, '/api/grants/pending');
    expect(pending.statusCode).toBe(200);
    expect(pending.json()).toEqual([
      expect.objectContaining({
        id: grant.id,
        username: 'li.ming',
        displayName: '李明',
        requestedByName: '甲区管理员',
      }),
    ]);

    const approved = await post(leader, `/api/grants/${grant.id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ id: grant.id, status: 'active', role: 'intake', officeId: tree.townA1 });
  });

  it('keeps each side to its routes: an admin cannot approve, a leader cannot administer', async () => {
    const asAdmin = await get(admin, '/api/grants/pending');
    expect(asAdmin.statusCode).toBe(404);
    expect(asAdmin.json()).toEqual(NOT_FOUND_BODY);
    const asLeader = await get(leader, '/api/users');
    expect(asLeader.statusCode).toBe(404);
    expect(asLeader.json()).toEqual(NOT_FOUND_BODY);
  });

  it('refuses a self-grant with GRANT_NOT_ALLOWED and its Chinese message', async () => {
    const response = await post(admin, `/api/users/${adminId}/grants`, { officeId: tree.townA1, role: 'monitor' });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ code: 'GRANT_NOT_ALLOWED', message: '不能给自己授予角色。' });
  });

  it('answers an unknown user like an invisible one', async () => {
    const unknown = await post(admin, `/api/users/${randomUUID()}/disable`);
    const invisible = await post(admin, `/api/users/${await firstUserIdNamed('leader.city')}/disable`);
    expect(unknown.statusCode).toBe(404);
    expect(invisible.statusCode).toBe(404);
    expect(invisible.json()).toEqual(unknown.json());
  });

  it('validates input at the boundary', async () => {
    const badName = await post(admin, '/api/users', { username: 'x', displayName: '太短' });
    expect(badName.statusCode).toBe(400);
    const badId = await post(admin, '/api/users/not-a-uuid/reset');
    expect(badId.statusCode).toBe(400);
    const badRole = await post(admin, `/api/users/${randomUUID()}/grants`, { officeId: tree.townA1, role: 'boss' });
    expect(badRole.statusCode).toBe(400);
  });

  it('resets and disables a user, and revokes a grant', async () => {
    const created = (await post(admin, '/api/users', { username: 'zhao.lei', displayName: '赵磊' })).json<{
      user: { id: string };
    }>();
    const userId = UserIdSchema.parse(created.user.id);
    const grant = (await post(admin, `/api/users/${userId}/grants`, { officeId: tree.townA2, role: 'monitor' })).json<{
      id: string;
      status: string;
    }>();
    expect(grant.status).toBe('active');
    const own = await buildSession(t, { userId });
    expect((await get(own, '/api/users')).statusCode).toBe(404);

    const reset = await post(admin, `/api/users/${userId}/reset`);
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ user: { id: userId, hasTotp: false }, oneTimePassword: expect.any(String) });
    expect((await get(own, '/api/users')).statusCode).toBe(401);

    const revoked = await post(admin, `/api/grants/${grant.id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id: grant.id, status: 'revoked' });

    const disabled = await post(admin, `/api/users/${userId}/disable`);
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ id: userId, isDisabled: true });
  });

  it('answers 202 and changes nothing when an admin resets a content account, until a leader approved', async () => {
    const created = (await post(admin, '/api/users', { username: 'qian.li', displayName: '钱立' })).json<{
      user: { id: string };
    }>();
    const userId = UserIdSchema.parse(created.user.id);
    const grant = (await post(admin, `/api/users/${userId}/grants`, { officeId: tree.townA1, role: 'intake' })).json<{
      id: string;
    }>();
    expect((await post(leader, `/api/grants/${grant.id}/approve`)).statusCode).toBe(200);
    const own = await buildSession(t, { userId });

    const asked = await post(admin, `/api/users/${userId}/reset`);
    expect(asked.statusCode).toBe(202);
    const { resetRequest } = asked.json<{ resetRequest: { id: string; status: string } }>();
    expect(resetRequest.status).toBe('pending');
    expect(asked.json()).not.toHaveProperty('oneTimePassword');
    expect((await get(own, '/api/auth/session')).statusCode).toBe(200);

    const pending = await get(leader, '/api/account-resets/pending');
    expect(pending.json()).toEqual([
      expect.objectContaining({ id: resetRequest.id, username: 'qian.li', requestedByName: '甲区管理员' }),
    ]);
    expect((await get(admin, '/api/account-resets/pending')).statusCode).toBe(404);
    expect((await post(admin, `/api/account-resets/${resetRequest.id}/approve`)).statusCode).toBe(404);
    const approved = await post(leader, `/api/account-resets/${resetRequest.id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedByName: '市领导' });

    const done = await post(admin, `/api/users/${userId}/reset`);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ user: { id: userId }, oneTimePassword: expect.any(String) });
    expect((await get(own, '/api/auth/session')).statusCode).toBe(401);
  });

  it('re-enables a disabled user; only for admins', async () => {
    const created = (await post(admin, '/api/users', { username: 'qian.hui', displayName: '钱慧' })).json<{
      user: { id: string };
    }>();
    const userId = UserIdSchema.parse(created.user.id);
    expect((await post(admin, `/api/users/${userId}/disable`)).json()).toMatchObject({ isDisabled: true });
    expect((await post(leader, `/api/users/${userId}/enable`)).statusCode).toBe(404);

    const enabled = await post(admin, `/api/users/${userId}/enable`);
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json()).toMatchObject({ id: userId, isDisabled: false });
    const own = await buildSession(t, { userId });
    expect((await get(own, '/api/auth/session')).statusCode).toBe(200);

    const unknown = await post(admin, `/api/users/${randomUUID()}/enable`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual(NOT_FOUND_BODY);
  });

  it('lets a leader reject a pending grant, with or without a reason of at most 200 characters', async () => {
    const created = (await post(admin, '/api/users', { username: 'sun.yu', displayName: '孙宇' })).json<{
      user: { id: string };
    }>();
    const requestIntake = async (officeId: string) =>
      (await post(admin, `/api/users/${created.user.id}/grants`, { officeId, role: 'intake' })).json<{ id: string }>()
        .id;

    const first = await requestIntake(tree.townA1);
    const tooLong = await post(leader, `/api/grants/${first}/reject`, { reason: '理'.repeat(201) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await post(admin, `/api/grants/${first}/reject`, {})).statusCode).toBe(404);

    const rejected = await post(leader, `/api/grants/${first}/reject`, { reason: '理'.repeat(200) });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ id: first, status: 'revoked', role: 'intake' });
    const pending = (await get(leader, '/api/grants/pending')).json<{ id: string }[]>();
    expect(pending.map((g) => g.id)).not.toContain(first);
    const again = await post(leader, `/api/grants/${first}/reject`, {});
    expect(again.statusCode).toBe(409);

    const second = await requestIntake(tree.townA2);
    const withoutBody = await post(leader, `/api/grants/${second}/reject`);
    expect(withoutBody.statusCode).toBe(200);
    expect(withoutBody.json()).toMatchObject({ id: second, status: 'revoked' });

    // The OpenAPI document describes the route with its optional reason.
    const document = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json<{
      paths: Record<string, { post?: { requestBody?: unknown } }>;
    }>();
    expect(JSON.stringify(document.paths['/api/grants/{id}/reject']?.post?.requestBody)).toContain('reason');
  });

  async function firstUserIdNamed(username: string): Promise<string> {
    const row = await t.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return row.id;
  }
});
