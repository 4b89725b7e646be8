import fs from 'node:fs';
import type { Config } from '../config.js';
import { openDatabase, pgliteDir, type DatabaseHandle } from '../db/connect.js';
import { AppError } from '../errors.js';
import { SessionService } from '../modules/auth/sessions.service.js';
import type { OpsContext } from './operations.js';
import { appVersion } from './version.js';
import { systemClock, type Clock } from '../deps.js';

export interface DirectOps {
  ctx: OpsContext;
  database: DatabaseHandle;
  close(): Promise<void>;
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
  return {
    ctx: {
      db: database.db,
      kind: database.kind,
      clock,
      sessions: new SessionService(database.db, clock),
      appVersion: appVersion(),
    },
    database,
    close: () => database.close(),
  };
}
