import { appendAudit, createAuditWriter, systemClock } from '@zhengming/server';
import { buildGrant, buildOffice, buildUser } from '@zhengming/server/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, createCliTarget, runCli, type CliTarget } from './test-support/cli-harness.js';

/*
 * Names in a database written before the text rules (or behind the application's back) may hold control
 * characters; the CLI prints them with those characters made visible, so that a crafted name cannot erase or
 * forge a line of the operator's screen. The names are inserted directly, past the schemas that refuse them now.
 */

/** Every character a terminal acts on, besides the line feed that ends the CLI's own lines. */
// eslint-disable-next-line no-control-regex -- finding raw control characters is the point
const RAW_CONTROL = /[\0-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const OFFICE_NAME = '东湖\r\x1b[2K伪造的机关\u202e';
const DISPLAY_NAME = '张三\n已授权 / granted: 伪造\x9b';
const USERNAME = 'evil\x1b]0;title\x07';

describe('the CLI prints names from the database with control characters made visible', () => {
  let target: CliTarget;

  beforeAll(async () => {
    assertCliBuilt();
    target = await createCliTarget();
    await target.withDb(async (db) => {
      const root = await buildOffice({ db }, { parentId: null, name: '测试市纪委监委', level: 'prefecture' });
      const office = await buildOffice({ db }, { parentId: root.id, name: OFFICE_NAME, level: 'county' });
      const user = await buildUser(
        { db, key: target.key },
        { username: USERNAME, displayName: DISPLAY_NAME, password: null },
      );
      await buildGrant({ db }, { userId: user.id, officeId: office.id, role: 'intake' });
      // An entry in the office's chain, so that `audit verify` names the office.
      await appendAudit(
        db,
        {
          actorId: null,
          officeIds: [office.id],
          action: 'office.created',
          targetIds: [office.id],
          details: {},
        },
        createAuditWriter(target.key, systemClock),
      );
    });
  }, 120_000);
  afterAll(async () => {
    await target.destroy();
  });

  it('office list', async () => {
    const result = await runCli(['office', 'list'], target.env);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(RAW_CONTROL);
    expect(result.stdout).toContain('东湖\\x0d\\x1b[2K伪造的机关\\u202e（县级 county）');
  });

  it('user list', async () => {
    const result = await runCli(['user', 'list'], target.env);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(RAW_CONTROL);
    expect(result.stdout).toContain('evil\\x1b]0;title\\x07');
    expect(result.stdout).toContain('张三\\x0a已授权 / granted: 伪造\\x9b');
    // The display name's line feed did not start a line of its own.
    expect(result.stdout.split('\n').filter((line) => line.startsWith('已授权'))).toEqual([]);
  });

  it('audit verify', async () => {
    const result = await runCli(['audit', 'verify'], target.env);
    expect(result.stdout).not.toMatch(RAW_CONTROL);
    expect(result.stdout).toContain('[正常] 东湖\\x0d\\x1b[2K伪造的机关\\u202e (');
  });

  it('refuses a name with a control character as a usage error naming the argument', async () => {
    const office = await runCli(
      ['office', 'add', '东湖\n纪委', '--level', 'county', '--parent', '测试市纪委监委'],
      target.env,
    );
    expect(office.status).toBe(2);
    expect(office.stderr).toContain('<name>: 不得包含换行符或控制字符（U+000A）');
    const user = await runCli(['user', 'add', 'zhangsan', '--name', '\x1b[31m张三'], target.env);
    expect(user.status).toBe(2);
    expect(user.stderr).toContain('--name: 不得包含换行符或控制字符（U+001B）');
    expect(user.stderr).not.toMatch(RAW_CONTROL);
    const lookup = await runCli(['user', 'disable', 'evil\x1b[2K'], target.env);
    expect(lookup.status).toBe(2);
    expect(lookup.stderr).toContain('<username>: ');
    await target.withDb(async (db) => {
      const users = await db.selectFrom('users').select('username').where('username', '=', 'zhangsan').execute();
      expect(users).toEqual([]);
    });
  });
});
