import type { CountedCandidate } from '@zhengming/engine';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.js';

/**
 * Queries over screening's band-key store (the tables of migration 0004; docs/SCREENING.md, band-key indexes);
 * no decisions. A complaint found by band key is only a candidate: the engine verifies each exactly.
 */

type Db = Kysely<Database>;

/** One indexed complaint's rows. */
export interface BandKeyRows {
  complaintId: number;
  /** The engine's index version the keys are stamped with (`indexVersion`). */
  version: string;
  /** The engine's stamped band keys (`stampedBandKeys`): position = band. */
  bandKeys: BigInt64Array;
  shingles: Uint32Array;
  /** The engine's signature sketch (`signatureSketch`). */
  sketch: Uint8Array;
}

/** A candidate with its shingle set, for the engine's exact verification in the client (`verifyCandidates`). */
export interface ShingleCandidate {
  id: string;
  shingles: Uint32Array;
}

/** A candidate with its signature sketch, for the pre-check (`prefilterCandidates`). */
export interface SketchCandidate {
  complaintId: number;
  sketch: Uint8Array;
}

/** Bulk-inserts a batch with `unnest` (one statement a table), far faster than a row at a time. */
export async function insertBandKeys(db: Db, batch: readonly BandKeyRows[]): Promise<void> {
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
  const complaintIds = batch.map((row) => row.complaintId);
  await db
    .insertInto('screening_band_keys')
    .columns(['complaint_id', 'band', 'key', 'version'])
    .expression(
      sql`SELECT * FROM unnest(${ids}::integer[], ${bands}::smallint[], ${keys}::bigint[], ${versions}::text[])`,
    )
    .execute();
  const shingleBytes = batch.map((row) =>
    Buffer.from(row.shingles.buffer, row.shingles.byteOffset, row.shingles.byteLength),
  );
  await db
    .insertInto('screening_shingles')
    .columns(['complaint_id', 'shingles'])
    .expression(sql`SELECT * FROM unnest(${complaintIds}::integer[], ${shingleBytes}::bytea[])`)
    .execute();
  const sets = batch.map((row) => integerSetLiteral(row.shingles));
  await db
    .insertInto('screening_shingle_sets')
    .columns(['complaint_id', 'shingles'])
    .expression(sql`SELECT id, set::integer[] FROM unnest(${complaintIds}::integer[], ${sets}::text[]) AS u(id, set)`)
    .execute();
  const sketches = batch.map((row) => Buffer.from(row.sketch));
  await db
    .insertInto('screening_sketches')
    .columns(['complaint_id', 'sketch'])
    .expression(sql`SELECT * FROM unnest(${complaintIds}::integer[], ${sketches}::bytea[])`)
    .execute();
}

/**
 * Before bulk-loading an empty store: drops the lookup index, since building it once after the load
 * (`finishBandKeyBulkLoad`) is faster than maintaining it row by row. Only for a store nothing queries
 * meanwhile, such as the benchmark's.
 */
export async function startBandKeyBulkLoad(db: Db): Promise<void> {
  await db.schema.dropIndex('screening_band_keys_lookup').execute();
}

/**
 * After a bulk load: builds the lookup index of migration 0004 again and VACUUM ANALYZEs the tables — the
 * planner's statistics, and the visibility map an index-only scan needs to skip the heap. The index ends with
 * `complaint_id`, so a lookup is an index-only scan that can also read one key's newest complaints first
 * (`findCappedBandKeyCandidates`). Not inside a transaction (VACUUM cannot run in one).
 */
export async function finishBandKeyBulkLoad(db: Db): Promise<void> {
  await db.schema
    .createIndex('screening_band_keys_lookup')
    .on('screening_band_keys')
    .columns(['key', 'complaint_id'])
    .execute();
  for (const table of ['screening_band_keys', 'screening_shingles', 'screening_shingle_sets', 'screening_sketches']) {
    await sql`VACUUM ANALYZE ${sql.table(table)}`.execute(db);
  }
}

/**
 * A shingle set as a PostgreSQL `integer[]` literal: each hash as the signed 32-bit integer with the same
 * bits, in ascending signed order (intarray sorts its operands on every call; sorted input makes that a check).
 */
export function integerSetLiteral(shingles: Uint32Array): string {
  return `{${Int32Array.from(shingles).sort().join(',')}}`;
}

/** The stamped keys as the one array parameter of a lookup (the drivers take 64-bit integers as text). */
function keyParameter(bandKeys: BigInt64Array): string[] {
  return Array.from(bandKeys, String);
}

/** The complaints sharing any of the keys. */
function candidateIds(db: Db, bandKeys: BigInt64Array) {
  return db
    .selectFrom('screening_band_keys as b')
    .select('b.complaint_id')
    .where('b.key', '=', sql<string>`ANY(${keyParameter(bandKeys)}::bigint[])`);
}

/**
 * Every selected complaint's shingle set in one row: ids, byte lengths and one concatenated bytea. Hundreds
 * of candidates then cost one value to decode instead of a row object and a hex string each (`array_agg` and
 * `string_agg` of one aggregate node see the rows in the same order).
 */
function aggregatedShingles(db: Db) {
  return db
    .selectFrom('screening_shingles as s')
    .select((eb) => [
      eb.fn.agg<number[] | null>('array_agg', ['s.complaint_id']).as('ids'),
      eb.fn.agg<number[] | null>('array_agg', [eb.fn<number>('length', ['s.shingles'])]).as('lengths'),
      eb.fn.agg<Uint8Array | null>('string_agg', ['s.shingles', sql<Uint8Array>`''::bytea`]).as('bytes'),
    ]);
}

/** One row of aggregated candidates: ids, byte lengths and every value concatenated into one bytea. */
interface AggregatedRow {
  ids: number[] | null;
  lengths: number[] | null;
  bytes: Uint8Array | null;
}

/** Candidates sharing a band key, with their shingle sets for exact verification in the client. */
export async function findBandKeyCandidates(db: Db, bandKeys: BigInt64Array): Promise<ShingleCandidate[]> {
  if (bandKeys.length === 0) {
    return [];
  }
  const row = await aggregatedShingles(db).where('s.complaint_id', 'in', candidateIds(db, bandKeys)).executeTakeFirst();
  return splitShingles(row);
}

/**
 * Like `findBandKeyCandidates`, but each band key yields at most its `cap` newest complaints (highest ids), as
 * the batch bounds a bucket (each complaint is compared with at most 48 earlier ones of it). Keys shared by
 * hundreds of complaints come from big campaigns, whose copies share most keys and link to each other, and
 * from unrelated complaints whose common stock phrases hold the minimum of the same adjacent bins; a copy is
 * still reached through its other keys or through the fellow copies the cap keeps.
 */
export async function findCappedBandKeyCandidates(
  db: Db,
  bandKeys: BigInt64Array,
  cap: number,
): Promise<ShingleCandidate[]> {
  if (bandKeys.length === 0) {
    return [];
  }
  const newestPerKey = db
    .selectFrom(sql<{ key: string }>`unnest(${keyParameter(bandKeys)}::bigint[])`.as<'q'>(sql`q(key)`))
    .crossJoinLateral((eb) =>
      eb
        .selectFrom('screening_band_keys as b')
        .select('b.complaint_id')
        .whereRef('b.key', '=', 'q.key')
        .orderBy('b.complaint_id', 'desc')
        .limit(cap)
        .as('c'),
    )
    .select('c.complaint_id');
  const row = await aggregatedShingles(db).where('s.complaint_id', 'in', newestPerKey).executeTakeFirst();
  return splitShingles(row);
}

/**
 * The query of `findCountedBandKeyCandidates`, compiled on its own so a test can show its SQL. OFFSET 0 keeps
 * the subquery whole, so each intersection is counted once rather than again in the filter.
 */
export function countedBandKeyCandidatesQuery(
  db: Db,
  bandKeys: BigInt64Array,
  shingles: Uint32Array,
  threshold: number,
) {
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('screening_shingle_sets as s')
        .select([
          's.complaint_id as id',
          sql<number>`icount(s.shingles & ${integerSetLiteral(shingles)}::integer[])`.as('common'),
          sql<number>`icount(s.shingles)`.as('size'),
        ])
        .where('s.complaint_id', 'in', candidateIds(db, bandKeys))
        .offset(sql<number>`0`)
        .as('counted'),
    )
    .select(['counted.id', 'counted.common', 'counted.size'])
    .where(
      sql<boolean>`counted.common * (1 + ${threshold}::float8) >= ${threshold}::float8 * (counted.size + ${shingles.length}::integer) - 1e-6`,
    );
}

/**
 * The same candidates as `findBandKeyCandidates`, verified where their shingle sets are stored: intarray's `&`
 * counts each candidate's intersection with the query's set in the database, and only the candidates whose
 * counts can reach `threshold` come back, as `(id, common, size)` rows for the engine's exact decision
 * (`verifyCountedCandidates`). The bound in SQL is looser than the engine's by a margin, so floating-point
 * rounding in the database can only let a row through, never drop one. Hundreds of candidates of a hot band
 * key then cost a set intersection each inside the database instead of their sets crossing the connection.
 */
export async function findCountedBandKeyCandidates(
  db: Db,
  bandKeys: BigInt64Array,
  shingles: Uint32Array,
  threshold: number,
): Promise<CountedCandidate[]> {
  if (bandKeys.length === 0 || shingles.length === 0) {
    return [];
  }
  const rows = await countedBandKeyCandidatesQuery(db, bandKeys, shingles, threshold).execute();
  return rows.map((row) => ({ id: String(row.id), common: row.common, size: row.size }));
}

/** The same candidates as `findBandKeyCandidates`, a row each: the earlier form, kept for comparison. */
export async function findBandKeyCandidateRows(db: Db, bandKeys: BigInt64Array): Promise<ShingleCandidate[]> {
  if (bandKeys.length === 0) {
    return [];
  }
  const rows = await db
    .selectFrom('screening_shingles as s')
    .select(['s.complaint_id', 's.shingles'])
    .where('s.complaint_id', 'in', candidateIds(db, bandKeys))
    .execute();
  return rows.map((row) => ({ id: String(row.complaint_id), shingles: toUint32(row.shingles) }));
}

/** Step one of the pre-checked lookup: candidates by band key with their signature sketches (in one row). */
export async function findBandKeyCandidateSketches(db: Db, bandKeys: BigInt64Array): Promise<SketchCandidate[]> {
  if (bandKeys.length === 0) {
    return [];
  }
  const row = await db
    .selectFrom('screening_sketches as s')
    .select((eb) => [
      eb.fn.agg<number[] | null>('array_agg', ['s.complaint_id']).as('ids'),
      eb.fn.agg<number[] | null>('array_agg', [eb.fn<number>('length', ['s.sketch'])]).as('lengths'),
      eb.fn.agg<Uint8Array | null>('string_agg', ['s.sketch', sql<Uint8Array>`''::bytea`]).as('bytes'),
    ])
    .where('s.complaint_id', 'in', candidateIds(db, bandKeys))
    .executeTakeFirst();
  const candidates: SketchCandidate[] = [];
  let offset = 0;
  (row?.ids ?? []).forEach((complaintId, position) => {
    const length = row?.lengths?.[position] ?? 0;
    candidates.push({ complaintId, sketch: row?.bytes?.subarray(offset, offset + length) ?? new Uint8Array(0) });
    offset += length;
  });
  return candidates;
}

/** Step two: the shingle sets of the candidates the pre-check kept (in one row). */
export async function findShingleSets(db: Db, complaintIds: readonly number[]): Promise<ShingleCandidate[]> {
  if (complaintIds.length === 0) {
    return [];
  }
  const row = await aggregatedShingles(db)
    .where('s.complaint_id', '=', sql<number>`ANY(${[...complaintIds]}::integer[])`)
    .executeTakeFirst();
  return splitShingles(row);
}

function splitShingles(row: AggregatedRow | undefined): ShingleCandidate[] {
  if (row?.ids == null || row.bytes === null) {
    return [];
  }
  const all = toUint32(row.bytes);
  const candidates: ShingleCandidate[] = [];
  let offset = 0;
  row.ids.forEach((id, position) => {
    const count = (row.lengths?.[position] ?? 0) >>> 2;
    candidates.push({ id: String(id), shingles: all.subarray(offset, offset + count) });
    offset += count;
  });
  return candidates;
}

/** The bytes as 32-bit hashes, copied: a driver's buffer may be a view into a shared pool at any offset. */
function toUint32(bytes: Uint8Array): Uint32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Uint32Array(copy.buffer, 0, copy.byteLength >>> 2);
}
