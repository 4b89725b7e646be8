import { PGlite } from '@electric-sql/pglite';
import { intarray } from '@electric-sql/pglite/contrib/intarray';
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
import {
  createBandKeyTables,
  indexBandKeys,
  insertBandKeys,
  integerSetLiteral,
  pgliteClient,
  queryCandidates,
  queryCountedCandidates,
  serverClient,
  type SqlClient,
} from './band-key-store.js';
import { generateCorpus } from './corpus/generate-corpus.js';
import { createServerDatabase, dropServerDatabase } from './storage-stages.js';

const texts: string[] = [];
generateCorpus(1_500, 4_242, (record) => texts.push(record.text), 40);
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

async function load(client: SqlClient): Promise<void> {
  await createBandKeyTables(client);
  await insertBandKeys(
    client,
    fingerprints.slice(0, INDEXED).map((fingerprint, position) => ({
      complaintId: position + 1,
      version: indexVersion(snapshot, DEFAULT_MINHASH_PARAMS),
      bandKeys: fingerprint.bandKeys,
      shingles: fingerprint.shingles,
      sketch: signatureSketch(fingerprint.signature),
    })),
  );
  await indexBandKeys(client);
}

/** Verified in the database and verified in the client give the same matches and similarities. */
async function expectSameMatches(client: SqlClient): Promise<void> {
  let matched = 0;
  for (const query of queries) {
    const inClient = verifyCandidates(query.shingles, await queryCandidates(client, query.bandKeys), DEFAULT_THRESHOLD);
    const counted = await queryCountedCandidates(client, query.bandKeys, query.shingles, DEFAULT_THRESHOLD);
    expect(verifyCountedCandidates(query.shingles.length, counted, DEFAULT_THRESHOLD)).toEqual(inClient);
    matched += inClient.length;
  }
  // The corpus holds campaigns, so the comparison covers real matches, not only empty results.
  expect(matched).toBeGreaterThan(queries.length / 4);
}

describe('integerSetLiteral', () => {
  it('writes each hash as the signed integer with the same bits, in signed order', () => {
    expect(integerSetLiteral(Uint32Array.from([1, 7, 0x80000000, 0xffffffff]))).toBe('{-2147483648,-1,1,7}');
  });
});

describe('band-key tables on PGlite', () => {
  let database: PGlite;
  beforeAll(async () => {
    database = await PGlite.create('memory://', { extensions: { intarray } });
    await load(pgliteClient(database));
  }, 60_000);
  afterAll(async () => {
    await database.close();
  });

  it('verifies candidates in the database exactly as the engine does in the client', async () => {
    await expectSameMatches(pgliteClient(database));
  }, 60_000);

  it('returns nothing for content without shingles', async () => {
    const empty = fingerprintText('您好。此致敬礼', snapshot, DEFAULT_MINHASH_PARAMS);
    expect(empty.shingles).toHaveLength(0);
    expect(await queryCountedCandidates(pgliteClient(database), empty.bandKeys, empty.shingles, 0.33)).toEqual([]);
  });
});

describe.skipIf(process.env.DATABASE_URL === undefined)('band-key tables on the PostgreSQL server', () => {
  const serverUrl = process.env.DATABASE_URL ?? '';
  const name = `zm_t_bandkeys_${process.pid}`;
  let client: SqlClient;
  beforeAll(async () => {
    client = serverClient(await createServerDatabase(serverUrl, name));
    await load(client);
  }, 60_000);
  afterAll(async () => {
    await client.close();
    await dropServerDatabase(serverUrl, name);
  });

  it('verifies candidates in the database exactly as the engine does in the client', async () => {
    await expectSameMatches(client);
  }, 60_000);
});
