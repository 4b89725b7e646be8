import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDataKey, generateDataKey, openDatabase, systemClock, type DataKey, type Db } from '@zhengming/server';
import pg from 'pg';

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

/**
 * Prepares an embedded data folder: a copy of the migrated template folder that vitest's global setup built on
 * PGlite runs (fast), or nothing on PostgreSQL runs, where the first start creates the folder (7–10 s).
 */
export function prepareEmbeddedDataDir(dataDir: string): void {
  const template = process.env.ZHENGMING_TEST_TEMPLATE_DIR;
  if (template !== undefined) {
    fs.cpSync(template, dataDir, { recursive: true });
  }
}

/** The database a CLI test works on, with the environment that points the CLI at it. */
export interface CliTarget {
  env: NodeJS.ProcessEnv;
  key: DataKey;
  /** Runs `use` on the database while no CLI process holds it. */
  withDb<T>(use: (db: Db) => Promise<T>): Promise<T>;
  destroy(): Promise<void>;
}

function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A migrated, empty database that already holds a key check (as after a first start): a copied PGlite folder
 * with its key file, or a new database on the server (DATABASE_URL) with ZHENGMING_KEY.
 */
export async function createCliTarget(dir: string, name: string): Promise<CliTarget> {
  const key = generateDataKey();
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl === undefined) {
    const dataDir = path.join(dir, name);
    prepareEmbeddedDataDir(dataDir);
    const keyFile = `${dataDir}.key`;
    fs.writeFileSync(keyFile, `${key.bytes.toString('hex')}\n`, { mode: 0o600 });
    const withDb = async <T>(use: (db: Db) => Promise<T>): Promise<T> => {
      const handle = await openDatabase({ dataDir });
      try {
        return await use(handle.db);
      } finally {
        await handle.close();
      }
    };
    await withDb((db) => checkDataKey(db, key, 'file', systemClock));
    return { env: { ZHENGMING_DATA_DIR: dataDir }, key, withDb, destroy: async () => undefined };
  }
  const template = process.env.ZHENGMING_TEST_TEMPLATE_DB;
  const runId = process.env.ZHENGMING_TEST_RUN ?? 'adhoc';
  if (template === undefined) {
    throw new Error('run tests through vitest (globalSetup builds the template)');
  }
  const database = `zm_c_${runId}_${name.replace(/\W/g, '')}_${randomInt(1e9)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database} TEMPLATE ${template}`);
  await admin.end();
  const url = withDatabaseName(serverUrl, database);
  const withDb = async <T>(use: (db: Db) => Promise<T>): Promise<T> => {
    const handle = await openDatabase({ databaseUrl: url, dataDir: '', poolSize: 1 });
    try {
      return await use(handle.db);
    } finally {
      await handle.close();
    }
  };
  await withDb((db) => checkDataKey(db, key, 'env', systemClock));
  return {
    env: { DATABASE_URL: url, ZHENGMING_KEY: key.bytes.toString('hex') },
    key,
    withDb,
    async destroy() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** An empty database with no schema, as a restore target: a new folder (PGlite) or a new server database. */
export async function createEmptyCliTarget(
  dir: string,
  name: string,
): Promise<{ env: NodeJS.ProcessEnv; destroy(): Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl === undefined) {
    return { env: { ZHENGMING_DATA_DIR: path.join(dir, name) }, destroy: async () => undefined };
  }
  const runId = process.env.ZHENGMING_TEST_RUN ?? 'adhoc';
  const database = `zm_c_${runId}_${name.replace(/\W/g, '')}_${randomInt(1e9)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(
    `CREATE DATABASE ${database} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
  );
  await admin.end();
  return {
    env: { DATABASE_URL: withDatabaseName(serverUrl, database) },
    async destroy() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.end();
    },
  };
}
