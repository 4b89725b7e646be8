import { sql, type Kysely } from 'kysely';

/**
 * Screening's band-key store (docs/SCREENING.md, band-key indexes): the engine's stamped band keys of each
 * indexed complaint, and for exact verification of the candidates they find its shingle set twice — as bytea
 * for verification in the client and as an intarray `integer[]` for verification in the database — plus its
 * 128-byte signature sketch for the pre-check, in a narrow table of its own. `key` is the engine's 64-bit band
 * hash stamped with the index version, so one bigint identifies band and version too and the lookup index is
 * `(key, complaint_id)`: about 30 bytes an entry, where `(key, band, version, complaint_id)` took 48. It ends
 * with `complaint_id`, so a lookup is an index-only scan that can also read one key's newest complaints first.
 * `complaint_id` is a compact integer until complaints have a table of their own.
 * Frozen: never edit after release; add a new migration instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // A trusted contrib extension: the database owner may create it (the start check makes sure it is there).
  await sql`CREATE EXTENSION IF NOT EXISTS intarray`.execute(db);

  await db.schema
    .createTable('screening_band_keys')
    .addColumn('complaint_id', 'integer', (c) => c.notNull())
    .addColumn('band', 'smallint', (c) => c.notNull())
    .addColumn('key', 'bigint', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('screening_band_keys_lookup')
    .on('screening_band_keys')
    .columns(['key', 'complaint_id'])
    .execute();

  await db.schema
    .createTable('screening_shingles')
    .addColumn('complaint_id', 'integer', (c) => c.primaryKey())
    .addColumn('shingles', 'bytea', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('screening_shingle_sets')
    .addColumn('complaint_id', 'integer', (c) => c.primaryKey())
    .addColumn('shingles', sql`integer[]`, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('screening_sketches')
    .addColumn('complaint_id', 'integer', (c) => c.primaryKey())
    .addColumn('sketch', 'bytea', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('0004_screening_band_keys cannot be reverted');
}
