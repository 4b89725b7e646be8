import type { PGlite } from '@electric-sql/pglite';
import type { CountedCandidate } from '@zhengming/engine';
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

const BYTEA_OID = 17;

/**
 * PGlite returns bytea as hex text and decodes it in JavaScript one `parseInt` per byte, and encodes
 * parameters one `toString(16)` per byte; Node's hex codec does both natively, many times faster.
 */
const pgliteByteaOptions = {
  parsers: { [BYTEA_OID]: (value: string) => Buffer.from(value.slice(2), 'hex') },
  serializers: {
    [BYTEA_OID]: (value: Uint8Array) =>
      `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`,
  },
};

/** A PGlite database as a SqlClient (bytea through Node's hex codec). */
export function pgliteClient(database: PGlite, isStockBytea = false): SqlClient {
  const options = isStockBytea ? undefined : pgliteByteaOptions;
  return {
    query: async <T>(text: string, values?: unknown[]) => (await database.query<T>(text, values, options)).rows,
    close: () => database.close(),
  };
}

/**
 * The band-key table of DESIGN §5 — `(complaint_id, band, key, version)`, indexed — plus each complaint's
 * shingle set for exact verification of candidates, twice: as bytea for verification in the client and as an
 * intarray `integer[]` for verification in the database (`queryCountedCandidates`; the extension ships with
 * PostgreSQL's contrib and with PGlite), and, in a narrow table of its own, its 128-byte signature sketch for
 * the pre-check. `key` is the engine's 64-bit band hash (which already depends on the band) stamped with the
 * index version (the engine's `stampedBandKeys`), so one bigint identifies band and version too and the lookup
 * index is `(key, complaint_id)`: about 30 bytes an entry where `(key, band, version, complaint_id)` took 48
 * (1.26 against 1.98 GB at 1M complaints), so more of it stays in the database's buffers.
 */
export async function createBandKeyTables(client: SqlClient): Promise<void> {
  await client.query('CREATE EXTENSION IF NOT EXISTS intarray');
  await client.query('DROP TABLE IF EXISTS band_keys');
  await client.query('DROP TABLE IF EXISTS complaint_shingles');
  await client.query('DROP TABLE IF EXISTS complaint_sets');
  await client.query('DROP TABLE IF EXISTS complaint_sketches');
  await client.query(
    'CREATE TABLE band_keys (complaint_id integer NOT NULL, band smallint NOT NULL, key bigint NOT NULL, version text NOT NULL)',
  );
  await client.query('CREATE TABLE complaint_shingles (complaint_id integer PRIMARY KEY, shingles bytea NOT NULL)');
  await client.query('CREATE TABLE complaint_sets (complaint_id integer PRIMARY KEY, shingles integer[] NOT NULL)');
  await client.query('CREATE TABLE complaint_sketches (complaint_id integer PRIMARY KEY, sketch bytea NOT NULL)');
}

/**
 * Builds the index after the bulk load (faster than maintaining it row by row). The index ends with
 * `complaint_id`, so the lookup is an index-only scan that can also read one key's newest complaints first
 * (`queryCappedCandidates`), and VACUUM sets the visibility map that such a scan needs to skip the heap.
 */
export async function indexBandKeys(client: SqlClient): Promise<void> {
  await client.query('CREATE INDEX band_keys_lookup ON band_keys (key, complaint_id)');
  await client.query('VACUUM ANALYZE band_keys');
  await client.query('VACUUM ANALYZE complaint_shingles');
  await client.query('VACUUM ANALYZE complaint_sets');
  await client.query('VACUUM ANALYZE complaint_sketches');
}

/** One complaint's rows. */
export interface BandKeyRows {
  complaintId: number;
  /** The engine's index version the keys are stamped with (`indexVersion`). */
  version: string;
  /** The engine's stamped band keys (`stampedBandKeys`): position = band. */
  bandKeys: BigInt64Array;
  shingles: Uint32Array;
  sketch: Uint8Array;
}

/** Bulk-inserts a batch with `unnest` (one statement per table). */
export async function insertBandKeys(client: SqlClient, batch: readonly BandKeyRows[]): Promise<void> {
  const ids: number[] = [];
  const bands: number[] = [];
  const keys: string[] = [];
  const versions: string[] = [];
  for (const row of batch) {
    row.bandKeys.forEach((key, band) => {
      ids.push(row.complaintId);
      bands.push(band);
      keys.push(key.toString());
      versions.push(row.version);
    });
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
  await client.query(
    'INSERT INTO complaint_sets (complaint_id, shingles) SELECT id, set::integer[] FROM unnest($1::integer[], $2::text[]) AS u(id, set)',
    [batch.map((row) => row.complaintId), batch.map((row) => integerSetLiteral(row.shingles))],
  );
  await client.query(
    'INSERT INTO complaint_sketches (complaint_id, sketch) SELECT * FROM unnest($1::integer[], $2::bytea[])',
    [batch.map((row) => row.complaintId), batch.map((row) => Buffer.from(row.sketch))],
  );
}

/**
 * A shingle set as a PostgreSQL `integer[]` literal: each hash as the signed 32-bit integer with the same
 * bits, in ascending signed order (intarray sorts its operands on every call; sorted input makes that a check).
 */
export function integerSetLiteral(shingles: Uint32Array): string {
  return `{${Int32Array.from(shingles).sort().join(',')}}`;
}

const CANDIDATE_IDS = 'SELECT b.complaint_id FROM band_keys b WHERE b.key = ANY($1::bigint[])';

/** The stamped keys of a query, as the one parameter of the candidate lookups. */
function candidateParameters(bandKeys: BigInt64Array): unknown[] {
  return [Array.from(bandKeys, String)];
}

/** One row of aggregated candidates: ids, byte lengths and every value concatenated into one bytea. */
interface AggregatedRow {
  ids: number[] | null;
  lengths: number[] | null;
  bytes: Uint8Array | null;
}

/**
 * One row holding every selected complaint of `table`: ids, byte lengths and `column` concatenated, for
 * the complaints `condition` (SQL on `s.complaint_id`) selects.
 */
async function aggregatedRow(
  client: SqlClient,
  table: 'complaint_shingles' | 'complaint_sketches',
  column: 'shingles' | 'sketch',
  condition: string,
  values: unknown[],
): Promise<AggregatedRow | undefined> {
  const [row] = await client.query<AggregatedRow>(
    `SELECT array_agg(s.complaint_id) AS ids, array_agg(length(s.${column})) AS lengths,
            string_agg(s.${column}, ''::bytea) AS bytes
       FROM ${table} s WHERE ${condition}`,
    values,
  );
  return row;
}

/**
 * Candidates sharing a band key, with their shingle sets for exact verification, in one row: ids, lengths
 * and one concatenated bytea. Hundreds of candidates then cost one value to decode instead of a row object
 * and a hex string each (`array_agg` and `string_agg` of one aggregate node see the rows in the same order).
 */
export async function queryCandidates(
  client: SqlClient,
  bandKeys: BigInt64Array,
): Promise<{ id: string; shingles: Uint32Array }[]> {
  if (bandKeys.length === 0) {
    return [];
  }
  const row = await aggregatedRow(
    client,
    'complaint_shingles',
    'shingles',
    `s.complaint_id IN (${CANDIDATE_IDS})`,
    candidateParameters(bandKeys),
  );
  return splitShingles(row);
}

/**
 * Like `queryCandidates`, but each band key yields at most its `cap` newest complaints (highest ids), as the
 * batch bounds a bucket (each complaint is compared with at most 48 earlier ones of it). Keys shared by
 * hundreds of complaints come from big campaigns, whose copies share most keys and link to each other, and
 * from unrelated complaints whose common stock phrases hold the minimum of the same adjacent bins; a copy is
 * still reached through its other keys or through the fellow copies the cap keeps.
 */
export async function queryCappedCandidates(
  client: SqlClient,
  bandKeys: BigInt64Array,
  cap: number,
): Promise<{ id: string; shingles: Uint32Array }[]> {
  if (bandKeys.length === 0) {
    return [];
  }
  const row = await aggregatedRow(
    client,
    'complaint_shingles',
    'shingles',
    `s.complaint_id IN (
         SELECT c.complaint_id FROM unnest($1::bigint[]) AS q(key)
           CROSS JOIN LATERAL (SELECT b.complaint_id FROM band_keys b WHERE b.key = q.key
                                ORDER BY b.complaint_id DESC LIMIT $2) c)`,
    [...candidateParameters(bandKeys), cap],
  );
  return splitShingles(row);
}

/**
 * The same candidates as `queryCandidates`, verified where their shingle sets are stored: intarray's `&`
 * counts each candidate's intersection with the query's set in the database, and only the candidates whose
 * counts can reach `threshold` come back, as `(id, common, size)` rows for the engine's exact decision
 * (`verifyCountedCandidates`). The bound in SQL is looser than the engine's by a margin, so floating-point
 * rounding in the database can only let a row through, never drop one. Hundreds of candidates of a hot band
 * key then cost a set intersection each inside the server instead of their sets crossing the connection.
 */
export async function queryCountedCandidates(
  client: SqlClient,
  bandKeys: BigInt64Array,
  shingles: Uint32Array,
  threshold: number,
): Promise<CountedCandidate[]> {
  if (bandKeys.length === 0 || shingles.length === 0) {
    return [];
  }
  // OFFSET 0 keeps the subquery whole, so each intersection is counted once rather than again in the filter.
  const rows = await client.query<{ id: number; common: number; size: number }>(
    `SELECT id, common, size FROM (
         SELECT s.complaint_id AS id, icount(s.shingles & $2::integer[]) AS common, icount(s.shingles) AS size
           FROM complaint_sets s WHERE s.complaint_id IN (${CANDIDATE_IDS}) OFFSET 0) counted
       WHERE common * (1 + $3::float8) >= $3::float8 * (size + $4::integer) - 1e-6`,
    [...candidateParameters(bandKeys), integerSetLiteral(shingles), threshold, shingles.length],
  );
  return rows.map((row) => ({ id: String(row.id), common: row.common, size: row.size }));
}

/** The same candidates as `queryCandidates`, a row each: the earlier form, kept for comparison. */
export async function queryCandidateRows(
  client: SqlClient,
  bandKeys: BigInt64Array,
): Promise<{ id: string; shingles: Uint32Array }[]> {
  if (bandKeys.length === 0) {
    return [];
  }
  const rows = await client.query<{ complaint_id: number; shingles: Uint8Array }>(
    `SELECT s.complaint_id, s.shingles FROM complaint_shingles s WHERE s.complaint_id IN (${CANDIDATE_IDS})`,
    candidateParameters(bandKeys),
  );
  return rows.map((row) => ({ id: String(row.complaint_id), shingles: toUint32(row.shingles) }));
}

/** Step one of the pre-checked query: candidates by band key with their signature sketches (one row). */
export async function queryCandidateSketches(
  client: SqlClient,
  bandKeys: BigInt64Array,
): Promise<{ complaintId: number; sketch: Uint8Array }[]> {
  if (bandKeys.length === 0) {
    return [];
  }
  const row = await aggregatedRow(
    client,
    'complaint_sketches',
    'sketch',
    `s.complaint_id IN (${CANDIDATE_IDS})`,
    candidateParameters(bandKeys),
  );
  const candidates: { complaintId: number; sketch: Uint8Array }[] = [];
  let offset = 0;
  (row?.ids ?? []).forEach((complaintId, position) => {
    const length = row?.lengths?.[position] ?? 0;
    candidates.push({ complaintId, sketch: row?.bytes?.subarray(offset, offset + length) ?? new Uint8Array(0) });
    offset += length;
  });
  return candidates;
}

/** Step two: the shingle sets of the candidates the pre-check kept (one row). */
export async function fetchShingles(
  client: SqlClient,
  complaintIds: readonly number[],
): Promise<{ id: string; shingles: Uint32Array }[]> {
  if (complaintIds.length === 0) {
    return [];
  }
  const row = await aggregatedRow(client, 'complaint_shingles', 'shingles', 's.complaint_id = ANY($1::integer[])', [
    complaintIds,
  ]);
  return splitShingles(row);
}

function splitShingles(row: AggregatedRow | undefined): { id: string; shingles: Uint32Array }[] {
  if (row?.ids == null || row.bytes === null) {
    return [];
  }
  const all = toUint32(row.bytes);
  const candidates: { id: string; shingles: Uint32Array }[] = [];
  let offset = 0;
  row.ids.forEach((id, position) => {
    const count = (row.lengths?.[position] ?? 0) >>> 2;
    candidates.push({ id: String(id), shingles: all.subarray(offset, offset + count) });
    offset += count;
  });
  return candidates;
}

function toUint32(bytes: Uint8Array): Uint32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Uint32Array(copy.buffer, 0, copy.byteLength >>> 2);
}
