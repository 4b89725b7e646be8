import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/** The two ways the benchmark reaches PostgreSQL: a server through `pg`, or embedded PGlite. */
export interface SqlClient {
  query<T>(text: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A `pg` client as a SqlClient. */
export function serverClient(client: pg.Client): SqlClient {
  return {
    query: async <T>(text: string, values?: unknown[]) => (await client.query(text, values)).rows as T[],
    close: () => client.end(),
  };
}

/** A PGlite database as a SqlClient. */
export function pgliteClient(database: PGlite): SqlClient {
  return {
    query: async <T>(text: string, values?: unknown[]) => (await database.query<T>(text, values)).rows,
    close: () => database.close(),
  };
}

/**
 * The band-key table of DESIGN §5 — `(complaint_id, band, key, version)`, indexed — plus each complaint's
 * shingle set for exact verification of candidates. Keys are the engine's 64-bit band hashes as bigint.
 */
export async function createBandKeyTables(client: SqlClient): Promise<void> {
  await client.query('DROP TABLE IF EXISTS band_keys');
  await client.query('DROP TABLE IF EXISTS complaint_shingles');
  await client.query(
    'CREATE TABLE band_keys (complaint_id integer NOT NULL, band smallint NOT NULL, key bigint NOT NULL, version text NOT NULL)',
  );
  await client.query('CREATE TABLE complaint_shingles (complaint_id integer PRIMARY KEY, shingles bytea NOT NULL)');
}

/** Builds the index after the bulk load (faster than maintaining it row by row). */
export async function indexBandKeys(client: SqlClient): Promise<void> {
  await client.query('CREATE INDEX band_keys_lookup ON band_keys (key, band, version)');
  await client.query('ANALYZE band_keys');
  await client.query('ANALYZE complaint_shingles');
}

/** One complaint's rows. */
export interface BandKeyRows {
  complaintId: number;
  bandKeys: string[];
  shingles: Uint32Array;
}

/** Splits an engine band key `<version>:<band>:<16 hex>` into its parts (key as signed 64-bit text). */
export function parseBandKey(key: string): { version: string; band: number; key: string } {
  const [version = '', band = '0', hex = '0'] = key.split(':');
  return { version, band: Number(band), key: BigInt.asIntN(64, BigInt(`0x${hex}`)).toString() };
}

/** Bulk-inserts a batch with `unnest` (one statement per table). */
export async function insertBandKeys(client: SqlClient, batch: readonly BandKeyRows[]): Promise<void> {
  const ids: number[] = [];
  const bands: number[] = [];
  const keys: string[] = [];
  const versions: string[] = [];
  for (const row of batch) {
    for (const bandKey of row.bandKeys) {
      const parsed = parseBandKey(bandKey);
      ids.push(row.complaintId);
      bands.push(parsed.band);
      keys.push(parsed.key);
      versions.push(parsed.version);
    }
  }
  await client.query(
    'INSERT INTO band_keys (complaint_id, band, key, version) SELECT * FROM unnest($1::integer[], $2::smallint[], $3::bigint[], $4::text[])',
    [ids, bands, keys, versions],
  );
  await client.query(
    'INSERT INTO complaint_shingles (complaint_id, shingles) SELECT * FROM unnest($1::integer[], $2::bytea[])',
    [
      batch.map((row) => row.complaintId),
      batch.map((row) => Buffer.from(row.shingles.buffer, row.shingles.byteOffset, row.shingles.byteLength)),
    ],
  );
}

/** Candidates sharing a band key, with their shingle sets for exact verification. */
export async function queryCandidates(
  client: SqlClient,
  bandKeys: readonly string[],
): Promise<{ id: string; shingles: Uint32Array }[]> {
  if (bandKeys.length === 0) {
    return [];
  }
  const parsed = bandKeys.map(parseBandKey);
  const rows = await client.query<{ complaint_id: number; shingles: Uint8Array }>(
    `SELECT s.complaint_id, s.shingles FROM complaint_shingles s
      WHERE s.complaint_id IN (
        SELECT b.complaint_id FROM unnest($1::smallint[], $2::bigint[]) AS q(band, key)
          JOIN band_keys b ON b.key = q.key AND b.band = q.band AND b.version = $3)`,
    [parsed.map((part) => part.band), parsed.map((part) => part.key), parsed[0]?.version ?? ''],
  );
  return rows.map((row) => ({ id: String(row.complaint_id), shingles: toUint32(row.shingles) }));
}

function toUint32(bytes: Uint8Array): Uint32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Uint32Array(copy.buffer, 0, copy.byteLength >>> 2);
}
