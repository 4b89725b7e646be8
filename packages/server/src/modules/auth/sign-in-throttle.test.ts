import type { OfficeId } from '@zhengming/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '@zhengming/contracts';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';
import { buildOffice, buildUser, type TestUser } from '../../test-support/builders.js';
import { sessionCookieOf, testTotpCode } from '../../test-support/sign-in.js';
import {
  ADDRESS_FREE_FAILURES,
  FORGET_AFTER_MS,
  MAX_DELAY_MS,
  SWEEP_EVERY_MS,
  USERNAME_FREE_FAILURES,
  delayAfter,
} from './sign-in-throttle.js';

describe('delayAfter', () => {
  it('waits nothing within the free failures, then 1 s, 2 s, 4 s … capped at 15 minutes', () => {
    expect([0, 1, 2].map((n) => delayAfter(n, 3))).toEqual([0, 0, 0]);
    expect([3, 4, 5, 6].map((n) => delayAfter(n, 3))).toEqual([1000, 2000, 4000, 8000]);
    expect(delayAfter(12, 3)).toBe(512_000);
    expect(delayAfter(13, 3)).toBe(MAX_DELAY_MS);
    expect(delayAfter(500, 3)).toBe(15 * 60_000);
  });
});

describe('sign-in delay', () => {
  let t: TestApp;
  let officeId: OfficeId;
  let address = 0;
  /** A fresh client address, so that a test about usernames never meets the per-address delay. */
  const nextAddress = (): string => `10.9.${Math.floor(address / 250)}.${(address++ % 250) + 1}`;

  beforeAll(async () => {
    t = await buildTestApp();
    officeId = (await buildOffice(t, { parentId: null, name: '区纪委监委', level: 'county' })).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const signIn = (username: string, password: string, remoteAddress = nextAddress()) =>
    t.app.inject({ method: 'POST', url: '/api/auth/sign-in', remoteAddress, payload: { username, password } });
  const advanceMs = (ms: number): void => t.clock.set(new Date(t.clock.now().getTime() + ms));
  const throttleRows = () => t.deps.db.selectFrom('sign_in_throttle').selectAll().execute();

  it('delays a username after 3 failures without checking the password, and resets after a sign-in', async () => {
    const user = await buildUser(t, { username: 'delay.one', roles: [{ officeId, role: 'intake' }] });
    for (let i = 0; i < USERNAME_FREE_FAILURES; i += 1) {
      expect((await signIn(user.username, `wrong-password-${i}-abc`)).statusCode).toBe(401);
    }
    // Inside the wait even the right password is refused, unchecked.
    const refused = await signIn(user.username, user.password);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({ code: 'TOO_MANY_ATTEMPTS', message: '尝试次数过多，请在 1 秒后再试。' });
    expect(refused.cookies).toEqual([]);

    advanceMs(1000);
    expect((await signIn(user.username, 'wrong-password-4-abc')).statusCode).toBe(401);
    // Now 2 s: after 1 s still waiting, after 2 s allowed.
    advanceMs(1000);
    expect((await signIn(user.username, user.password)).statusCode).toBe(429);
    advanceMs(1000);
    expect((await signIn(user.username, 'wrong-password-5-abc')).statusCode).toBe(401);
    advanceMs(3000);
    expect((await signIn(user.username, user.password)).json()).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    advanceMs(1000);

    // The right password is let through after 4 s; it does not reset the count (the second factor is still to
    // come), but completing the sign-in does.
    const passwordOk = await signIn(user.username, user.password);
    expect(passwordOk.statusCode).toBe(200);
    const session = passwordOk.json<SessionResponse>();
    advanceMs(8000);
    const verified = await t.app.inject({
      method: 'POST',
      url: '/api/auth/totp',
      remoteAddress: nextAddress(),
      headers: { cookie: sessionCookieOf(passwordOk), 'x-csrf-token': session.csrfToken },
      payload: { code: testTotpCode(user.totpSecret, t.clock.now()) },
    });
    expect(verified.statusCode).toBe(200);
    for (let i = 0; i < USERNAME_FREE_FAILURES; i += 1) {
      expect((await signIn(user.username, `wrong-again-${i}-abc`)).statusCode).toBe(401);
    }
    expect((await signIn(user.username, 'wrong-again-4-abc')).statusCode).toBe(429);

    const throttled = (
      await t.deps.db.selectFrom('audit_entries').selectAll().where('action', '=', 'auth.sign_in_failed').execute()
    ).filter((e) => e.target_ids.includes(user.id));
    // Attempts refused only for coming too soon are tallied, not audited one by one (throttled-attempts.test.ts).
    expect(throttled.filter((e) => e.details.reason === 'throttled').length).toBe(0);
    expect(throttled.filter((e) => e.details.reason === 'wrong_password').length).toBe(8);
  });

  it('delays unknown usernames the same way, under a keyed hash', async () => {
    for (let i = 0; i < USERNAME_FREE_FAILURES; i += 1) {
      expect((await signIn('no.such.user', `guess-number-${i}-abc`)).statusCode).toBe(401);
    }
    expect((await signIn('No.Such.User', 'guess-number-4-abc')).statusCode).toBe(429);
    const rows = await throttleRows();
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.key_hash))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain('no.such.user');
  });

  it('counts parallel attempts one by one, so a burst gets no more than the free failures checked', async () => {
    const user = await buildUser(t, { username: 'burst.user', roles: [{ officeId, role: 'intake' }] });
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => signIn(user.username, `burst-guess-${i}-abcdef`)),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 401).length).toBe(USERNAME_FREE_FAILURES);
    expect(statuses.filter((s) => s === 429).length).toBe(8 - USERNAME_FREE_FAILURES);
  });

  it('delays a client address after its free failures across usernames, not other addresses', async () => {
    const address = '192.0.2.77';
    for (let i = 0; i < ADDRESS_FREE_FAILURES; i += 1) {
      expect((await signIn(`spray.${i}`, 'Spring2026-password', address)).statusCode).toBe(401);
    }
    const user = await buildUser(t, { username: 'spray.target', roles: [{ officeId, role: 'intake' }] });
    expect((await signIn(user.username, user.password, address)).statusCode).toBe(429);
    expect((await signIn(user.username, user.password, '192.0.2.78')).statusCode).toBe(200);
    advanceMs(1000);
    expect((await signIn('spray.last', 'Spring2026-password', address)).statusCode).toBe(401);
    expect((await signIn('spray.next', 'Spring2026-password', address)).statusCode).toBe(429);
  });

  it('counts wrong TOTP codes as failures for the delay', async () => {
    const user: TestUser = await buildUser(t, { username: 'totp.guesser', roles: [{ officeId, role: 'intake' }] });
    const passwordOk = await signIn(user.username, user.password);
    const headers = {
      cookie: sessionCookieOf(passwordOk),
      'x-csrf-token': passwordOk.json<SessionResponse>().csrfToken,
    };
    const totp = (code: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/totp', remoteAddress: nextAddress(), headers, payload: { code } });
    const wrong = testTotpCode(user.totpSecret, new Date(t.clock.now().getTime() + 10 * 60_000));
    for (let i = 0; i < USERNAME_FREE_FAILURES; i += 1) {
      expect((await totp(wrong)).json()).toMatchObject({ code: 'INVALID_TOTP' });
    }
    const right = testTotpCode(user.totpSecret, t.clock.now());
    expect((await totp(right)).statusCode).toBe(429);
    // The refused attempt did not use up the code: after the wait it works.
    advanceMs(1000);
    expect((await totp(right)).statusCode).toBe(200);
    const row = await t.deps.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.failed_sign_ins).toBe(0);
  });

  // Last in the file: it moves the clock a day on.
  it('forgets a username counter after a day without attempts, not one that is still being tried', async () => {
    for (let i = 0; i < USERNAME_FREE_FAILURES; i += 1) {
      await signIn('nobody.quiet', `wrong-password-${i}-abc`);
      await signIn('nobody.steady', `wrong-password-${i}-abc`);
    }
    const before = await throttleRows();
    // The steady guesser keeps trying once every 15 minutes (the longest delay) for a day and the longest
    // gap between two sweeps (an hour, plus up to one 15-minute step).
    const steps = (FORGET_AFTER_MS + SWEEP_EVERY_MS) / MAX_DELAY_MS + 1;
    for (let step = 0; step < steps; step += 1) {
      advanceMs(MAX_DELAY_MS);
      expect((await signIn('nobody.steady', 'wrong-password-again-abc')).statusCode).toBe(401);
    }
    const after = await throttleRows();
    const keysBefore = new Set(before.map((row) => row.key_hash));
    const keysAfter = new Set(after.map((row) => row.key_hash));
    // Only the steady guesser's counter of this file's counters survives the day, with every failure kept.
    expect([...keysBefore].filter((key) => keysAfter.has(key))).toHaveLength(1);
    const steady = after.find((row) => keysBefore.has(row.key_hash));
    expect(steady?.failures).toBe(USERNAME_FREE_FAILURES + steps);
  });
});
