import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../db/connect.js';

/**
 * Runs once per `vitest run`: builds the database every test file copies. On PGlite a migrated template
 * folder (creating one takes 7–10 s; copying it ~1 s); on a server (DATABASE_URL) a migrated UTF-8
 * template database that each file clones with CREATE DATABASE … TEMPLATE.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  process.env.ZHENGMING_TEST_RUN = runId;
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl === undefined) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zm-test-'));
    const template = path.join(root, 'template');
    const handle = await openDatabase({ dataDir: template, lock: false });
    await handle.close();
    process.env.ZHENGMING_TEST_TEMPLATE_DIR = template;
    process.env.ZHENGMING_TEST_ROOT = root;
    return async () => {
      fs.rmSync(root, { recursive: true, force: true });
    };
  }
  const templateName = `zm_tpl_${runId}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(
    `CREATE DATABASE ${templateName} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
  );
  await admin.end();
  const handle = await openDatabase({ databaseUrl: withDatabase(serverUrl, templateName), dataDir: '', poolSize: 1 });
  await handle.close();
  process.env.ZHENGMING_TEST_TEMPLATE_DB = templateName;
  return async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `zm_%_${runId}%`,
    ]);
    for (const row of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    }
    await client.end();
  };
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
