import fs from 'node:fs';
import { sql } from 'kysely';
import { createAuditWriter } from '../audit/audit.js';
import type { Config } from '../config.js';
import { openDatabase, pgliteDir, type DatabaseHandle } from '../db/connect.js';
import { AppError } from '../errors.js';
import { SessionService } from '../modules/auth/sessions.service.js';
import type { OpsContext } from './operations.js';
import { prepareDataKey, resolveDataKey, type ResolvedKey } from './data-key.js';
import { appVersion } from './version.js';
import { systemClock, type Clock, type Db } from '../deps.js';

export interface DirectOps {
  ctx: OpsContext;
  database: DatabaseHandle;
  /** The key file created by this command (a database used for the first time): tell the operator to keep a copy. */
  createdKeyFile: string | null;
  close(): Promise<void>;
}

/**
 * The data key of a direct command, which appends audit entries with it: checked against the database as a server
 * start does (created on first use); before the first migration there is nothing to check it against yet.
 */
async function directDataKey(db: Db, config: Config, clock: Clock): Promise<ResolvedKey> {
  const { rows } = await sql<{ name: string | null }>`SELECT to_regclass('public.settings')::text AS name`.execute(db);
  if (rows[0]?.name === null || rows[0]?.name === undefined) {
    return resolveDataKey(config, { mayCreate: true });
  }
  return prepareDataKey(db, config, clock);
}

/** True when the embedded data folder holds a database (started or migrated at least once). */
export function hasEmbeddedDatabase(dataDir: string): boolean {
  return fs.existsSync(pgliteDir(dataDir));
}

/**
 * Opens the database for a CLI command run without a server (the embedded database then takes the folder
 * lock, refusing if a server holds it). `migrate` runs pending migrations, as a server start would;
 * `mustExist` refuses an embedded folder that has no database yet instead of creating one.
 */
export async function openDirectOps(
  config: Config,
  options: { migrate: boolean; mustExist: boolean; clock?: Clock },
): Promise<DirectOps> {
  if (config.databaseUrl === undefined && options.mustExist && !hasEmbeddedDatabase(config.dataDir)) {
    throw new AppError('NOT_FOUND', `there is no database in ${config.dataDir}`, {
      userMessage: `数据目录 ${config.dataDir} 中没有数据库。`,
    });
  }
  const clock = options.clock ?? systemClock;
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    migrate: options.migrate,
    poolSize: 2,
    pgliteSharedBuffers: config.pgliteSharedBuffers,
  });
  let key: ResolvedKey;
  try {
    key = await directDataKey(database.db, config, clock);
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    ctx: {
      db: database.db,
      kind: database.kind,
      clock,
      audit: createAuditWriter(key.key, clock),
      sessions: new SessionService(database.db, clock),
      appVersion: appVersion(),
    },
    database,
    createdKeyFile: key.createdFile,
    close: () => database.close(),
  };
}
