import type { OfficeId } from '@zhengming/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';
import { buildOffice, buildUser } from '../../test-support/builders.js';
import { signInThroughApi } from '../../test-support/sign-in.js';
import { hashSessionToken } from './sessions.service.js';

describe('SessionService', () => {
  let t: TestApp;
  let officeId: OfficeId;

  beforeAll(async () => {
    t = await buildTestApp();
    officeId = (await buildOffice(t, { parentId: null, name: '县纪委监委', level: 'county' })).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const sessionStatus = async (cookie: string): Promise<number> =>
    (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } })).statusCode;

  it('ends a session idle for 30 minutes; every request restarts the idle timer', async () => {
    const user = await buildUser(t, { username: 'idle.user', roles: [{ officeId, role: 'intake' }] });
    const { cookie } = await signInThroughApi(t, user);
    t.clock.advanceMinutes(29);
    expect(await sessionStatus(cookie)).toBe(200);
    t.clock.advanceMinutes(29);
    expect(await sessionStatus(cookie)).toBe(200);
    t.clock.advanceMinutes(30);
    expect(await sessionStatus(cookie)).toBe(401);
    // A refused request does not revive it.
    t.clock.advanceMinutes(1);
    expect(await sessionStatus(cookie)).toBe(401);
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const user = await buildUser(t, { username: 'long.day', roles: [{ officeId, role: 'intake' }] });
    const { cookie } = await signInThroughApi(t, user);
    for (let hour = 0; hour < 12 * 3 - 1; hour += 1) {
      t.clock.advanceMinutes(20);
      expect(await sessionStatus(cookie)).toBe(200);
    }
    t.clock.advanceMinutes(19);
    expect(await sessionStatus(cookie)).toBe(200);
    t.clock.advanceMinutes(1);
    expect(await sessionStatus(cookie)).toBe(401);
  });

  it('ends every session of a user who is disabled', async () => {
    const user = await buildUser(t, { username: 'to.disable', roles: [{ officeId, role: 'intake' }] });
    const other = await buildUser(t, { username: 'stays.on', roles: [{ officeId, role: 'intake' }] });
    const first = await signInThroughApi(t, user, { remoteAddress: '10.7.0.1' });
    const second = await signInThroughApi(t, user, { remoteAddress: '10.7.0.2' });
    const bystander = await signInThroughApi(t, other);
    expect(await sessionStatus(first.cookie)).toBe(200);
    expect(await sessionStatus(second.cookie)).toBe(200);

    // What the users service does when an admin disables a user.
    await t.deps.db.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ is_disabled: true }).where('id', '=', user.id).execute();
      await t.sessions.endAllForUser(user.id, trx);
    });
    expect(await sessionStatus(first.cookie)).toBe(401);
    expect(await sessionStatus(second.cookie)).toBe(401);
    expect(await sessionStatus(bystander.cookie)).toBe(200);
    const rows = await t.deps.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((row) => row.ended_at !== null)).toBe(true);

    // Re-enabling does not bring an ended session back.
    await t.deps.db.updateTable('users').set({ is_disabled: false }).where('id', '=', user.id).execute();
    expect(await sessionStatus(first.cookie)).toBe(401);
  });

  it('refuses the session of a disabled user even before its sessions are ended', async () => {
    const user = await buildUser(t, { username: 'flag.only', roles: [{ officeId, role: 'intake' }] });
    const { cookie } = await signInThroughApi(t, user);
    await t.deps.db.updateTable('users').set({ is_disabled: true }).where('id', '=', user.id).execute();
    expect(await sessionStatus(cookie)).toBe(401);
  });

  it('stores only the hash of the token, and a 256-bit random token', async () => {
    const user = await buildUser(t, { username: 'token.check', roles: [{ officeId, role: 'intake' }] });
    const { cookie } = await signInThroughApi(t, user);
    const token = cookie.slice('zm_session='.length);
    expect(Buffer.from(token, 'base64url').length).toBe(32);
    const row = await t.deps.db
      .selectFrom('sessions')
      .selectAll()
      .where('token_hash', '=', hashSessionToken(token))
      .executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token);
    expect(JSON.stringify(await t.deps.db.selectFrom('sessions').selectAll().execute())).not.toContain(token);
  });

  it('sets the Secure flag on the cookie when the app runs behind HTTPS', async () => {
    const user = await buildUser(t, { username: 'https.user', roles: [{ officeId, role: 'intake' }] });
    // The auth routes read the setting per request from the app's deps (ZHENGMING_HTTPS=on).
    t.deps.https = 'on';
    try {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { username: user.username, password: user.password },
      });
      expect(response.cookies.find((c) => c.name === 'zm_session')).toMatchObject({
        secure: true,
        httpOnly: true,
        sameSite: 'Strict',
      });
    } finally {
      t.deps.https = 'auto';
    }
  });
});
