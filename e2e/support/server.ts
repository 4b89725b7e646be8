import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifactsDir = path.join(root, 'e2e', 'artifacts');
const STARTUP_TIMEOUT_MS = 120_000;

export interface RunningZhengming {
  baseUrl: string;
  /** Everything the server printed so far (notices, then warnings and errors of the log). */
  output: () => string;
  /** Stops the server, drops its database (PostgreSQL) and removes its data folder. */
  stop: () => Promise<void>;
  /** The environment the server runs with: a `zhengming` command run with it reaches the same database. */
  env: Record<string, string>;
}

/**
 * Starts the real server (`zhengming serve`, or `serve --demo`) as a child process on a free port with a fresh
 * data folder and key file — or, when DATABASE_URL is set, a fresh UTF-8 database on that server and a random
 * ZHENGMING_KEY — and waits until it answers /api/health. Its output goes to e2e/artifacts/<logName>.
 */
export async function startZhengming(options: { isDemo?: boolean; logName: string }): Promise<RunningZhengming> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zm-e2e-'));
  const database = process.env.DATABASE_URL === undefined ? null : await createDatabase(process.env.DATABASE_URL);
  const port = await findFreePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    ZHENGMING_DATA_DIR: path.join(tempDir, 'data'),
    ZHENGMING_KEY_FILE: path.join(tempDir, 'data.key'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    NO_COLOR: '1',
  };
  delete env.DATABASE_URL;
  delete env.ZHENGMING_KEY;
  if (database !== null) {
    env.DATABASE_URL = database.url;
    env.ZHENGMING_KEY = randomBytes(32).toString('hex');
  }

  const logPath = path.join(artifactsDir, options.logName);
  const log = fs.createWriteStream(logPath);
  const args = [
    path.join(root, 'packages', 'cli', 'dist', 'main.js'),
    'serve',
    ...(options.isDemo === true ? ['--demo'] : []),
  ];
  const server = spawn(process.execPath, args, { cwd: tempDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: string): void => {
    output += chunk;
    log.write(chunk);
  };
  server.stdout.setEncoding('utf8').on('data', collect);
  server.stderr.setEncoding('utf8').on('data', collect);

  const stop = async (): Promise<void> => {
    await stopProcess(server);
    log.end();
    if (database !== null) {
      await database.drop();
    }
    fs.rmSync(tempDir, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilHealthy(baseUrl, server, () => output);
    // The server may answer before it has seeded an empty database; it says it is running once it has.
    await waitForOutput(RUNNING_NOTICE, () => output, server);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- server output (${logPath}) ---\n${output.slice(-4000)}`, {
      cause: error,
    });
  }
  const cliEnv = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return { baseUrl, output: () => output, stop, env: cliEnv };
}

/** The line `zhengming serve` prints when it is ready (after the first-run admin or the demo data exist). */
const RUNNING_NOTICE = /Zhengming is running/;

async function waitForOutput(pattern: RegExp, readOutput: () => string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!pattern.test(readOutput())) {
    if (server.exitCode !== null) {
      throw new Error(`e2e: the server exited with code ${server.exitCode} before it printed ${String(pattern)}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`e2e: the server did not print ${String(pattern)} within ${STARTUP_TIMEOUT_MS / 1000} s`);
    }
    await sleep(200);
  }
}

/** The first administrator's credentials from the framed first-run notice (`Username:` / `Password:` lines). */
export function parseFirstRunNotice(text: string): { username: string; password: string } | null {
  const username = /Username:\s+(\S+)/.exec(text)?.[1];
  const password = /Password:\s+(\S+)/.exec(text)?.[1];
  return username === undefined || password === undefined ? null : { username, password };
}

export async function waitForAdminPassword(readOutput: () => string): Promise<{ username: string; password: string }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = parseFirstRunNotice(readOutput());
    if (found !== null) {
      return found;
    }
    if (Date.now() > deadline) {
      throw new Error('e2e: the server did not print the first-run one-time password');
    }
    await sleep(200);
  }
}

async function waitUntilHealthy(baseUrl: string, server: ChildProcess, readOutput: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`e2e: the server exited with code ${server.exitCode} before it was ready`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(
    `e2e: the server was not healthy within ${STARTUP_TIMEOUT_MS / 1000} s (${readOutput().length} bytes of output)`,
  );
}

/** A free port in 3101–3199 (the range this machine keeps for test servers), or ZHENGMING_E2E_PORT. */
async function findFreePort(): Promise<number> {
  if (process.env.ZHENGMING_E2E_PORT !== undefined) {
    return Number(process.env.ZHENGMING_E2E_PORT);
  }
  const first = 3101;
  const count = 99;
  const offset = Math.floor(Math.random() * count);
  for (let i = 0; i < count; i += 1) {
    const port = first + ((offset + i) % count);
    if (await isPortFree(port)) {
      return port;
    }
  }
  throw new Error('e2e: no free port in 3101–3199');
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A fresh UTF-8 database on the server of `serverUrl` (Chinese trigram search needs a UTF-8 locale). */
async function createDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `zm_e2e_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    );
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  // A server that does not stop within 15 s is killed; the timer must not outlive the child (it would hold
  // vitest's process open).
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), 15_000);
    }),
  ]);
  clearTimeout(timer);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
