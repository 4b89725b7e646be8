import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { withDatabase } from '../test-support/global-setup.js';
import { createTestDatabase } from '../test-support/test-db.js';
import { checkExtensionAvailable, DatabaseSetupError, openDatabase } from './connect.js';
import type { Db } from '../deps.js';

const serverUrl = process.env.DATABASE_URL;

describe('openDatabase', () => {
  it('opens a UTF-8 database where pg_trgm sees Chinese, migrated to the latest schema', async () => {
    const database = await createTestDatabase();
    try {
      const { rows } = await pg_trgmSimilarity(database.db);
      expect(rows[0]?.similarity).toBeCloseTo(0.667, 2);
      const migrations = await database.db
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute();
      expect(migrations.length).toBeGreaterThanOrEqual(3);
    } finally {
      await database.destroy();
    }
  });

  it('refuses a server without an extension the migrations create, saying what to install', async () => {
    const database = await createTestDatabase();
    try {
      // Every server here has intarray; an extension no server offers stands in for a missing contrib package.
      await expect(checkExtensionAvailable(database.db, 'intarray', 'band keys')).resolves.toBeUndefined();
      await expect(checkExtensionAvailable(database.db, 'zm_no_such_extension', 'band keys')).rejects.toThrow(
        /does not offer the zm_no_such_extension extension \(band keys\)\. Install PostgreSQL's contrib modules .*Debian: apt-get install postgresql-contrib/,
      );
    } finally {
      await database.destroy();
    }
  });

  // PGlite is always UTF-8; only a server can hold a database in another encoding.
  describe.runIf(serverUrl !== undefined)('on a PostgreSQL server (needs DATABASE_URL)', () => {
    it('refuses a database that is not UTF-8, saying how to create one', async () => {
      const name = `zm_ascii_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'`);
      try {
        const opening = openDatabase({ databaseUrl: withDatabase(serverUrl ?? '', name), dataDir: '', poolSize: 1 });
        await expect(opening).rejects.toThrow(DatabaseSetupError);
        await expect(
          openDatabase({ databaseUrl: withDatabase(serverUrl ?? '', name), dataDir: '', poolSize: 1 }),
        ).rejects.toThrow(/not UTF8.*TEMPLATE template0 ENCODING 'UTF8'/s);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    });

    it('refuses an unreachable server with a clear message', async () => {
      const url = new URL(serverUrl ?? '');
      url.port = '1';
      await expect(openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 1 })).rejects.toThrow(
        /cannot connect to the PostgreSQL server/,
      );
    });
  });
});

/** The similarity STACK.md records for these two sentences on a UTF-8 database (0 without one). */
function pg_trgmSimilarity(db: Db) {
  return sql<{
    similarity: number;
  }>`select similarity('村委会主任贾某某侵占集体资金', '村委会主任贾某某侵吞集体资金') as similarity`.execute(db);
}
