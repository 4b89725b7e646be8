import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { intarray } from '@electric-sql/pglite/contrib/intarray';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { DEFAULT_PGLITE_SHARED_BUFFERS } from '../config.js';
import type { Database } from './database.js';
import { secureDataFolder } from './data-folder.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';
import { migrationProvider } from './migrations/index.js';
import type { Db } from '../deps.js';

export type DatabaseKind = 'pglite' | 'postgresql';

/** An open database with what is needed to close it cleanly. */
export interface DatabaseHandle {
  db: Db;
  kind: DatabaseKind;
  /** The PGlite instance for the embedded database (used by backup). */
  pglite: PGlite | undefined;
  /** The folder lock of the embedded database. */
  lock: DataDirLock | undefined;
  close(): Promise<void>;
}

/** Marker written once the first initialisation and migration of an embedded folder finished. */
const INIT_MARKER = 'zhengming-initialised';

export function pgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pgdata');
}

export class DatabaseSetupError extends Error {
  override name = 'DatabaseSetupError';
}

export interface OpenOptions {
  /** Server URL; when absent the embedded database in `dataDir` is used. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Run pending migrations (default true). */
  migrate?: boolean;
  /** Pool size for the server (default 10). */
  poolSize?: number;
  /** Take the single-process lock on the embedded folder (default true; tests on private copies may skip it). */
  lock?: boolean;
  /** The embedded database's buffer pool as `shared_buffers` takes it (default `DEFAULT_PGLITE_SHARED_BUFFERS`). */
  pgliteSharedBuffers?: string;
}

/**
 * Opens the embedded database or the server, checks it can hold Chinese text and offers the extensions the
 * migrations create, and migrates it.
 */
export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  const handle =
    options.databaseUrl === undefined
      ? await openPglite(
          options.dataDir,
          options.lock ?? true,
          options.pgliteSharedBuffers ?? DEFAULT_PGLITE_SHARED_BUFFERS,
        )
      : await openServer(options.databaseUrl, options.poolSize ?? 10);
  try {
    await checkChineseTrigrams(handle);
    if (handle.kind === 'postgresql') {
      // PGlite carries its extensions with it; a server has them only when its contrib modules are installed.
      await checkExtensionAvailable(handle.db, 'intarray', "screening's band-key store counts shared shingles with it");
    }
    if (options.migrate ?? true) {
      await migrateToLatest(handle.db);
    }
    if (handle.kind === 'pglite') {
      fs.writeFileSync(path.join(pgliteDir(options.dataDir), INIT_MARKER), new Date().toISOString());
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

const BYTEA_OID = 17;

/**
 * PGlite returns bytea as hex text and decodes it in JavaScript one `parseInt` per byte, and encodes
 * parameters one `toString(16)` per byte; Node's hex codec does both natively, many times faster (band-key
 * candidates fetch hundreds of shingle sets a query). Values come back as Buffers, as `pg` returns them.
 */
const pgliteByteaCodec = {
  parsers: { [BYTEA_OID]: (value: string) => Buffer.from(value.slice(2), 'hex') },
  serializers: {
    [BYTEA_OID]: (value: Uint8Array) =>
      `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`,
  },
};

async function openPglite(dataDir: string, shouldLock: boolean, sharedBuffers: string): Promise<DatabaseHandle> {
  const lock = shouldLock ? acquireDataDirLock(dataDir) : undefined;
  try {
    secureDataFolder(dataDir);
    const dir = pgliteDir(dataDir);
    if (fs.existsSync(dir) && !fs.existsSync(path.join(dir, INIT_MARKER))) {
      // A first initialisation was interrupted before it finished: nothing of the app was stored yet.
      const aside = `${dir}.interrupted-${Date.now()}`;
      fs.renameSync(dir, aside);
      process.emitWarning(
        `an interrupted first initialisation of ${dir} was found and moved to ${aside}; starting afresh`,
      );
    }
    const pglite = new PGlite(dir, {
      extensions: { pg_trgm, intarray },
      // A buffer miss in PGlite is a file read through the WebAssembly file system layer, and the pool is
      // allocated whole at start: its size is the operator's choice (ZHENGMING_PGLITE_SHARED_BUFFERS).
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`],
      ...pgliteByteaCodec,
    });
    await pglite.waitReady;
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    return {
      db,
      kind: 'pglite',
      pglite,
      lock,
      async close() {
        await db.destroy().catch(() => undefined);
        if (!pglite.closed) {
          await pglite.close();
        }
        // Again on the way out: files PGlite made while open under a looser umask (a library caller) close owner-only.
        secureDataFolder(dataDir);
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

async function openServer(url: string, poolSize: number): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client dropped by the server (restart, DROP DATABASE … WITH (FORCE)) must not crash the process;
  // the pool replaces it and the next query reports any real problem.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL pool: idle connection lost: ${error.message}`);
  });
  // Return timestamps and bigints as the server writes them; the app converts where it needs to.
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    throw new DatabaseSetupError(`cannot connect to the PostgreSQL server: ${(error as Error).message}`);
  }
  return {
    db,
    kind: 'postgresql',
    pglite: undefined,
    lock: undefined,
    close: () => db.destroy(),
  };
}

/**
 * A database created without a UTF-8 locale makes pg_trgm blind to Chinese (similarity 0), which would
 * silently break screening; refuse to start instead.
 */
async function checkChineseTrigrams(handle: DatabaseHandle): Promise<void> {
  const encoding = await sql<{ server_encoding: string }>`show server_encoding`.execute(handle.db);
  if (encoding.rows[0]?.server_encoding !== 'UTF8') {
    throw new DatabaseSetupError(
      `the database encoding is ${encoding.rows[0]?.server_encoding ?? 'unknown'}, not UTF8. Create it with: ` +
        `CREATE DATABASE name TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
    );
  }
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(handle.db);
  } catch (error) {
    throw new DatabaseSetupError(`the pg_trgm extension is not available: ${(error as Error).message}`);
  }
  const trigrams = await sql<{ n: number }>`select cardinality(show_trgm('中文')) as n`.execute(handle.db);
  if ((trigrams.rows[0]?.n ?? 0) === 0) {
    throw new DatabaseSetupError(
      "pg_trgm cannot see Chinese in this database (its locale is not UTF-8). Create it with: CREATE DATABASE name TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
    );
  }
}

/**
 * Refuses a server that does not offer an extension a migration creates, saying what to install, rather than
 * letting the migration fail with PostgreSQL's terse "could not open extension control file".
 */
export async function checkExtensionAvailable(db: Db, extension: string, purpose: string): Promise<void> {
  const offered = sql<{ name: string }>`select name from pg_available_extensions where name = ${extension}`;
  if ((await offered.execute(db)).rows.length === 0) {
    throw new DatabaseSetupError(
      `the PostgreSQL server does not offer the ${extension} extension (${purpose}). Install PostgreSQL's contrib ` +
        `modules on the database server (Debian: apt-get install postgresql-contrib) and start again`,
    );
  }
}

/** Runs every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined) {
    throw new DatabaseSetupError(
      `migration ${failed?.migrationName ?? '(unknown)'} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
