import type { OfficeId } from '@zhengming/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataKey, keyCheckValue } from '../keys/keys.js';
import { buildOffice } from '../test-support/builders.js';
import { TestClock } from '../test-support/test-clock.js';
import { TEST_AUDIT_KEY, TEST_DATA_KEY, testAuditWriter } from '../test-support/test-key.js';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db.js';
import { appendAudit } from './audit.js';
import { auditChainKey, hashEntry, hmacEntry, type HashedEntry } from './audit-hash.js';
import { formatVerifyReport } from './audit-report.js';
import { exportAuditHeads, verifyAuditChains } from './audit-verify.js';
import { readChainWindow } from './audit.repository.js';
import { appendMany, disableAppendOnlyGuard, resetHeadToLastEntry, testAction } from './test-support/audit-fixtures.js';
import type { Db } from '../deps.js';

/** Writes `count` entries the way appendAudit did before the keyed chain: plain SHA-256, no switch-over row. */
async function appendPlainEntries(db: Db, chainId: string, count: number, clock: TestClock): Promise<void> {
  await sql`INSERT INTO audit_heads (chain_id, seq, hash) VALUES (${chainId}, 0, ${'0'.repeat(64)}) ON CONFLICT DO NOTHING`.execute(
    db,
  );
  for (let index = 1; index <= count; index += 1) {
    const head = await db
      .selectFrom('audit_heads')
      .select(['seq', 'hash'])
      .where('chain_id', '=', chainId)
      .executeTakeFirstOrThrow();
    const entry: HashedEntry = {
      chainId,
      seq: Number(head.seq) + 1,
      at: clock.now().toISOString(),
      actorId: null,
      officeId: chainId,
      action: 'test.legacy',
      targetIds: [],
      details: { index, 说明: '升级前的记录' },
      prevHash: head.hash,
    };
    const hash = hashEntry(entry);
    await db
      .insertInto('audit_entries')
      .values({
        chain_id: chainId,
        seq: entry.seq,
        at: entry.at,
        actor_id: null,
        office_id: chainId,
        action: entry.action,
        target_ids: [],
        details: JSON.stringify(entry.details),
        prev_hash: entry.prevHash,
        hash,
      })
      .execute();
    await db.updateTable('audit_heads').set({ seq: entry.seq, hash }).where('chain_id', '=', chainId).execute();
  }
}

/**
 * The attacker with write access to the database: edits the details of entry `seq`, then recomputes its hash and
 * every later one (and their links) with `rehash`, and moves the head to the new last hash.
 */
async function rewriteFrom(
  db: Db,
  chainId: string,
  seq: number,
  rehash: (entry: HashedEntry) => string,
): Promise<void> {
  const entries = await readChainWindow(db, chainId, 1, Number.MAX_SAFE_INTEGER);
  let prevHash = entries.find((e) => e.seq === seq - 1)?.hash ?? '0'.repeat(64);
  for (const stored of entries.filter((e) => e.seq >= seq)) {
    const details = stored.seq === seq ? { ...stored.details, note: '被篡改的内容' } : stored.details;
    const hash = rehash({
      chainId: stored.chainId,
      seq: stored.seq,
      at: stored.at,
      actorId: stored.actorId,
      officeId: stored.officeId,
      action: stored.action,
      targetIds: stored.targetIds,
      details,
      prevHash,
    });
    await db
      .updateTable('audit_entries')
      .set({ details: JSON.stringify(details), prev_hash: prevHash, hash })
      .where('chain_id', '=', chainId)
      .where('seq', '=', String(stored.seq))
      .execute();
    prevHash = hash;
  }
  await resetHeadToLastEntry(db, chainId);
}

describe('the keyed audit chain', () => {
  let database: TestDatabase;
  const clock = new TestClock({ tickMs: 1000 });
  const writer = testAuditWriter(clock);

  beforeAll(async () => {
    database = await createTestDatabase();
    await disableAppendOnlyGuard(database.db);
    // The database belongs to the test key, as `checkDataKey` records at the first start.
    await database.db
      .insertInto('settings')
      .values({ key: 'key_check', value: keyCheckValue(TEST_DATA_KEY), updated_at: clock.now() })
      .execute();
  });
  afterAll(async () => {
    await database.destroy();
  });

  async function verifyOne(chainId: OfficeId, key = TEST_AUDIT_KEY) {
    const result = await verifyAuditChains(database.db, key, { chainIds: [chainId] });
    return { result, chain: result.chains[0]! };
  }

  it('keys a new chain from seq 1 with HMAC, not with plain SHA-256', async () => {
    const office = await buildOffice(database);
    await appendMany(database.db, office.id, 3, writer);
    const [entry] = await readChainWindow(database.db, office.id, 1, 2);
    const { hash, ...hashed } = entry!;
    expect(hash).toBe(hmacEntry(TEST_AUDIT_KEY, hashed));
    expect(hash).not.toBe(hashEntry(hashed));
    const { chain } = await verifyOne(office.id);
    expect(chain).toMatchObject({ ok: true, keyedFromSeq: 1, keyedChecked: true, entries: 3 });
  });

  it('keeps the plain prefix of a chain written before, keys it from its next append, and still holds old heads', async () => {
    const office = await buildOffice(database);
    await appendPlainEntries(database.db, office.id, 4, clock);
    const before = await verifyOne(office.id);
    expect(before.chain).toMatchObject({ ok: true, keyedFromSeq: null, entries: 4 });
    const heads = await exportAuditHeads(database.db, { chainIds: [office.id], clock });

    await appendMany(database.db, office.id, 3, writer);
    const after = await verifyAuditChains(database.db, TEST_AUDIT_KEY, { chainIds: [office.id], heads });
    expect(after.ok).toBe(true);
    expect(after.truncated).toEqual([]);
    expect(after.chains[0]).toMatchObject({ ok: true, keyedFromSeq: 5, keyedChecked: true, entries: 7 });
    const row = await database.db
      .selectFrom('audit_switch_overs')
      .selectAll()
      .where('chain_id', '=', office.id)
      .executeTakeFirstOrThrow();
    expect(Number(row.keyed_from_seq)).toBe(5);
    expect(row.prefix_hash).toBe(heads.chains[office.id]!.hash);

    const report = formatVerifyReport(after, 'en');
    expect(report).toContain('checked as: SHA-256 for #1–#4, HMAC-SHA-256 (keyed) from #5.');
    expect(formatVerifyReport(after)).toContain('校验方式：第 1–4 条 SHA-256，第 5 条起 HMAC-SHA-256（密钥）。');
  });

  it('catches a rewritten entry whose following hashes were recomputed with plain SHA-256', async () => {
    const office = await buildOffice(database);
    await appendMany(database.db, office.id, 6, writer);
    await rewriteFrom(database.db, office.id, 3, hashEntry);
    const { result, chain } = await verifyOne(office.id);
    expect(result.ok).toBe(false);
    expect(chain.firstBroken).toEqual({ seq: 3, reason: 'hash-mismatch' });
  });

  it('catches the same rewrite recomputed with HMAC under another key', async () => {
    const office = await buildOffice(database);
    await appendMany(database.db, office.id, 6, writer);
    const otherKey = auditChainKey(generateDataKey());
    await rewriteFrom(database.db, office.id, 2, (entry) => hmacEntry(otherKey, entry));
    const { chain } = await verifyOne(office.id);
    expect(chain).toMatchObject({ ok: false, firstBroken: { seq: 2, reason: 'hash-mismatch' } });
  });

  it('catches a switch-over moved forward to pass rewritten keyed entries off as plain ones', async () => {
    const office = await buildOffice(database);
    await appendPlainEntries(database.db, office.id, 2, clock);
    await appendMany(database.db, office.id, 5, writer);
    // Everything from seq 3 (keyed) rewritten as plain, and the switch-over moved past the end.
    await rewriteFrom(database.db, office.id, 3, hashEntry);
    await sql`UPDATE audit_switch_overs SET keyed_from_seq = 8 WHERE chain_id = ${office.id}`.execute(database.db);
    const movedPastEnd = await verifyOne(office.id);
    expect(movedPastEnd.chain).toMatchObject({ ok: false, firstBroken: { seq: 8, reason: 'switch-over-mismatch' } });

    // Moved inside the chain (with its prefix hash), the row's HMAC still gives it away.
    const prefix = (await readChainWindow(database.db, office.id, 5, 6))[0]!.hash;
    await sql`UPDATE audit_switch_overs SET keyed_from_seq = 6, prefix_hash = ${prefix} WHERE chain_id = ${office.id}`.execute(
      database.db,
    );
    const movedInside = await verifyOne(office.id);
    expect(movedInside.chain).toMatchObject({ ok: false, firstBroken: { seq: 6, reason: 'switch-over-mismatch' } });

    // And the writer refuses to build on that chain.
    await expect(
      appendAudit(database.db, { actorId: null, officeIds: [office.id], action: testAction('test.after') }, writer),
    ).rejects.toThrow(/switch-over record does not verify/);
  });

  it('refuses to build on a switch-over row that lies beyond the chain, and is refused by the database itself', async () => {
    const office = await buildOffice(database);
    await appendMany(database.db, office.id, 2, writer);
    const guarded = await createTestDatabase();
    try {
      const other = await buildOffice(guarded);
      await appendMany(guarded.db, other.id, 1, writer);
      await expect(
        sql`UPDATE audit_switch_overs SET keyed_from_seq = 2 WHERE chain_id = ${other.id}`.execute(guarded.db),
      ).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM audit_switch_overs`.execute(guarded.db)).rejects.toThrow(/append-only/);
    } finally {
      await guarded.destroy();
    }
  });

  it('says keyed entries cannot be checked with another key, without calling them tampered', async () => {
    const office = await buildOffice(database);
    await appendPlainEntries(database.db, office.id, 2, clock);
    await appendMany(database.db, office.id, 2, writer);
    const { result, chain } = await verifyOne(office.id, auditChainKey(generateDataKey()));
    expect(result).toMatchObject({ ok: false, keyMatches: false });
    expect(chain).toMatchObject({ ok: false, keyedFromSeq: 3, keyedChecked: false });
    expect(chain.firstBroken).toBeUndefined();
    expect(formatVerifyReport(result, 'en')).toContain(
      "HMAC-SHA-256 (keyed) from #3 NOT CHECKED: the key given is not this database's key.",
    );
  });
});
