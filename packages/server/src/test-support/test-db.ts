import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../db/connect.js';
import { withDatabase } from './global-setup.js';

/** A private database for one test file, on PGlite or the server (when DATABASE_URL is set). */
export interface TestDatabase extends DatabaseHandle {
  /** The embedded folder (PGlite) or the server URL of this database. */
  location: string;
  /** Closes the connection but keeps the database, e.g. to hand it to a child process; destroy() still removes it. */
  close(): Promise<void>;
  /** Closes (if still open) and removes the database. */
  destroy(): Promise<void>;
}

export interface TestDatabaseOptions {
  /**
   * No schema at all (not migrated), e.g. as a restore target: a fresh PGlite folder (7–10 s to create) or a new
   * UTF-8 database on the server. By default the database is a migrated copy of the run's template.
   */
  isEmpty?: boolean;
}

const MISSING_SETUP = 'test database template missing: run tests through vitest (globalSetup)';

/**
 * The one way tests get a database: a fresh one that no other test file shares, migrated unless `isEmpty`. On
 * PGlite a copy of the template folder that vitest's global setup built; on a server (DATABASE_URL) a clone of its
 * template database.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl === undefined) {
    const root = process.env.ZHENGMING_TEST_ROOT ?? missing(MISSING_SETUP);
    if (options.isEmpty === true) {
      const dataDir = path.join(root, `empty-${randomUUID()}`);
      const handle = await openDatabase({ dataDir, lock: false, migrate: false });
      return withRemoval(handle, dataDir, async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    }
    const dataDir = path.join(root, randomUUID());
    if (!prepareEmbeddedDataDir(dataDir)) {
      missing(MISSING_SETUP);
    }
    const handle = await openDatabase({ dataDir, lock: false });
    return withRemoval(handle, dataDir, async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  }
  const runId = process.env.ZHENGMING_TEST_RUN ?? 'adhoc';
  const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
  // An empty database starts from template0 with a UTF-8 locale (STACK.md: a C-locale database breaks pg_trgm).
  const [name, template] =
    options.isEmpty === true
      ? [`zm_e_${runId}_${suffix}`, `template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`]
      : [`zm_t_${runId}_${suffix}`, process.env.ZHENGMING_TEST_TEMPLATE_DB ?? missing(MISSING_SETUP)];
  await runAdminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  const url = withDatabase(serverUrl, name);
  const handle = await openDatabase({
    databaseUrl: url,
    dataDir: '',
    poolSize: options.isEmpty === true ? 2 : 4,
    migrate: options.isEmpty !== true,
  });
  return withRemoval(handle, url, () => runAdminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/**
 * Fills an embedded data folder with a copy of the run's migrated template, when the run is on PGlite (copying
 * takes ~1 s, creating 7–10 s). Returns false on a server run, which has no template folder: a process started on
 * `dataDir` then creates the database itself.
 */
export function prepareEmbeddedDataDir(dataDir: string): boolean {
  const template = process.env.ZHENGMING_TEST_TEMPLATE_DIR;
  if (template === undefined) {
    return false;
  }
  fs.cpSync(template, dataDir, { recursive: true });
  return true;
}

function withRemoval(handle: DatabaseHandle, location: string, remove: () => Promise<void>): TestDatabase {
  let isOpen = true;
  const close = async (): Promise<void> => {
    if (isOpen) {
      isOpen = false;
      await handle.close();
    }
  };
  return {
    ...handle,
    location,
    close,
    async destroy() {
      await close();
      await remove();
    },
  };
}

async function runAdminQuery(serverUrl: string, query: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(query);
  } finally {
    await admin.end();
  }
}

function missing(what: string): never {
  throw new Error(what);
}
