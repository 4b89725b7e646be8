import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  auditChainKey,
  parseDataKey,
  generateDataKey,
  openDatabase,
  readBackupHeader,
  readLock,
  verifyAuditChains,
  verifyBackupForRestore,
} from '@zhengming/server';
import { prepareEmbeddedDataDir } from '@zhengming/server/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertCliBuilt,
  createCliTarget,
  freePort,
  makeTempDir,
  runCli,
  startServe,
  type ServerProcess,
} from './test-support/cli-harness.js';

const OPERATOR = `cli:${os.userInfo().username}`;

describe('zhengming serve on the embedded database', () => {
  let dir: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let server: ServerProcess;
  let port: number;

  beforeAll(async () => {
    assertCliBuilt();
    dir = makeTempDir('zm-serve-test-');
    dataDir = path.join(dir, 'data');
    prepareEmbeddedDataDir(dataDir);
    port = await freePort();
    env = { ZHENGMING_DATA_DIR: dataDir, PORT: String(port) };
    server = await startServe([], env);
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the key file and the administrator once, printing both, and serves HTTP', async () => {
    const output = server.output();
    expect(output).toContain('已创建数据密钥文件');
    expect(output).toContain(`${dataDir}.key`);
    expect(fs.statSync(`${dataDir}.key`).mode & 0o777).toBe(0o600);
    expect(output).toMatch(/用户名 Username:\s+admin/);
    expect(output).toMatch(/一次性密码 Password:\s+[A-Za-z0-9]{20}/);
    expect(output).toContain(`正名已启动 / Zhengming is running: http://localhost:${port}`);
    const response = await fetch(`http://localhost:${port}/api/health`);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'pglite' });
  });

  it('opens an owner-only admin channel and records it in the lock file', () => {
    const lock = readLock(dataDir);
    expect(lock).toMatchObject({ pid: server.child.pid, adminSocket: path.join(dataDir, 'admin.sock') });
    const stat = fs.statSync(path.join(dataDir, 'admin.sock'));
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('runs CLI commands through the admin channel while it holds the database', async () => {
    const list = await runCli(['user', 'list'], env);
    expect(list.stderr).toBe('');
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('系统管理员 admin @ 市纪委监委（已生效 active）');
    const add = await runCli(['office', 'add', '东区纪委监委', '--level', 'county', '--parent', '市纪委监委'], env);
    expect(add.status).toBe(0);
    expect((await runCli(['office', 'list'], env)).stdout).toContain('└─ 东区纪委监委（县级 county）');
    const user = await runCli(
      ['user', 'add', 'zhangsan', '--name', '张三', '--office', '东区纪委监委', '--role', 'monitor'],
      env,
    );
    expect(user.status).toBe(0);
    expect(user.stdout).toMatch(/一次性密码 One-time password: [A-Za-z0-9]{20}/);
    const refused = await runCli(['user', 'grant', 'zhangsan', '--office', '东区纪委监委', '--role', 'intake'], env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('[GRANT_NOT_ALLOWED]');
    const migrate = await runCli(['migrate'], env);
    expect(migrate.status).toBe(0);
    expect(migrate.stdout).toContain('服务正在运行，启动时已完成迁移');
    const verify = await runCli(['audit', 'verify'], env);
    expect(verify.status).toBe(0);
  });

  it('refuses restore while the server runs, and backs up while it runs', async () => {
    const backupFile = path.join(dir, 'live.zmb');
    const backup = await runCli(['backup', '--out', backupFile], env);
    expect(backup.status).toBe(0);
    const key = fs.readFileSync(`${dataDir}.key`, 'utf8').trim();
    const verified = await verifyBackupForRestore(backupFile, { bytes: Buffer.from(key, 'hex') });
    expect(verified.manifest.tables.find((t) => t.name === 'offices')?.rows).toBe(2);
    expect((await readBackupHeader(backupFile)).databaseKind).toBe('pglite');

    const restore = await runCli(['restore', backupFile, '--force'], env);
    expect(restore.status).toBe(1);
    expect(restore.stderr).toContain(`服务正在运行（进程 ${server.child.pid}），恢复前请先停止服务`);
  });

  it('refuses a second server on the same data folder', async () => {
    const second = await runCli(['serve'], { ...env, PORT: String(await freePort()) });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('[DATABASE_LOCKED]');
    expect(second.stderr).toContain(`is in use by process ${server.child.pid}`);
  });

  it('refuses a port in use before creating the administrator, so no one-time password is lost', async () => {
    const otherDir = path.join(dir, 'port-taken');
    prepareEmbeddedDataDir(otherDir);
    const taken = await runCli(['serve'], { ZHENGMING_DATA_DIR: otherDir, PORT: String(port) });
    expect(taken.status).toBe(1);
    expect(taken.stderr).toContain(`端口 ${port} 已被占用`);
    expect(taken.stdout).not.toContain('一次性密码');
    const handle = await openDatabase({ dataDir: otherDir });
    try {
      expect(await handle.db.selectFrom('users').select('id').execute()).toEqual([]);
    } finally {
      await handle.close();
    }
  });

  it('stops cleanly on SIGTERM, releasing the lock and removing the socket', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'zhengming.lock'))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'admin.sock'))).toBe(false);
  });

  it('audited every channel command with the operator', async () => {
    const handle = await openDatabase({ dataDir });
    try {
      const entries = await handle.db.selectFrom('audit_entries').select(['action', 'details']).execute();
      const actions = entries.filter((e) => e.details.operator === OPERATOR).map((e) => e.action);
      for (const action of [
        'office.created',
        'user.created',
        'grant.created',
        'system.backup_created',
        'operator.read',
      ]) {
        expect(actions).toContain(action);
      }
      expect(entries.map((e) => e.action)).toContain('system.first_run');
      const key = parseDataKey(fs.readFileSync(`${dataDir}.key`, 'utf8'));
      expect((await verifyAuditChains(handle.db, auditChainKey(key))).ok).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('refuses to start with a different key, and with the key file missing', async () => {
    const otherKey = path.join(dir, 'other.key');
    fs.writeFileSync(otherKey, `${generateDataKey().bytes.toString('hex')}\n`, { mode: 0o600 });
    const wrong = await runCli(['serve'], { ...env, ZHENGMING_KEY_FILE: otherKey });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('数据密钥与数据库不匹配');
    expect(wrong.stderr).toContain('is not the key this database was created with');
    const missing = path.join(dir, 'missing.key');
    const lost = await runCli(['serve'], { ...env, ZHENGMING_KEY_FILE: missing });
    expect(lost.status).toBe(1);
    expect(lost.stderr).toContain('put your safe copy back');
    expect(fs.existsSync(missing)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'zhengming.lock'))).toBe(false);
  });
});

describe('zhengming serve --demo', () => {
  it('seeds the demo offices and one user per role on an empty database', async () => {
    assertCliBuilt();
    const dir = makeTempDir('zm-demo-test-');
    const dataDir = path.join(dir, 'data');
    prepareEmbeddedDataDir(dataDir);
    const env = { ZHENGMING_DATA_DIR: dataDir, PORT: String(await freePort()) };
    const server = await startServe(['--demo'], env);
    try {
      const output = server.output();
      expect(output).toContain('演示数据：仅供体验');
      for (const username of [
        'intake',
        'supervisor',
        'investigator',
        'reviewer',
        'leader',
        'monitor',
        'admin',
        'auditor',
      ]) {
        expect(output).toMatch(new RegExp(`^${username}\\s+zhengming-demo-\\d`, 'm'));
      }
      expect(output).not.toContain('首次启动：已创建系统管理员');
      const tree = await runCli(['office', 'list'], env);
      expect(tree.stdout).toContain('示范市纪委监委');
      expect(tree.stdout).toContain('├─ 东湖镇纪委');
      expect(tree.stdout).toContain('└─ 西山镇纪委');
      const users = await runCli(['user', 'list'], env);
      expect(users.stdout).toContain('信访干部 intake @ 东湖镇纪委（已生效 active）');
    } finally {
      expect(await server.stop('SIGINT')).toBe(0);
    }
    // Started again on the same folder: nothing is seeded twice, and the credentials are printed again.
    const again = await startServe(['--demo'], env);
    try {
      expect(again.output()).toContain('演示数据库已存在，沿用原有数据');
      expect(again.output()).toMatch(/^intake\s+zhengming-demo-2/m);
      // A command through the admin channel: the server is fully up (a SIGINT before that ends it by the signal),
      // and the tree is the one seeded before, once.
      const tree = await runCli(['office', 'list'], env);
      expect(tree.stdout.match(/东湖镇纪委/g)).toHaveLength(1);
    } finally {
      expect(await again.stop('SIGINT')).toBe(0);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(process.env.DATABASE_URL !== undefined)('zhengming serve on PostgreSQL', () => {
  it('starts without an admin channel, and CLI commands work on the database meanwhile', async () => {
    assertCliBuilt();
    const dir = makeTempDir('zm-serve-pg-test-');
    const target = await createCliTarget();
    // A migrated database with a key check but no users yet: the start creates the administrator.
    const env = { ...target.env, PORT: String(await freePort()), ZHENGMING_DATA_DIR: path.join(dir, 'unused') };
    const server = await startServe([], env);
    try {
      expect(server.output()).toMatch(/用户名 Username:\s+admin/);
      expect(fs.existsSync(path.join(dir, 'unused', 'admin.sock'))).toBe(false);
      const users = await runCli(['user', 'list'], env);
      expect(users.status).toBe(0);
      expect(users.stdout).toContain('系统管理员 admin');
      const backup = await runCli(['backup', '--out', path.join(dir, 'pg.zmb')], env);
      expect(backup.status).toBe(0);
    } finally {
      expect(await server.stop()).toBe(0);
      await target.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
