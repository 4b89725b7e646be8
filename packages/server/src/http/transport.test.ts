import type { OfficeId } from '@zhengming/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { ADDRESS_FREE_FAILURES } from '../modules/auth/sign-in-throttle.js';
import { buildOffice, buildUser, type TestUser } from '../test-support/builders.js';
import { buildTestApp, type TestApp } from '../test-support/test-app.js';

const PROXY = '10.0.0.5';

/*
 * Issue 10, finding 3: behind a reverse proxy every client shared the proxy's address, so ~20 failed sign-ins by
 * anyone throttled everyone's sign-in; the Secure cookie flag and HSTS could never be switched on; the audit log
 * recorded the proxy as every client.
 */
describe('behind a trusted reverse proxy', () => {
  let t: TestApp;
  let user: TestUser;
  let officeId: OfficeId;

  beforeAll(async () => {
    t = await buildTestApp({ transport: { trustProxy: [PROXY], https: 'auto' } });
    officeId = (await buildOffice(t, { parentId: null, name: '区纪委监委', level: 'county' })).id;
    user = await buildUser(t, { username: 'behind.proxy', roles: [{ officeId, role: 'intake' }] });
  });
  afterAll(async () => {
    await t.close();
  });

  const signIn = (username: string, password: string, headers: Record<string, string>, remoteAddress = PROXY) =>
    t.app.inject({ method: 'POST', url: '/api/auth/sign-in', remoteAddress, headers, payload: { username, password } });

  it('throttles the client that failed, not every client of the proxy, and audits the client’s address', async () => {
    const attacker = { 'x-forwarded-for': '203.0.113.66' };
    for (let i = 0; i <= ADDRESS_FREE_FAILURES * 2; i += 1) {
      await signIn(`guess.${i}`, 'a-wrong-password-123', attacker);
    }
    expect((await signIn('guess.more', 'a-wrong-password-123', attacker)).statusCode).toBe(429);
    const colleague = await signIn(user.username, user.password, { 'x-forwarded-for': '198.51.100.20' });
    expect(colleague.statusCode).toBe(200);

    const started = await t.deps.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('action', '=', 'auth.sign_in_started')
      .executeTakeFirstOrThrow();
    expect(started.details.address).toBe('198.51.100.20');
    const failed = await t.deps.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('action', '=', 'auth.sign_in_failed')
      .execute();
    expect(new Set(failed.map((e) => e.details.address))).toEqual(new Set(['203.0.113.66']));
  });

  it('does not believe X-Forwarded-For from an address that is not the proxy', async () => {
    const response = await signIn(
      'spoof.check',
      'a-wrong-password-123',
      { 'x-forwarded-for': '192.0.2.1' },
      '198.51.100.99',
    );
    expect(response.statusCode).toBe(401);
    const failed = await t.deps.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('action', '=', 'auth.sign_in_failed')
      .execute();
    const addresses = failed.map((e) => e.details.address);
    expect(addresses).toContain('198.51.100.99');
    expect(addresses).not.toContain('192.0.2.1');
  });

  it('sets the Secure flag and HSTS when the proxy says the request came over HTTPS, not otherwise', async () => {
    const overHttps = await signIn(user.username, user.password, {
      'x-forwarded-for': '198.51.100.21',
      'x-forwarded-proto': 'https',
    });
    expect(overHttps.statusCode).toBe(200);
    expect(overHttps.cookies.find((c) => c.name === 'zm_session')).toMatchObject({ secure: true, httpOnly: true });
    expect(overHttps.headers['strict-transport-security']).toBe('max-age=31536000');

    const plain = await signIn(user.username, user.password, { 'x-forwarded-for': '198.51.100.22' });
    expect(plain.cookies.find((c) => c.name === 'zm_session')?.secure).toBeUndefined();
    expect(plain.headers['strict-transport-security']).toBeUndefined();

    // A client that is not the proxy cannot claim HTTPS.
    const claimed = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      remoteAddress: '198.51.100.23',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(claimed.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('ZHENGMING_HTTPS=on', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ transport: { https: 'on' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('sends HSTS on every response, whatever the request says', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
  });
});

describe('the transport settings', () => {
  const env = (extra: Record<string, string>) => ({ ZHENGMING_DATA_DIR: '/tmp/zm-config-test', ...extra });

  it('are off and auto by default', () => {
    expect(loadConfig(env({}))).toMatchObject({ trustProxy: [], https: 'auto' });
  });

  it('take a list of proxy addresses and ranges', () => {
    expect(
      loadConfig(env({ ZHENGMING_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback', ZHENGMING_HTTPS: 'on' })),
    ).toMatchObject({ trustProxy: ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback'], https: 'on' });
  });

  it('refuse trusting everyone, a hop count, or a malformed range, saying what to write', () => {
    for (const value of ['true', '*', '2', '10.0.0.0/33', 'proxy.example.org']) {
      expect(() => loadConfig(env({ ZHENGMING_TRUST_PROXY: value }))).toThrow(/ZHENGMING_TRUST_PROXY: must list/);
    }
    expect(() => loadConfig(env({ ZHENGMING_HTTPS: 'yes' }))).toThrow(/ZHENGMING_HTTPS/);
  });
});
