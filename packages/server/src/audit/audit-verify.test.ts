import type { OfficeId } from '@zhengming/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { buildOffice } from '../test-support/builders.js';
import { TestClock } from '../test-support/test-clock.js';
import { TEST_AUDIT_KEY, testAuditWriter } from '../test-support/test-key.js';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db.js';
import { appendAudit } from './audit.js';
import { GENESIS_HASH, SYSTEM_CHAIN, hmacEntry } from './audit-hash.js';
import { exportAuditHeads, parseExportedHeads, verifyAuditChains } from './audit-verify.js';
import {
  appendMany,
  hashAt,
  insertForgedEntry,
  resetHeadToLastEntry,
  swapEntries,
  disableAppendOnlyGuard,
} from './test-support/audit-fixtures.js';

describe('verifyAuditChains', () => {
  let database: TestDatabase;
  const clock = new TestClock({ tickMs: 1000 });

  beforeAll(async () => {
    database = await createTestDatabase();
    await disableAppendOnlyGuard(database.db);
  });
  afterAll(async () => {
    await database.destroy();
  });

  /** A fresh office chain of `count` entries; each test tampers with its own chain. */
  async function buildChain(count = 10): Promise<OfficeId> {
    const office = await buildOffice(database);
    await appendMany(database.db, office.id, count, testAuditWriter(clock));
    return office.id;
  }

  async function verifyOne(chainId: string, options: { batchSize?: number } = {}) {
    const result = await verifyAuditChains(database.db, TEST_AUDIT_KEY, { chainIds: [chainId], ...options });
    expect(result.chains).toHaveLength(1);
    return { result, chain: result.chains[0]! };
  }

  it('passes an untouched chain of 1,000 entries, in pages of any size', async () => {
    const chainId = await buildChain(1000);
    for (const batchSize of [2000, 1000, 64, 7]) {
      const { result, chain } = await verifyOne(chainId, { batchSize });
      expect(result.ok).toBe(true);
      expect(chain).toEqual({
        chainId,
        officeName: expect.stringContaining('测试机关'),
        entries: 1000,
        lastSeq: 1000,
        headSeq: 1000,
        headHash: await hashAt(database.db, chainId, 1000),
        ok: true,
        keyedFromSeq: 1,
        keyedChecked: true,
      });
    }
  });

  it('verifies every chain, the system chain first, when no chains are named', async () => {
    const chainId = await buildChain(3);
    await appendAudit(
      database.db,
      { actorId: null, officeIds: [], action: 'system.first_run' },
      testAuditWriter(clock),
    );
    const result = await verifyAuditChains(database.db, TEST_AUDIT_KEY);
    expect(result.ok).toBe(true);
    expect(result.chains[0]).toMatchObject({ chainId: SYSTEM_CHAIN, officeName: null, ok: true });
    expect(result.chains.map((c) => c.chainId)).toContain(chainId);
    expect(result.headsExportedAt).toBeNull();
  });

  it('reports an edited field of a middle entry as a hash mismatch at that seq', async () => {
    const chainId = await buildChain();
    await sql`UPDATE audit_entries SET action = 'test.harmless' WHERE chain_id = ${chainId} AND seq = 5`.execute(
      database.db,
    );
    const { result, chain } = await verifyOne(chainId);
    expect(result.ok).toBe(false);
    expect(chain).toMatchObject({ ok: false, entries: 10, firstBroken: { seq: 5, reason: 'hash-mismatch' } });
  });

  it('reports edited details (jsonb) and an edited time as hash mismatches', async () => {
    const detailsChain = await buildChain();
    await sql`UPDATE audit_entries SET details = jsonb_set(details, '{note}', '"改过的"') WHERE chain_id = ${detailsChain} AND seq = 3`.execute(
      database.db,
    );
    expect((await verifyOne(detailsChain)).chain.firstBroken).toEqual({ seq: 3, reason: 'hash-mismatch' });

    const timeChain = await buildChain();
    // The same instant written differently is still an edit: timestamps are hashed as their stored text.
    await sql`UPDATE audit_entries SET at = replace(at, '.000Z', 'Z') WHERE chain_id = ${timeChain} AND seq = 8`.execute(
      database.db,
    );
    expect((await verifyOne(timeChain)).chain.firstBroken).toEqual({ seq: 8, reason: 'hash-mismatch' });
  });

  it('reports an edited entry whose hash was recomputed at the next entry, as a broken link', async () => {
    const chainId = await buildChain();
    const row = await database.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('chain_id', '=', chainId)
      .where('seq', '=', '4')
      .executeTakeFirstOrThrow();
    const forgedHash = hmacEntry(TEST_AUDIT_KEY, {
      chainId,
      seq: 4,
      at: row.at,
      actorId: row.actor_id,
      officeId: row.office_id,
      action: 'test.rewritten',
      targetIds: row.target_ids,
      details: row.details,
      prevHash: row.prev_hash,
    });
    await sql`UPDATE audit_entries SET action = 'test.rewritten', hash = ${forgedHash} WHERE chain_id = ${chainId} AND seq = 4`.execute(
      database.db,
    );
    expect((await verifyOne(chainId)).chain.firstBroken).toEqual({ seq: 5, reason: 'link-mismatch' });
  });

  it('reports a deleted middle entry as a seq gap at the missing seq', async () => {
    const chainId = await buildChain();
    await sql`DELETE FROM audit_entries WHERE chain_id = ${chainId} AND seq = 5`.execute(database.db);
    const { chain } = await verifyOne(chainId);
    expect(chain).toMatchObject({ ok: false, entries: 9, firstBroken: { seq: 5, reason: 'seq-gap', foundSeq: 6 } });
  });

  it('reports a deleted middle entry with the later seqs renumbered as a broken link', async () => {
    const chainId = await buildChain();
    await sql`DELETE FROM audit_entries WHERE chain_id = ${chainId} AND seq = 5`.execute(database.db);
    await sql`UPDATE audit_entries SET seq = -seq WHERE chain_id = ${chainId} AND seq > 5`.execute(database.db);
    await sql`UPDATE audit_entries SET seq = -seq - 1 WHERE chain_id = ${chainId} AND seq < 0`.execute(database.db);
    await resetHeadToLastEntry(database.db, chainId);
    expect((await verifyOne(chainId)).chain.firstBroken).toEqual({ seq: 5, reason: 'link-mismatch' });
  });

  it('reports a forged entry inserted with a correct hash and link at the entry after it', async () => {
    const chainId = await buildChain();
    await insertForgedEntry(database.db, chainId, 5);
    const { chain } = await verifyOne(chainId);
    // The forged entry itself is consistent; the original entry now at seq 6 still points at seq 4.
    expect(chain).toMatchObject({ ok: false, entries: 11, firstBroken: { seq: 6, reason: 'link-mismatch' } });
  });

  it('reports two swapped entries as a broken link at the first of them', async () => {
    const chainId = await buildChain();
    await swapEntries(database.db, chainId, 5, 6);
    expect((await verifyOne(chainId)).chain.firstBroken).toEqual({ seq: 5, reason: 'link-mismatch' });
  });

  it('reports a cut tail whose head was left behind, and entries appended behind the head', async () => {
    const cutChain = await buildChain();
    await sql`DELETE FROM audit_entries WHERE chain_id = ${cutChain} AND seq > 7`.execute(database.db);
    const cut = (await verifyOne(cutChain)).chain;
    expect(cut).toMatchObject({ ok: false, lastSeq: 7, headSeq: 10, firstBroken: { seq: 8, reason: 'head-mismatch' } });

    const grownChain = await buildChain(3);
    const lastHash = await hashAt(database.db, grownChain, 3);
    const extra = {
      chainId: grownChain,
      seq: 4,
      at: '2026-11-27T09:00:00.000Z',
      actorId: null,
      officeId: grownChain,
      action: 'test.behind_the_head',
      targetIds: [],
      details: {},
      prevHash: lastHash,
    };
    await database.db
      .insertInto('audit_entries')
      .values({
        chain_id: grownChain,
        seq: 4,
        at: extra.at,
        actor_id: null,
        office_id: grownChain,
        action: extra.action,
        target_ids: [],
        details: '{}',
        prev_hash: lastHash,
        hash: hmacEntry(TEST_AUDIT_KEY, extra),
      })
      .execute();
    const grown = (await verifyOne(grownChain)).chain;
    expect(grown).toMatchObject({
      ok: false,
      lastSeq: 4,
      headSeq: 3,
      firstBroken: { seq: 4, reason: 'head-mismatch' },
    });
  });

  it('detects a truncated tail with a reset head only against exported heads', async () => {
    const chainId = await buildChain();
    const heads = await exportAuditHeads(database.db, { chainIds: [chainId], clock });
    expect(heads.chains).toEqual({ [chainId]: { seq: 10, hash: await hashAt(database.db, chainId, 10) } });

    await sql`DELETE FROM audit_entries WHERE chain_id = ${chainId} AND seq > 7`.execute(database.db);
    await resetHeadToLastEntry(database.db, chainId);

    const alone = await verifyAuditChains(database.db, TEST_AUDIT_KEY, { chainIds: [chainId] });
    expect(alone.ok).toBe(true);
    const compared = await verifyAuditChains(database.db, TEST_AUDIT_KEY, { chainIds: [chainId], heads });
    expect(compared.chains[0]).toMatchObject({ ok: true, entries: 7 });
    expect(compared.truncated).toEqual([{ chainId, expectedSeq: 10, actualSeq: 7, reason: 'truncated' }]);
    expect(compared.ok).toBe(false);
    expect(compared.headsExportedAt).toBe(heads.exportedAt);
  });

  it('detects rewritten history and a vanished chain against exported heads', async () => {
    const rewrittenChain = await buildChain();
    const vanishedChain = await buildChain(4);
    const keptChain = await buildChain(2);
    const heads = await exportAuditHeads(database.db, {
      chainIds: [rewrittenChain, vanishedChain, keptChain],
      clock,
    });

    // Cut back to 7 and append anew: the chain is internally valid and even longer, but seq 10 differs.
    await sql`DELETE FROM audit_entries WHERE chain_id = ${rewrittenChain} AND seq > 7`.execute(database.db);
    await resetHeadToLastEntry(database.db, rewrittenChain);
    await appendMany(database.db, rewrittenChain, 5, testAuditWriter(clock));
    await sql`DELETE FROM audit_entries WHERE chain_id = ${vanishedChain}`.execute(database.db);
    await sql`DELETE FROM audit_heads WHERE chain_id = ${vanishedChain}`.execute(database.db);
    await sql`DELETE FROM audit_switch_overs WHERE chain_id = ${vanishedChain}`.execute(database.db);
    await appendMany(database.db, keptChain, 2, testAuditWriter(clock));

    const result = await verifyAuditChains(database.db, TEST_AUDIT_KEY, {
      chainIds: [rewrittenChain, vanishedChain, keptChain],
      heads,
    });
    expect(result.chains.map((c) => c.chainId).sort()).toEqual([rewrittenChain, keptChain].sort());
    expect(result.chains.every((c) => c.ok)).toBe(true);
    expect(result.truncated).toEqual(
      expect.arrayContaining([
        { chainId: rewrittenChain, expectedSeq: 10, actualSeq: 12, reason: 'rewritten' },
        { chainId: vanishedChain, expectedSeq: 4, actualSeq: 0, reason: 'missing-chain' },
      ]),
    );
    expect(result.truncated).toHaveLength(2);
  });

  it('reports a forged seq far beyond the chain as a gap, without walking the empty seqs', async () => {
    const chainId = await buildChain(3);
    const far = 1_000_000_000_000;
    await database.db
      .insertInto('audit_entries')
      .values({
        chain_id: chainId,
        seq: far,
        at: '2026-11-27T09:00:00.000Z',
        actor_id: null,
        office_id: chainId,
        action: 'test.far',
        target_ids: [],
        details: '{}',
        prev_hash: await hashAt(database.db, chainId, 3),
        hash: 'f'.repeat(64),
      })
      .execute();
    const { chain } = await verifyOne(chainId, { batchSize: 10 });
    expect(chain).toMatchObject({
      entries: 4,
      lastSeq: far,
      firstBroken: { seq: 4, reason: 'seq-gap', foundSeq: far },
    });
  });

  it('reports a missing head row', async () => {
    const chainId = await buildChain(3);
    await sql`DELETE FROM audit_heads WHERE chain_id = ${chainId}`.execute(database.db);
    expect((await verifyOne(chainId)).chain).toMatchObject({
      headSeq: null,
      headHash: null,
      firstBroken: { seq: 3, reason: 'head-mismatch' },
    });
  });

  it('reports an entry whose first link is not the genesis hash', async () => {
    const chainId = await buildChain(2);
    await sql`UPDATE audit_entries SET prev_hash = ${'f'.repeat(64)} WHERE chain_id = ${chainId} AND seq = 1`.execute(
      database.db,
    );
    expect((await verifyOne(chainId)).chain.firstBroken).toEqual({ seq: 1, reason: 'link-mismatch' });
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });
});

describe('verifyAuditChains on a table without its primary key', () => {
  it('reports two entries claiming one seq, whatever the window size', async () => {
    const database = await createTestDatabase();
    try {
      const clock = new TestClock({ tickMs: 1000 });
      const office = await buildOffice(database);
      await appendMany(database.db, office.id, 10, testAuditWriter(clock));
      await disableAppendOnlyGuard(database.db);
      await sql`ALTER TABLE audit_entries DROP CONSTRAINT audit_entries_pk`.execute(database.db);
      // A copy of entry 4 with another action: same seq, same link, its own (correct) hash.
      const row = await database.db
        .selectFrom('audit_entries')
        .selectAll()
        .where('chain_id', '=', office.id)
        .where('seq', '=', '4')
        .executeTakeFirstOrThrow();
      const copy = {
        chainId: office.id,
        seq: 4,
        at: row.at,
        actorId: row.actor_id,
        officeId: row.office_id,
        action: 'test.second_four',
        targetIds: row.target_ids,
        details: row.details,
        prevHash: row.prev_hash,
      };
      await database.db
        .insertInto('audit_entries')
        .values({
          chain_id: office.id,
          seq: 4,
          at: copy.at,
          actor_id: copy.actorId,
          office_id: copy.officeId,
          action: copy.action,
          target_ids: copy.targetIds,
          details: JSON.stringify(copy.details),
          prev_hash: copy.prevHash,
          hash: hmacEntry(TEST_AUDIT_KEY, copy),
        })
        .execute();
      for (const batchSize of [4, 3, 100]) {
        const result = await verifyAuditChains(database.db, TEST_AUDIT_KEY, { chainIds: [office.id], batchSize });
        expect(result.chains[0]).toMatchObject({ entries: 11, firstBroken: { seq: 4, reason: 'seq-duplicate' } });
      }
    } finally {
      await database.destroy();
    }
  });
});

describe('parseExportedHeads', () => {
  const hash = 'a'.repeat(64);

  it('reads back what exportAuditHeads wrote', () => {
    const file = { exportedAt: '2026-11-27T02:00:00.000Z', chains: { system: { seq: 3, hash } } };
    expect(parseExportedHeads(JSON.stringify(file, null, 2))).toEqual(file);
  });

  it('refuses text that is not JSON or not a heads file, naming what is wrong', () => {
    expect(() => parseExportedHeads('{not json')).toThrow(AppError);
    try {
      parseExportedHeads(JSON.stringify({ exportedAt: 'x', chains: { system: { seq: 0, hash: 'abc' } } }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const appError = error as AppError;
      expect(appError.code).toBe('VALIDATION_FAILED');
      expect(appError.details?.map((d) => d.path).sort()).toEqual(['chains.system.hash', 'chains.system.seq']);
    }
  });
});
