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
  /** Closes and removes the database. */
  destroy(): Promise<void>;
}

/** A fresh, migrated database that no other test file shares. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  const runId = process.env.ZHENGMING_TEST_RUN ?? 'adhoc';
  if (serverUrl === undefined) {
    const template = process.env.ZHENGMING_TEST_TEMPLATE_DIR;
    const root = process.env.ZHENGMING_TEST_ROOT;
    if (template === undefined || root === undefined) {
      throw new Error('test database template missing: run tests through vitest (globalSetup)');
    }
    const dataDir = path.join(root, randomUUID());
    fs.cpSync(template, dataDir, { recursive: true });
    const handle = await openDatabase({ dataDir, lock: false });
    return {
      ...handle,
      location: dataDir,
      async destroy() {
        await handle.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const template = process.env.ZHENGMING_TEST_TEMPLATE_DB;
  if (template === undefined) {
    throw new Error('test database template missing: run tests through vitest (globalSetup)');
  }
  const name = `zm_t_${runId}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  const handle = await openDatabase({ databaseUrl: url, dataDir: '', poolSize: 4 });
  return {
    ...handle,
    location: url,
    async destroy() {
      await handle.close();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
