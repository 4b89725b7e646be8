import type { OfficeId } from '@zhengming/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '@zhengming/contracts';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';
import { buildOffice, buildUser } from '../../test-support/builders.js';
import { sessionCookieOf, signInThroughApi, testTotpCode } from '../../test-support/sign-in.js';
import { generateOneTimePassword } from './passwords.js';

describe('auth routes', () => {
  let t: TestApp;
  let cityId: OfficeId;
  let townId: OfficeId;

  beforeAll(async () => {
    t = await buildTestApp();
    cityId = (await buildOffice(t, { parentId: null, name: '市纪委监委', level: 'prefecture' })).id;
    townId = (await buildOffice(t, { parentId: cityId, name: '城关镇纪委', level: 'township' })).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (url: string, payload: unknown, session?: { cookie: string; csrfToken: string }, address = '10.0.0.1') =>
    t.app.inject({
      method: 'POST',
      url,
      remoteAddress: address,
      payload: payload as Record<string, unknown>,
      headers: session === undefined ? {} : { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    });
  const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const sessionOf = (response: LightMyRequestResponse) => ({
    cookie: sessionCookieOf(response),
    csrfToken: response.json<SessionResponse>().csrfToken,
  });
  const auditOf = async (action: string) =>
    t.deps.db.selectFrom('audit_entries').selectAll().where('action', '=', action).orderBy('at').execute();

  it('signs a new user in: one-time password → password change → TOTP enrolment → session → office switch → sign-out', async () => {
    const oneTimePassword = generateOneTimePassword();
    const user = await buildUser(t, {
      username: 'li.ming',
      displayName: '李明',
      password: oneTimePassword,
      mustChangePassword: true,
      isTotpUnenrolled: true,
      roles: [
        { officeId: cityId, role: 'supervisor' },
        { officeId: townId, role: 'intake' },
        { officeId: townId, role: 'leader', isPrincipal: true },
      ],
    });
    expect(user.password).toBe(oneTimePassword);

    // 1. Password: the session starts in step password_change, with an httpOnly, SameSite=Strict cookie.
    const signIn = await post('/api/auth/sign-in', { username: 'Li.Ming', password: oneTimePassword });
    expect(signIn.statusCode).toBe(200);
    const cookie = signIn.cookies.find((c) => c.name === 'zm_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const started = signIn.json<SessionResponse>();
    expect(started).toMatchObject({
      step: 'password_change',
      user: { id: user.id, username: 'li.ming', displayName: '李明' },
    });
    let session = sessionOf(signIn);

    // Routes of later steps and of signed-in users are closed until then.
    expect((await get('/api/auth/totp/enrolment', session.cookie)).json()).toMatchObject({ code: 'STEP_REQUIRED' });
    expect((await post('/api/auth/active-office', { officeId: townId }, session)).statusCode).toBe(403);

    // 2. Password change: policy applies, the one-time password must be right.
    const weak = await post(
      '/api/auth/password',
      { currentPassword: oneTimePassword, newPassword: 'password1234' },
      session,
    );
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ code: 'WEAK_PASSWORD' });
    expect(weak.json<{ message: string }>().message).toContain('常见密码');
    const wrongCurrent = await post(
      '/api/auth/password',
      { currentPassword: 'not-the-one-time-password', newPassword: '我的新口令足够长也不常见' },
      session,
    );
    expect(wrongCurrent.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const newPassword = '我的新口令足够长也不常见';
    const changed = await post('/api/auth/password', { currentPassword: oneTimePassword, newPassword }, session);
    expect(changed.statusCode).toBe(200);
    expect(changed.json<SessionResponse>().step).toBe('totp_enrolment');
    const row = await t.deps.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.must_change_password).toBe(false);

    // 3. TOTP enrolment: the same pending secret on reload, sealed in the database.
    const enrolment = await get('/api/auth/totp/enrolment', session.cookie);
    expect(enrolment.statusCode).toBe(200);
    const { secret, otpauthUrl, qrDataUrl } = enrolment.json<{
      secret: string;
      otpauthUrl: string;
      qrDataUrl: string;
    }>();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toContain('otpauth://totp/');
    expect(decodeURIComponent(otpauthUrl)).toContain('issuer=正名 Zhengming');
    expect(decodeURIComponent(otpauthUrl)).toContain(':li.ming?');
    expect(qrDataUrl.startsWith('data:image/png;base64,')).toBe(true);
    expect((await get('/api/auth/totp/enrolment', session.cookie)).json()).toMatchObject({ secret });
    const pending = await t.deps.db
      .selectFrom('users')
      .select('totp_pending_sealed')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(pending.totp_pending_sealed).toMatch(/^v1\./);
    expect(pending.totp_pending_sealed).not.toContain(secret);

    const wrongCode = testTotpCode(secret, new Date(t.clock.now().getTime() + 5 * 60_000));
    expect((await post('/api/auth/totp/enrolment', { code: wrongCode }, session)).json()).toMatchObject({
      code: 'INVALID_TOTP',
    });
    const enrolled = await post('/api/auth/totp/enrolment', { code: testTotpCode(secret, t.clock.now()) }, session);
    expect(enrolled.statusCode).toBe(200);
    const signedIn = enrolled.json<SessionResponse>();
    expect(signedIn.step).toBeNull();
    // Both factors proven: a new token replaced the step session.
    const full = sessionOf(enrolled);
    expect(full.cookie).not.toBe(session.cookie);
    expect((await get('/api/auth/session', session.cookie)).statusCode).toBe(401);
    session = full;
    const after = await t.deps.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(after.totp_pending_sealed).toBeNull();
    expect(after.totp_secret_sealed).toMatch(/^v1\./);

    // 4. Session: memberships in path order (city before town), active office the first.
    const current = await get('/api/auth/session', session.cookie);
    expect(current.statusCode).toBe(200);
    expect(current.json()).toEqual({
      user: { id: user.id, username: 'li.ming', displayName: '李明' },
      step: null,
      csrfToken: session.csrfToken,
      activeOfficeId: cityId,
      memberships: [
        { officeId: cityId, officeName: '市纪委监委', level: 'prefecture', roles: ['supervisor'], isPrincipal: false },
        {
          officeId: townId,
          officeName: '城关镇纪委',
          level: 'township',
          roles: ['intake', 'leader'],
          isPrincipal: true,
        },
      ],
    });

    // 5. Office switch: only to an office where the user holds a role.
    const switched = await post('/api/auth/active-office', { officeId: townId }, session);
    expect(switched.statusCode).toBe(200);
    expect(switched.json()).toMatchObject({ activeOfficeId: townId });
    const unknownOffice = await post('/api/auth/active-office', { officeId: crypto.randomUUID() }, session);
    expect(unknownOffice.statusCode).toBe(404);
    const sessionRow = await get('/api/auth/session', session.cookie);
    expect(sessionRow.json()).toMatchObject({ activeOfficeId: townId });

    // 6. The new password signs in again, and a signed-in user may change it once more.
    const again = await post(
      '/api/auth/password',
      { currentPassword: newPassword, newPassword: '第三个口令也要足够长才行' },
      session,
    );
    expect(again.json()).toMatchObject({ step: null });
    const same = await post(
      '/api/auth/password',
      { currentPassword: '第三个口令也要足够长才行', newPassword: '第三个口令也要足够长才行' },
      session,
    );
    expect(same.json()).toMatchObject({ code: 'WEAK_PASSWORD', message: '新密码不能与当前密码相同。' });

    // 7. Sign-out ends the session and clears the cookie.
    const signOut = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
    });
    expect(signOut.statusCode).toBe(200);
    expect(signOut.json()).toEqual({ ok: true });
    expect(signOut.cookies.find((c) => c.name === 'zm_session')?.value).toBe('');
    expect((await get('/api/auth/session', session.cookie)).statusCode).toBe(401);

    // Everything above left its trace in the user's office chains.
    for (const action of [
      'auth.sign_in_started',
      'auth.password_changed',
      'auth.totp_enrolment_started',
      'auth.totp_enrolled',
      'auth.sign_in_completed',
      'auth.office_switched',
      'auth.signed_out',
    ]) {
      const entries = await auditOf(action);
      expect(entries.length, action).toBeGreaterThan(0);
      expect(
        entries.every((e) => e.actor_id === user.id && e.office_id !== null),
        action,
      ).toBe(true);
    }
    // One entry per chain: the user's two offices.
    expect((await auditOf('auth.sign_in_started')).map((e) => e.office_id).sort()).toEqual([cityId, townId].sort());
    expect((await auditOf('auth.password_changed')).length).toBe(4);
    const switchEntries = await auditOf('auth.office_switched');
    expect(switchEntries.map((e) => e.details)).toEqual([
      { from: cityId, to: townId },
      { from: cityId, to: townId },
    ]);
  });

  it('signs an enrolled user in with signInThroughApi and refuses a second use of the same TOTP code', async () => {
    const user = await buildUser(t, { username: 'wang.fang', roles: [{ officeId: townId, role: 'intake' }] });
    const first = await signInThroughApi(t, user);
    expect(first.session).toMatchObject({ step: null, activeOfficeId: townId });
    expect((await get('/api/auth/session', first.cookie)).statusCode).toBe(200);

    const signIn = await post('/api/auth/sign-in', { username: user.username, password: user.password });
    expect(signIn.json()).toMatchObject({ step: 'totp' });
    const stepSession = sessionOf(signIn);
    // The code just used (current step) is refused now, even within its window.
    const reused = await post('/api/auth/totp', { code: testTotpCode(user.totpSecret, t.clock.now()) }, stepSession);
    expect(reused.statusCode).toBe(401);
    expect(reused.json()).toMatchObject({ code: 'INVALID_TOTP' });
    const failures = await auditOf('auth.sign_in_failed');
    expect(failures.at(-1)?.details).toMatchObject({ stage: 'totp', reason: 'reused_code' });
    // An earlier code is refused too; the next step's code is accepted once.
    const earlier = testTotpCode(user.totpSecret, new Date(t.clock.now().getTime() - 30_000));
    expect((await post('/api/auth/totp', { code: earlier }, stepSession)).statusCode).toBe(401);
    const next = testTotpCode(user.totpSecret, new Date(t.clock.now().getTime() + 30_000));
    expect((await post('/api/auth/totp', { code: next }, stepSession)).statusCode).toBe(200);
    expect((await post('/api/auth/totp', { code: next }, stepSession)).statusCode).toBe(401);
  });

  it('answers unknown user, wrong password and disabled user identically, and audits each without the password', async () => {
    const zhao = await buildUser(t, {
      username: 'zhao.lei',
      password: 'Zhao-Lei-口令-真的很长',
      roles: [{ officeId: townId, role: 'monitor' }],
    });
    await buildUser(t, {
      username: 'qian.jun',
      password: 'Qian-Jun-口令-真的很长',
      isDisabled: true,
      roles: [],
    });
    const wrong = await post(
      '/api/auth/sign-in',
      { username: 'zhao.lei', password: 'Guessed-口令-Wrong-1' },
      undefined,
      '10.1.0.1',
    );
    const unknown = await post(
      '/api/auth/sign-in',
      { username: 'nobody.here', password: 'Guessed-口令-Wrong-2' },
      undefined,
      '10.1.0.2',
    );
    const disabled = await post(
      '/api/auth/sign-in',
      { username: 'qian.jun', password: 'Qian-Jun-口令-真的很长' },
      undefined,
      '10.1.0.3',
    );
    for (const response of [wrong, unknown, disabled]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误。' });
      expect(response.cookies).toEqual([]);
      expect(Object.keys(response.headers).sort()).toEqual(Object.keys(wrong.headers).sort());
    }
    expect(unknown.body).toBe(wrong.body);
    expect(disabled.body).toBe(wrong.body);

    const entries = await auditOf('auth.sign_in_failed');
    const unknownEntry = entries.find((e) => e.details.reason === 'unknown_user');
    expect(unknownEntry).toMatchObject({ chain_id: 'system', office_id: null, actor_id: null, target_ids: [] });
    expect(unknownEntry?.details.usernameKey).toMatch(/^[0-9a-f]{64}$/);
    const wrongEntry = entries.find((e) => e.details.reason === 'wrong_password' && e.target_ids[0] === zhao.id);
    expect(wrongEntry).toMatchObject({ office_id: townId, actor_id: null, details: { stage: 'password' } });
    // A user without any office goes to the system chain.
    expect(entries.find((e) => e.details.reason === 'disabled')).toMatchObject({ chain_id: 'system' });
    const text = JSON.stringify(await t.deps.db.selectFrom('audit_entries').selectAll().execute());
    for (const secret of ['Guessed-口令-Wrong', 'Qian-Jun-口令', 'Zhao-Lei-口令', 'nobody.here']) {
      expect(text).not.toContain(secret);
    }
    const failedUser = await t.deps.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'zhao.lei')
      .executeTakeFirstOrThrow();
    expect(failedUser.failed_sign_ins).toBe(1);
  });

  it('keeps passwords and codes out of every audit entry', async () => {
    const user = await buildUser(t, {
      username: 'sun.li',
      password: 'Sun-Li-初始口令-abcdef',
      mustChangePassword: true,
      isTotpUnenrolled: true,
      roles: [{ officeId: cityId, role: 'reviewer' }],
    });
    const signIn = await post(
      '/api/auth/sign-in',
      { username: user.username, password: user.password },
      undefined,
      '10.2.0.1',
    );
    const session = sessionOf(signIn);
    await post('/api/auth/password', { currentPassword: user.password, newPassword: 'Sun-Li-新口令-ghijkl' }, session);
    const { secret } = (await get('/api/auth/totp/enrolment', session.cookie)).json<{ secret: string }>();
    const code = testTotpCode(secret, t.clock.now());
    expect((await post('/api/auth/totp/enrolment', { code }, session)).statusCode).toBe(200);
    const text = JSON.stringify(await t.deps.db.selectFrom('audit_entries').selectAll().execute());
    for (const secretText of [
      'Sun-Li-初始口令',
      'Sun-Li-新口令',
      secret,
      `"${code}"`,
      session.csrfToken,
      session.cookie.slice(11),
    ]) {
      expect(text).not.toContain(secretText);
    }
  });

  it('requires the CSRF header on POST after sign-in', async () => {
    const user = await buildUser(t, { username: 'zhou.qiang', roles: [{ officeId: cityId, role: 'leader' }] });
    const session = await signInThroughApi(t, user, { remoteAddress: '10.3.0.1' });
    const withoutHeader = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { cookie: session.cookie },
    });
    expect(withoutHeader.statusCode).toBe(403);
    expect(withoutHeader.json()).toMatchObject({ code: 'CSRF_FAILED' });
    const wrongHeader = await t.app.inject({
      method: 'POST',
      url: '/api/auth/active-office',
      headers: { cookie: session.cookie, 'x-csrf-token': 'x'.repeat(43) },
      payload: { officeId: cityId },
    });
    expect(wrongHeader.json()).toMatchObject({ code: 'CSRF_FAILED' });
    expect((await get('/api/auth/session', session.cookie)).statusCode).toBe(200);
  });

  it('refuses a cross-site form post to sign-in before looking at the credentials', async () => {
    const user = await buildUser(t, { username: 'wu.gang', roles: [{ officeId: cityId, role: 'intake' }] });
    const before = (await t.deps.db.selectFrom('audit_entries').select('seq').execute()).length;
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      remoteAddress: '10.4.0.1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      payload: `username=${user.username}&password=${encodeURIComponent(user.password)}`,
    });
    expect(form.statusCode).toBe(400);
    expect(form.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(form.cookies).toEqual([]);
    // text/plain is what a form with enctype="text/plain" sends, and it can carry a JSON-looking body.
    const plain = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      remoteAddress: '10.4.0.1',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ username: user.username, password: user.password }),
    });
    expect(plain.statusCode).toBe(400);
    expect(plain.cookies).toEqual([]);
    const crossSite = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      remoteAddress: '10.4.0.1',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      payload: JSON.stringify({ username: user.username, password: user.password }),
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json()).toMatchObject({ code: 'CSRF_FAILED' });
    expect(crossSite.cookies).toEqual([]);
    // None of them counted as an attempt or reached the audit log; the same credentials as JSON work.
    expect((await t.deps.db.selectFrom('audit_entries').select('seq').execute()).length).toBe(before);
    const json = await post(
      '/api/auth/sign-in',
      { username: user.username, password: user.password },
      undefined,
      '10.4.0.1',
    );
    expect(json.statusCode).toBe(200);
  });

  it('rotates the session at sign-in and ends the one presented', async () => {
    const user = await buildUser(t, { username: 'zheng.hua', roles: [{ officeId: cityId, role: 'monitor' }] });
    const first = await signInThroughApi(t, user, { remoteAddress: '10.5.0.1' });
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      remoteAddress: '10.5.0.1',
      headers: { cookie: first.cookie },
      payload: { username: user.username, password: user.password },
    });
    expect(again.statusCode).toBe(200);
    expect(sessionCookieOf(again)).not.toBe(first.cookie);
    expect((await get('/api/auth/session', first.cookie)).statusCode).toBe(401);
    expect((await get('/api/auth/session', sessionCookieOf(again))).json()).toMatchObject({ step: 'totp' });
  });

  it('answers 401 on the session route without a session', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/auth/session' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('accepts a 64-character and a Chinese password at the password change, and refuses a short one', async () => {
    const user = await buildUser(t, { username: 'feng.yu', roles: [{ officeId: cityId, role: 'auditor' }] });
    const session = await signInThroughApi(t, user, { remoteAddress: '10.6.0.1' });
    const change = (currentPassword: string, newPassword: string) =>
      post('/api/auth/password', { currentPassword, newPassword }, session, '10.6.0.1');
    const short = await change(user.password, 'Short-口令12');
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ code: 'WEAK_PASSWORD', message: '密码至少需要 12 个字符（当前 10 个）。' });
    const long = 'a-64-character-passphrase-that-nobody-will-guess-in-a-long-while';
    expect(long.length).toBe(64);
    expect((await change(user.password, long)).statusCode).toBe(200);
    expect((await change(long, '千里之行始于足下不积跬步')).statusCode).toBe(200);
    const signIn = await post(
      '/api/auth/sign-in',
      { username: user.username, password: '千里之行始于足下不积跬步' },
      undefined,
      '10.6.0.1',
    );
    expect(signIn.statusCode).toBe(200);
    const row = await t.deps.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(row.password_hash).not.toContain('千里之行');
  });
});
