import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, CLI_MAIN, REPO_ROOT } from '../test-support/ops-fixtures.js';
import { openDatabase, pgliteDir } from './connect.js';
import { acquireDataDirLock, liveLockHolder, lockFilePath, readLock } from './lock.js';

const BUILT_LOCK = path.join(REPO_ROOT, 'packages/server/dist/db/lock.js');

/** A real second process that takes the folder lock (through the built module) and holds it until killed. */
async function spawnLockHolder(dataDir: string, adminSocket: string | null = null): Promise<ChildProcess> {
  const script = `
    import { acquireDataDirLock } from ${JSON.stringify(pathToFileURL(BUILT_LOCK).href)};
    const lock = acquireDataDirLock(process.argv[1]);
    if (process.argv[2] !== '') lock.setAdminSocket(process.argv[2]);
    process.stdout.write('held\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, dataDir, adminSocket ?? ''], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('held')) {
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/** The pid of a process that has finished, so it is certainly dead. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(result.stdout);
}

describe('data folder lock', () => {
  let root: string;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    assertBuilt(BUILT_LOCK);
    assertBuilt(CLI_MAIN);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'zm-lock-test-'));
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map(stop));
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('refuses a second process on the same data folder with a clear message', async () => {
    const dataDir = path.join(root, 'held');
    const holder = await spawnLockHolder(dataDir);
    children.push(holder);
    expect(() => acquireDataDirLock(dataDir)).toThrow(
      expect.objectContaining({
        code: 'DATABASE_LOCKED',
        message: expect.stringContaining(`is in use by process ${holder.pid}`) as string,
      }),
    );
    await expect(openDatabase({ dataDir })).rejects.toMatchObject({ code: 'DATABASE_LOCKED' });
    // The CLI, a third process, says so in Chinese and exits 1 (the holder is no server, so no admin channel).
    const env = { ...process.env };
    delete env.DATABASE_URL;
    const cli = spawnSync(process.execPath, [CLI_MAIN, 'office', 'list'], {
      env: { ...env, ZHENGMING_DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain(`数据库正被进程 ${holder.pid} 使用`);
    expect(readLock(dataDir)?.pid).toBe(holder.pid);
  });

  it('takes over a stale lock left by a dead process, and an unreadable one', () => {
    const dataDir = path.join(root, 'stale');
    fs.mkdirSync(dataDir, { recursive: true });
    const pid = deadPid();
    fs.writeFileSync(
      lockFilePath(dataDir),
      JSON.stringify({ pid, startedAt: '2026-01-01T00:00:00Z', adminSocket: null }),
    );
    expect(liveLockHolder(dataDir)).toBeNull();
    const lock = acquireDataDirLock(dataDir);
    expect(readLock(dataDir)?.pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(lockFilePath(dataDir))).toBe(false);

    fs.writeFileSync(lockFilePath(dataDir), '{not json');
    const again = acquireDataDirLock(dataDir);
    expect(readLock(dataDir)?.pid).toBe(process.pid);
    again.release();
  });

  it('tells other processes the admin socket of a live holder', async () => {
    const dataDir = path.join(root, 'server');
    const socket = path.join(dataDir, 'admin.sock');
    children.push(await spawnLockHolder(dataDir, socket));
    expect(liveLockHolder(dataDir)).toMatchObject({ adminSocket: socket });
  });

  it('sets aside an interrupted first initialisation and starts afresh', async () => {
    const dataDir = path.join(root, 'interrupted');
    fs.mkdirSync(pgliteDir(dataDir), { recursive: true });
    fs.writeFileSync(path.join(pgliteDir(dataDir), 'PG_VERSION'), '18\n');
    const handle = await openDatabase({ dataDir });
    try {
      const asides = fs.readdirSync(dataDir).filter((name) => name.startsWith('pgdata.interrupted-'));
      expect(asides).toHaveLength(1);
      expect(fs.readdirSync(path.join(dataDir, asides[0] ?? ''))).toEqual(['PG_VERSION']);
      expect(fs.existsSync(path.join(pgliteDir(dataDir), 'zhengming-initialised'))).toBe(true);
      expect(readLock(dataDir)?.pid).toBe(process.pid);
    } finally {
      await handle.close();
    }
    expect(fs.existsSync(lockFilePath(dataDir))).toBe(false);
  });
});
