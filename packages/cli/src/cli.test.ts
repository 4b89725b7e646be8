import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { auditChainKey, generateDataKey, parseDataKey, verifyAuditChains } from '@zhengming/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_COLUMNS } from './screen/table-row.js';
import {
  assertCliBuilt,
  createCliTarget,
  createEmptyCliTarget,
  makeTempDir,
  runCli,
  type CliTarget,
} from './test-support/cli-harness.js';

const OTP = /一次性密码 One-time password: ([A-Za-z0-9]{20})/;

describe('zhengming CLI', () => {
  let dir: string;
  let target: CliTarget;

  beforeAll(async () => {
    assertCliBuilt();
    dir = makeTempDir('zm-cli-test-');
    target = await createCliTarget();
  });
  afterAll(async () => {
    await target.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exits 0 for help and 2 for usage mistakes', async () => {
    const help = await runCli(['--help'], {});
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('restore');
    expect((await runCli(['frobnicate'], {})).status).toBe(2);
    const missingName = await runCli(['user', 'add', 'someone'], target.env);
    expect(missingName.status).toBe(2);
    expect(missingName.stderr).toContain('--name');
    const halfGrant = await runCli(['user', 'add', 'someone', '--name', '某', '--office', '某机关'], target.env);
    expect(halfGrant.status).toBe(2);
    expect(halfGrant.stderr).toContain('--office 与 --role 须同时给出');
    const badLevel = await runCli(['office', 'add', '某机关', '--level', 'city'], target.env);
    expect(badLevel.status).toBe(2);
    expect(badLevel.stderr).toContain('prefecture');
  });

  it('lists every configuration problem and exits 1', async () => {
    const result = await runCli(['user', 'list'], { DATABASE_URL: 'postgres://127.0.0.1:1/none', PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('配置有误');
    expect(result.stderr).toContain('ZHENGMING_KEY: is required when DATABASE_URL is set');
    expect(result.stderr).toContain('PORT:');
    expect(result.stderr).not.toContain('    at ');
  });

  it('prints one line for an error, and the stack only with LOG_LEVEL=debug', async () => {
    const plain = await runCli(['user', 'disable', 'nobody'], target.env);
    expect(plain.status).toBe(1);
    expect(plain.stderr.trim().split('\n')).toEqual([expect.stringContaining('用户 nobody 不存在。 [NOT_FOUND]')]);
    const debug = await runCli(['user', 'disable', 'nobody'], { ...target.env, LOG_LEVEL: 'debug' });
    expect(debug.status).toBe(1);
    expect(debug.stderr).toContain('    at ');
  });

  it('creates the office tree, with the root only once', async () => {
    const env = target.env;
    const root = await runCli(['office', 'add', '测试市纪委监委', '--level', 'prefecture'], env);
    expect(root.status).toBe(0);
    expect(root.stdout).toContain('已创建机关 / office created: 测试市纪委监委（根机关 root）');
    const secondRoot = await runCli(['office', 'add', '另一个根', '--level', 'county'], env);
    expect(secondRoot.status).toBe(1);
    expect(secondRoot.stderr).toContain('根机关已存在');
    expect(
      (await runCli(['office', 'add', '测试区纪委监委', '--level', 'county', '--parent', '测试市纪委监委'], env))
        .status,
    ).toBe(0);
    expect(
      (await runCli(['office', 'add', '东湖镇纪委', '--level', 'township', '--parent', '测试区纪委监委'], env)).status,
    ).toBe(0);
    const tree = await runCli(['office', 'list'], env);
    expect(tree.status).toBe(0);
    expect(tree.stdout).toMatch(/^测试市纪委监委（设区的市级 prefecture）/);
    expect(tree.stdout).toContain('└─ 测试区纪委监委（县级 county）');
    expect(tree.stdout).toContain('   └─ 东湖镇纪委（乡镇（街道） township）');
  });

  it('creates users whose content grants a leader approves, after the recorded root bootstrap', async () => {
    const env = target.env;
    const leader = await runCli(['user', 'add', 'lijun', '--name', '李领导'], env);
    expect(leader.status).toBe(0);
    expect(leader.stdout).toMatch(OTP);
    expect((await runCli(['office', 'bootstrap-leader', 'lijun', '--principal'], env)).status).toBe(0);
    const secondBootstrap = await runCli(['office', 'bootstrap-leader', 'lijun'], env);
    expect(secondBootstrap.status).toBe(1);
    expect(secondBootstrap.stderr).toContain('根机关已有领导');

    const intake = await runCli(
      [
        'user',
        'add',
        'wangfang',
        '--name',
        '王信访',
        '--office',
        '东湖镇纪委',
        '--role',
        'intake',
        '--approved-by',
        'lijun',
      ],
      env,
    );
    expect(intake.status).toBe(0);
    expect(intake.stdout).toContain('已授权 / granted: 信访干部 intake @ 东湖镇纪委（已生效 active）');
  });

  it('refuses content grants without a leader, or approved by the grantee', async () => {
    const env = target.env;
    const unapproved = await runCli(
      ['user', 'add', 'zhaoyun', '--name', '赵监督', '--office', '东湖镇纪委', '--role', 'supervisor'],
      env,
    );
    expect(unapproved.status).toBe(1);
    expect(unapproved.stdout).toMatch(OTP);
    expect(unapproved.stderr).toContain('用户已创建，但授权被拒绝');
    const selfApproved = await runCli(
      ['user', 'grant', 'zhaoyun', '--office', '东湖镇纪委', '--role', 'supervisor', '--approved-by', 'zhaoyun'],
      env,
    );
    expect(selfApproved.status).toBe(1);
    expect(selfApproved.stderr).toContain('[GRANT_NOT_ALLOWED]');
    const monitor = await runCli(['user', 'grant', 'zhaoyun', '--office', '测试区纪委监委', '--role', 'monitor'], env);
    expect(monitor.status).toBe(0);
    expect(monitor.stdout).toContain('案件监督管理 monitor @ 测试区纪委监委');
  });

  it('resets, disables and re-enables users, listing them with their roles, all audited as the operator', async () => {
    const env = target.env;
    // wangfang holds intake: the operator names the approving leader; the lone root leader needs break-glass.
    const unapproved = await runCli(['user', 'reset', 'wangfang'], env);
    expect(unapproved.status).toBe(1);
    expect(unapproved.stderr).toContain('[RESET_NOT_ALLOWED]');
    expect(unapproved.stderr).toContain('lijun');
    const reset = await runCli(['user', 'reset', 'wangfang', '--approved-by', 'lijun'], env);
    expect(reset.status).toBe(0);
    expect(reset.stdout).toMatch(OTP);
    const rootWithoutReason = await runCli(['user', 'reset', 'lijun', '--break-glass'], env);
    expect(rootWithoutReason.status).not.toBe(0);
    const rootReset = await runCli(['user', 'reset', 'lijun', '--break-glass', '--reason', '唯一领导更换手机'], env);
    expect(rootReset.status).toBe(0);
    expect(rootReset.stdout).toMatch(OTP);
    expect((await runCli(['user', 'disable', 'wangfang'], env)).status).toBe(0);
    const list = await runCli(['user', 'list'], env);
    expect(list.status).toBe(0);
    const wangLine = list.stdout.split('\n').find((line) => line.startsWith('wangfang '));
    expect(wangLine).toContain('已停用 disabled');
    expect(wangLine).toContain('信访干部 intake @ 东湖镇纪委');
    expect(list.stdout).toContain('领导 leader（主要负责人 principal） @ 测试市纪委监委');
    const enable = await runCli(['user', 'enable', 'wangfang'], env);
    expect(enable.status).toBe(0);
    expect(enable.stdout).toContain('已启用用户 / user enabled: wangfang');
    const relisted = await runCli(['user', 'list'], env);
    expect(relisted.stdout.split('\n').find((line) => line.startsWith('wangfang '))).not.toContain('已停用');

    const operator = `cli:${os.userInfo().username}`;
    const entries = await target.withDb((db) =>
      db.selectFrom('audit_entries').select(['action', 'details']).orderBy('at').execute(),
    );
    const byOperator = entries.filter((e) => e.details.operator === operator).map((e) => e.action);
    for (const action of [
      'office.root_created',
      'office.created',
      'user.created',
      'grant.bootstrap',
      'grant.created',
      'user.reset',
      'user.reset_break_glass',
      'user.disabled',
      'user.enabled',
    ]) {
      expect(byOperator).toContain(action);
    }
  });

  it('adds a year of the official calendar from its notice, refusing a faulty file with every problem named', async () => {
    const env = target.env;
    const before = await runCli(['calendar', 'list'], env);
    expect(before.status).toBe(0);
    expect(before.stdout).toMatch(/^2027 {2}随版本 shipped {2}缺失 missing/m);
    expect(before.stdout).toMatch(/^2026 {2}随版本 shipped {2}放假 \d+ 天/m);

    const file = path.join(dir, '2027.json');
    const notice = '国务院办公厅关于2027年部分节假日安排的通知';
    const days = [
      { name: '元旦', date: '2027-01-01', isOffDay: true },
      { name: '春节', date: '2027-02-06', isOffDay: false },
    ];
    fs.writeFileSync(
      file,
      JSON.stringify({ year: 2027, papers: [notice], days: [...days, { ...days[0], date: '2028-01-01' }] }),
    );
    const refused = await runCli(['calendar', 'add', file], env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('日历年度文件有误：days: 2028-01-01 is outside 2027');
    fs.writeFileSync(file, '{ "year": 2027, ');
    const notJson = await runCli(['calendar', 'add', file], env);
    expect(notJson.status).toBe(1);
    expect(notJson.stderr).toContain('不是有效的 JSON 文件');

    fs.writeFileSync(file, JSON.stringify({ year: 2027, papers: [notice], days }));
    const added = await runCli(['calendar', 'add', file], env);
    expect(added.status).toBe(0);
    expect(added.stdout).toContain(`已添加 2027 年日历 / calendar year added: 放假 1 天，调休上班 1 天（${notice}）`);
    const after = await runCli(['calendar', 'list'], env);
    expect(after.stdout).toMatch(
      new RegExp(`^2027 {2}已添加 added \\S+ {2}放假 1 天 off days，调休上班 1 天 workdays {2}${notice}$`, 'm'),
    );
    const entries = await target.withDb((db) =>
      db
        .selectFrom('audit_entries')
        .select(['action', 'details'])
        .where('action', '=', 'calendar.year_added')
        .execute(),
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]?.details).toMatchObject({ year: 2027, operator: `cli:${os.userInfo().username}` });
  });

  it('exports chain heads and verifies against them', async () => {
    const headsFile = path.join(dir, 'heads.json');
    const head = await runCli(['audit', 'head', '--out', headsFile], target.env);
    expect(head.status).toBe(0);
    const heads = JSON.parse(fs.readFileSync(headsFile, 'utf8')) as { chains: Record<string, unknown> };
    expect(Object.keys(heads.chains)).toContain('system');
    expect((await runCli(['audit', 'head', '--out', headsFile], target.env)).status).toBe(1);
    const verify = await runCli(['audit', 'verify', '--heads', headsFile], target.env);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toContain('审计链校验：全部通过');
    const english = await runCli(['audit', 'verify', '--locale', 'en'], target.env);
    expect(english.stdout).toContain('all chains intact');
  });

  it('backs up and restores, refusing a wrong key and a target that is not empty', async () => {
    const backupFile = path.join(dir, 'full.zmb');
    const backup = await runCli(['backup', '--out', backupFile], target.env);
    expect(backup.status).toBe(0);
    expect(backup.stdout).toContain('已备份 / backup written');
    expect((await runCli(['backup', '--out', backupFile], target.env)).status).toBe(1);

    const intoItself = await runCli(['restore', backupFile], target.env);
    expect(intoItself.status).toBe(1);
    expect(intoItself.stderr).toContain('目标数据库不为空');

    const empty = await createEmptyCliTarget(dir, 'restored');
    try {
      const keyEnv =
        target.env.ZHENGMING_KEY === undefined
          ? { ZHENGMING_KEY_FILE: `${target.env.ZHENGMING_DATA_DIR ?? ''}.key` }
          : { ZHENGMING_KEY: target.env.ZHENGMING_KEY };
      const wrongKey = await runCli(['restore', backupFile], {
        ...empty.env,
        ZHENGMING_KEY: generateDataKey().bytes.toString('hex'),
      });
      expect(wrongKey.status).toBe(1);
      expect(wrongKey.stderr).toContain('提供的数据密钥与备份不匹配');
      const restore = await runCli(['restore', backupFile], { ...empty.env, ...keyEnv });
      expect(restore.stderr).toBe('');
      expect(restore.status).toBe(0);
      expect(restore.stdout).toContain('已恢复 / restored');
      const verify = await runCli(['audit', 'verify'], { ...empty.env, ...keyEnv });
      expect(verify.status).toBe(0);
      const restoredUsers = await runCli(['user', 'list'], { ...empty.env, ...keyEnv });
      const sourceUsers = await runCli(['user', 'list'], target.env);
      expect(restoredUsers.stdout).toBe(sourceUsers.stdout);
      const targetKey = parseDataKey(
        target.env.ZHENGMING_KEY ?? fs.readFileSync(`${target.env.ZHENGMING_DATA_DIR ?? ''}.key`, 'utf8'),
      );
      expect((await target.withDb((db) => verifyAuditChains(db, auditChainKey(targetKey)))).ok).toBe(true);
    } finally {
      await empty.destroy();
    }
  });
});

describe('zhengming screen --help', () => {
  it('names every input column with a Chinese header and points to docs/SCREENING.md', async () => {
    assertCliBuilt();
    const help = await runCli(['screen', '--help'], {});
    expect(help.status).toBe(0);
    for (const [column, headers] of Object.entries(TABLE_COLUMNS)) {
      const named = headers.some((header) => new RegExp(`\\s${column}\\*? ${header}(?= |$)`, 'mu').test(help.stdout));
      expect(named, `${column} with one of ${headers.join('、')}`).toBe(true);
    }
    expect(help.stdout).toContain('receivedAt* 收件时间');
    expect(help.stdout).toContain('docs/SCREENING.md');
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    expect(fs.existsSync(path.join(root, 'docs/SCREENING.md'))).toBe(true);
  });
});
