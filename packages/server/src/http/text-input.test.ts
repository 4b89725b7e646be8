import type { ErrorResponse, OfficeId } from '@zhengming/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGrant, buildOffice, buildSession, buildUser, type TestSession } from '../test-support/builders.js';
import { buildTestApp, type TestApp } from '../test-support/test-app.js';

/*
 * The findings of issue 10, item 5: text that PostgreSQL refuses (NUL) or that the audit log cannot canonicalise
 * (a lone surrogate) used to answer 500 with a stack trace in the log. Each is now a 400 naming the field, and
 * nothing of it reaches the database. The bodies are sent as JSON text, so that a lone surrogate arrives as one
 * (JSON.stringify would escape it, which the parser turns back into the same lone surrogate).
 */

describe('text the database or the audit log cannot hold', () => {
  let t: TestApp;
  let root: OfficeId;
  let admin: TestSession;
  let leader: TestSession;

  beforeAll(async () => {
    t = await buildTestApp();
    root = (await buildOffice(t, { parentId: null, name: '测试省纪委监委', level: 'province' })).id;
    const adminUser = await buildUser(t, { password: null, roles: [{ officeId: root, role: 'admin' }] });
    admin = await buildSession(t, { userId: adminUser.id, activeOfficeId: root });
    const leaderUser = await buildUser(t, { password: null, roles: [{ officeId: root, role: 'leader' }] });
    leader = await buildSession(t, { userId: leaderUser.id, activeOfficeId: root });
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  async function post(url: string, json: string, headers: Record<string, string> = {}) {
    return t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', ...headers },
      payload: json,
    });
  }

  /** The 400 answer's fields, after checking it has the shared error shape. */
  function refusedFields(response: { statusCode: number; json(): unknown }): string[] {
    expect(response.statusCode).toBe(400);
    const body = response.json() as ErrorResponse;
    expect(body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) as string });
    return (body.details ?? []).map((d) => d.path);
  }

  it('answers a NUL or a lone surrogate in the sign-in username 400, with or without a session', async () => {
    for (const username of ['admin\\u0000', '\\ud800', 'a\\udfffb']) {
      const json = `{"username":"${username}","password":"whatever-password"}`;
      expect(refusedFields(await post('/api/auth/sign-in', json))).toEqual(['username']);
      expect(refusedFields(await post('/api/auth/sign-in', json, { cookie: admin.cookie }))).toEqual(['username']);
    }
    const nulPassword = await post('/api/auth/sign-in', '{"username":"admin","password":"pass\\u0000word"}');
    expect(refusedFields(nulPassword)).toEqual(['password']);
  });

  it('answers a NUL, a control character or a lone surrogate in an office name 400 naming the field', async () => {
    for (const name of ['东湖\\u0000纪委', '东湖\\u001b[2K纪委', '东湖\\ud800纪委', '东湖\\n纪委']) {
      const json = `{"parentId":"${root}","level":"county","name":"${name}"}`;
      const response = await post('/api/offices', json, admin.headers);
      expect(refusedFields(response)).toEqual(['name']);
      expect(response.json<ErrorResponse>().details?.[0]?.message).toMatch(/^不得包含|^含有无效/);
    }
    const offices = await t.deps.db.selectFrom('offices').select('name').execute();
    expect(offices.map((o) => o.name)).toEqual(['测试省纪委监委']);
  });

  it('stores a valid office name trimmed and in NFC', async () => {
    const json = `{"parentId":"${root}","level":"county","name":"  Cafe\\u0301 东湖 مرحبا 😀 "}`;
    const response = await post('/api/offices', json, admin.headers);
    expect(response.statusCode).toBe(201);
    expect(response.json<{ name: string }>().name).toBe('Café 东湖 مرحبا 😀');
  });

  it('answers a NUL or a lone surrogate in a display name 400 naming the field', async () => {
    for (const displayName of ['张\\u0000三', '张\\udc00三', '\\u009b张三']) {
      const json = `{"username":"zhangsan","displayName":"${displayName}"}`;
      expect(refusedFields(await post('/api/users', json, admin.headers))).toEqual(['displayName']);
    }
    const users = await t.deps.db.selectFrom('users').select('username').where('username', '=', 'zhangsan').execute();
    expect(users).toEqual([]);
  });

  it('answers a NUL or a lone surrogate in a grant-rejection reason 400 naming the field', async () => {
    const user = await buildUser(t, { password: null });
    const grantId = await buildGrant(t, { userId: user.id, officeId: root, role: 'intake', status: 'pending' });
    for (const reason of ['不符合\\u0000条件', '\\ud83d', '理由\\r覆盖']) {
      const response = await post(`/api/grants/${grantId}/reject`, `{"reason":"${reason}"}`, leader.headers);
      expect(refusedFields(response)).toEqual(['reason']);
    }
    const grant = await t.deps.db
      .selectFrom('role_grants')
      .select('status')
      .where('id', '=', grantId)
      .executeTakeFirst();
    expect(grant?.status).toBe('pending');
    // Several lines are a valid reason.
    const ok = await post(`/api/grants/${grantId}/reject`, '{"reason":"第一行\\r\\n第二行\\t备注"}', leader.headers);
    expect(ok.statusCode).toBe(200);
  });

  it('answers a control character in a new password 400 naming the field', async () => {
    const user = await buildUser(t, { roles: [{ officeId: root, role: 'intake' }] });
    const session = await buildSession(t, { userId: user.id, activeOfficeId: root });
    const json = `{"currentPassword":${JSON.stringify(user.password)},"newPassword":"a-long-new\\u0000password"}`;
    expect(refusedFields(await post('/api/auth/password', json, session.headers))).toEqual(['newPassword']);
  });
});
