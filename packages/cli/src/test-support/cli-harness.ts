import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDataKey, generateDataKey, openDatabase, systemClock, type DataKey, type Db } from '@zhengming/server';
import { createTestDatabase } from '@zhengming/server/test-support';

/** The built CLI; these tests run it as a child process, as an operator would (`npx tsc -b` first). */
export const CLI_MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export function assertCliBuilt(): void {
  if (!fs.existsSync(CLI_MAIN)) {
    throw new Error(`${CLI_MAIN} is missing: run \`npx tsc -b\` (npm test builds it) first`);
  }
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for the child: the parent's, minus anything that would point it at another database. */
function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'ZHENGMING_KEY',
    'ZHENGMING_KEY_FILE',
    'ZHENGMING_DATA_DIR',
    'PORT',
    'LOG_LEVEL',
  ]) {
    delete base[name];
  }
  return { ...base, LOG_LEVEL: 'warn', ...env };
}

/** Runs `zhengming <args>` to completion. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], {
      env: childEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A `zhengming serve` child process and what it printed so far. */
export interface ServerProcess {
  child: ChildProcess;
  output(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `zhengming serve …` and waits until it says it is running (or exits). */
export async function startServe(args: readonly string[], env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI_MAIN, 'serve', ...args], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in time:\n${output}`)), 90_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('正名已启动')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
      }
      return exited;
    },
  };
}

/** A free TCP port in 3201–3299 (the range these tests may use on a shared machine). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = randomInt(3201, 3300);
    const isFree = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (isFree) {
      return port;
    }
  }
  throw new Error('no free port in 3201–3299');
}

/** A temp folder for one test file. */
export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The database a CLI test works on, with the environment that points the CLI at it. */
export interface CliTarget {
  env: NodeJS.ProcessEnv;
  key: DataKey;
  /** Runs `use` on the database while no CLI process holds it. */
  withDb<T>(use: (db: Db) => Promise<T>): Promise<T>;
  destroy(): Promise<void>;
}

/**
 * A migrated database from createTestDatabase that already holds a key check (as after a first start), closed so
 * that CLI processes can open it: a PGlite folder with its key file beside it, or a server database (DATABASE_URL)
 * with ZHENGMING_KEY.
 */
export async function createCliTarget(): Promise<CliTarget> {
  const key = generateDataKey();
  const database = await createTestDatabase();
  const isEmbedded = database.kind === 'pglite';
  try {
    await checkDataKey(database.db, key, isEmbedded ? 'file' : 'env', systemClock);
  } finally {
    // PGlite serves one process: the test lets go before any CLI process opens the folder.
    await database.close();
  }
  const keyFile = `${database.location}.key`;
  if (isEmbedded) {
    fs.writeFileSync(keyFile, `${key.bytes.toString('hex')}\n`, { mode: 0o600 });
  }
  const withDb = async <T>(use: (db: Db) => Promise<T>): Promise<T> => {
    const handle = isEmbedded
      ? await openDatabase({ dataDir: database.location })
      : await openDatabase({ databaseUrl: database.location, dataDir: '', poolSize: 1 });
    try {
      return await use(handle.db);
    } finally {
      await handle.close();
    }
  };
  return {
    env: isEmbedded
      ? { ZHENGMING_DATA_DIR: database.location }
      : { DATABASE_URL: database.location, ZHENGMING_KEY: key.bytes.toString('hex') },
    key,
    withDb,
    async destroy() {
      await database.destroy();
      fs.rmSync(keyFile, { force: true });
    },
  };
}

/**
 * An empty restore target: on PGlite a data folder that does not exist yet, in `dir` — `zhengming restore` creates
 * it, as on an operator's fresh machine — or an empty server database from createTestDatabase.
 */
export async function createEmptyCliTarget(
  dir: string,
  name: string,
): Promise<{ env: NodeJS.ProcessEnv; destroy(): Promise<void> }> {
  if (process.env.DATABASE_URL === undefined) {
    return { env: { ZHENGMING_DATA_DIR: path.join(dir, name) }, destroy: async () => undefined };
  }
  const database = await createTestDatabase({ isEmpty: true });
  await database.close();
  return { env: { DATABASE_URL: database.location }, destroy: () => database.destroy() };
}
