import {
  createBoilerplateBuilder,
  DEFAULT_MINHASH_PARAMS,
  DEFAULT_THRESHOLD,
  fingerprintText,
  indexVersion,
  signatureSketch,
  verifyCandidates,
  verifyCountedCandidates,
} from '@zhengming/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../deps.js';
import { buildScreeningTexts } from '../../test-support/screening-texts.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-db.js';
import {
  countedBandKeyCandidatesQuery,
  findBandKeyCandidates,
  findCountedBandKeyCandidates,
  finishBandKeyBulkLoad,
  insertBandKeys,
  integerSetLiteral,
  startBandKeyBulkLoad,
} from './band-keys.repository.js';

const texts = buildScreeningTexts(1_500, 4_242);
const builder = createBoilerplateBuilder({});
texts.forEach((text) => builder.observe(text));
const snapshot = builder.freeze();
const fingerprints = texts.map((text) => fingerprintText(text, snapshot, DEFAULT_MINHASH_PARAMS));
/** Indexed: the first 1,200 texts; queries: every tenth indexed text with a sentence dropped, and the rest. */
const INDEXED = 1_200;
const queries = [
  ...texts
    .slice(0, INDEXED)
    .filter((_, position) => position % 10 === 0)
    .map((text) => text.replace(/[^。]*。/, '')),
  ...texts.slice(INDEXED),
].map((text) => fingerprintText(text, snapshot, DEFAULT_MINHASH_PARAMS));

async function load(db: Db): Promise<void> {
  await startBandKeyBulkLoad(db);
  await insertBandKeys(
    db,
    fingerprints.slice(0, INDEXED).map((fingerprint, position) => ({
      complaintId: position + 1,
      version: indexVersion(snapshot, DEFAULT_MINHASH_PARAMS),
      bandKeys: fingerprint.bandKeys,
      shingles: fingerprint.shingles,
      sketch: signatureSketch(fingerprint.signature),
    })),
  );
  await finishBandKeyBulkLoad(db);
}

describe('integerSetLiteral', () => {
  it('writes each hash as the signed integer with the same bits, in signed order', () => {
    expect(integerSetLiteral(Uint32Array.from([1, 7, 0x80000000, 0xffffffff]))).toBe('{-2147483648,-1,1,7}');
  });
});

// On PGlite, or on the PostgreSQL server when DATABASE_URL is set: the tables come from migration 0004.
describe('band-key tables', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await load(database.db);
  }, 60_000);
  afterAll(async () => {
    await database.destroy();
  });

  it('verifies candidates in the database exactly as the engine does in the client', async () => {
    let matched = 0;
    for (const query of queries) {
      const inClient = verifyCandidates(
        query.shingles,
        await findBandKeyCandidates(database.db, query.bandKeys),
        DEFAULT_THRESHOLD,
      );
      const counted = await findCountedBandKeyCandidates(
        database.db,
        query.bandKeys,
        query.shingles,
        DEFAULT_THRESHOLD,
      );
      expect(verifyCountedCandidates(query.shingles.length, counted, DEFAULT_THRESHOLD)).toEqual(inClient);
      matched += inClient.length;
    }
    // The corpus holds campaigns, so the comparison covers real matches, not only empty results.
    expect(matched).toBeGreaterThan(queries.length / 4);
  }, 60_000);

  it('returns nothing for content without shingles', async () => {
    const empty = fingerprintText('您好。此致敬礼', snapshot, DEFAULT_MINHASH_PARAMS);
    expect(empty.shingles).toHaveLength(0);
    expect(await findCountedBandKeyCandidates(database.db, empty.bandKeys, empty.shingles, 0.33)).toEqual([]);
  });

  it('counts shared shingles in the database with this SQL', () => {
    const query = queries[0];
    const compiled = countedBandKeyCandidatesQuery(
      database.db,
      query?.bandKeys ?? new BigInt64Array(0),
      query?.shingles ?? new Uint32Array(0),
      DEFAULT_THRESHOLD,
    ).compile();
    expect(compiled.sql).toMatchInlineSnapshot(
      `"select "counted"."id", "counted"."common", "counted"."size" from (select "s"."complaint_id" as "id", icount(s.shingles & $1::integer[]) as "common", icount(s.shingles) as "size" from "screening_shingle_sets" as "s" where "s"."complaint_id" in (select "b"."complaint_id" from "screening_band_keys" as "b" where "b"."key" = ANY($2::bigint[])) offset 0) as "counted" where counted.common * (1 + $3::float8) >= $4::float8 * (counted.size + $5::integer) - 1e-6"`,
    );
  });
});
