import { Writable } from 'node:stream';
import { createAuditWriter } from '../audit/audit.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED_LOG_PATHS, buildApp, type BuiltApp } from '../app.js';
import { generateDataKey } from '../keys/keys.js';
import { buildUser } from '../test-support/builders.js';
import { signInThroughApi } from '../test-support/sign-in.js';
import { TestClock } from '../test-support/test-clock.js';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db.js';

describe('structured logs', () => {
  const lines: string[] = [];
  let database: TestDatabase;
  let built: BuiltApp;
  const clock = new TestClock();
  const key = generateDataKey();

  beforeAll(async () => {
    database = await createTestDatabase();
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    built = await buildApp({
      db: database.db,
      dbKind: database.kind,
      key,
      clock,
      audit: createAuditWriter(key, clock),
      version: 'test',
      webRoot: null,
      // The same logger options as main.ts, at the most verbose level.
      logger: { level: 'trace', stream, redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } },
    });
    await built.app.ready();
  });
  afterAll(async () => {
    await built.app.close();
    await database.destroy();
  });

  it('never carry passwords, session tokens, CSRF tokens or reporter identity', async () => {
    const user = await buildUser({ db: database.db, key, clock }, { username: 'logcheck' });
    const signedIn = await signInThroughApi({ app: built.app, clock, deps: { db: database.db } }, user);
    const token = /zm_session=([^;]+)/.exec(signedIn.cookie)?.[1] ?? '';
    await built.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'content-type': 'application/json', cookie: signedIn.cookie, 'x-csrf-token': signedIn.csrfToken },
      payload: { username: 'logcheck', password: 'a-wrong-password-of-logcheck' },
    });
    // A service that logs an object with identity fields (as later features will) gets them censored.
    built.app.log.info(
      {
        complaint: {
          reporter: { name: '张举报', idNumber: '110101199003071234' },
          phone: '13800138000',
          address: '东湖镇幸福村8组12号',
        },
        body: { password: user.password, code: '123456' },
      },
      'screening input received',
    );
    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(text).toContain('screening input received');
    expect(text).toContain('[redacted]');
    for (const secret of [
      user.password,
      'a-wrong-password-of-logcheck',
      token,
      signedIn.csrfToken,
      '张举报',
      '110101199003071234',
      '13800138000',
      '东湖镇幸福村8组12号',
    ]) {
      expect(secret.length).toBeGreaterThan(1);
      expect(text).not.toContain(secret);
    }
  });
});
