import type { OfficeId } from '@zhengming/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOffice, buildSession, buildUser } from '../test-support/builders.js';
import { buildTestApp, type TestApp } from '../test-support/test-app.js';

/** Headers every answer carries, the router's own refusals included. */
const SECURITY_HEADERS = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options'];

/*
 * Issue 10, point 7: router-level errors (a malformed URL-encoding, a 200-character id) bypassed the error
 * handler and the security headers and echoed the URL; body validation ran before the guard, so an anonymous
 * caller got field details instead of 401; bodies over the limit got 400 instead of 413; expired sessions were
 * never purged.
 */
describe('the edges of a request', () => {
  let t: TestApp;
  let officeId: OfficeId;

  beforeAll(async () => {
    t = await buildTestApp();
    officeId = (await buildOffice(t, { parentId: null, name: '区纪委监委', level: 'county' })).id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers a URL the router cannot take in the shared shape, with the security headers, not echoing it', async () => {
    const marker = 'ECHO-ME-NOT';
    for (const [url, status, code] of [
      [`/api/grants/%C8%07${marker}/reject`, 400, 'VALIDATION_FAILED'],
      [`/api/users/${marker}${'a'.repeat(200)}/reset`, 404, 'NOT_FOUND'],
      [`/api/users/%${marker}/reset`, 400, 'VALIDATION_FAILED'],
    ] as const) {
      const response = await t.app.inject({ method: 'POST', url, payload: {} });
      expect(response.statusCode, url).toBe(status);
      expect(response.json()).toMatchObject({ code });
      expect(response.body).not.toContain(marker);
      for (const header of SECURITY_HEADERS) {
        expect(response.headers[header], `${url} ${header}`).toBeDefined();
      }
    }
    // The same headers as an ordinary answer.
    const ordinary = await t.app.inject({ method: 'GET', url: '/api/nope' });
    const routerError = await t.app.inject({ method: 'GET', url: '/api/%C8' });
    for (const header of SECURITY_HEADERS) {
      expect(routerError.headers[header]).toBe(ordinary.headers[header]);
    }
  });

  it('tells an anonymous caller to sign in before it checks the body', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/users', payload: { username: 1 } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录。' });
    const badParams = await t.app.inject({ method: 'POST', url: '/api/users/not-a-uuid/reset' });
    expect(badParams.statusCode).toBe(401);
  });

  it('answers 413 to a body over the limit', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username: 'a'.repeat(2 * 1024 * 1024), password: 'x' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('deletes sessions that can no longer be used when someone signs in, leaving live ones', async () => {
    const user = await buildUser(t, { username: 'purge.check', roles: [{ officeId, role: 'intake' }] });
    const live = await buildSession(t, { userId: user.id });
    const stale = await buildSession(t, { userId: user.id });
    const ended = await buildSession(t, { userId: user.id });
    const now = t.clock.now();
    await t.deps.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now.getTime() - 3 * 3600_000) })
      .where('token_hash', '=', stale.tokenHash)
      .execute();
    await t.deps.db.updateTable('sessions').set({ ended_at: now }).where('token_hash', '=', ended.tokenHash).execute();
    const before = await t.deps.db.selectFrom('sessions').select('token_hash').execute();
    expect(before.length).toBeGreaterThanOrEqual(3);

    const signedIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username: user.username, password: user.password },
    });
    expect(signedIn.statusCode).toBe(200);
    const after = (await t.deps.db.selectFrom('sessions').select('token_hash').execute()).map((r) => r.token_hash);
    expect(after).toContain(live.tokenHash);
    expect(after).not.toContain(stale.tokenHash);
    expect(after).not.toContain(ended.tokenHash);
    expect(after).toHaveLength(2);
  });
});
