import { testAction } from './test-support/audit-fixtures.js';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOffice } from '../test-support/builders.js';
import { TestClock } from '../test-support/test-clock.js';
import { TEST_AUDIT_KEY, testAuditWriter } from '../test-support/test-key.js';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db.js';
import { appendAudit } from './audit.js';
import { GENESIS_HASH, SYSTEM_CHAIN } from './audit-hash.js';
import { verifyAuditChains } from './audit-verify.js';
import { rawOfficeId, rawUserId, recordQueries } from './test-support/audit-fixtures.js';

describe('appendAudit', () => {
  let database: TestDatabase;
  const clock = new TestClock({ tickMs: 1000 });

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
  });

  // PGlite returns bigint columns as numbers and pg as strings: compare seqs as numbers.
  const entriesOf = async (chainId: string) => {
    const rows = await database.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('chain_id', '=', chainId)
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
  };

  it('is append-only in the database itself: updates, deletes and truncation of entries are refused', async () => {
    const office = await buildOffice(database);
    await appendAudit(
      database.db,
      { actorId: null, officeIds: [office.id], action: testAction('test.kept') },
      testAuditWriter(clock),
    );
    const where = sql`chain_id = ${office.id} AND seq = 1`;
    await expect(
      sql`UPDATE audit_entries SET action = 'test.changed' WHERE ${where}`.execute(database.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_entries WHERE ${where}`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_entries`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_heads WHERE chain_id = ${office.id}`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
    const rows = await entriesOf(office.id);
    expect(rows.map((row) => row.action)).toEqual(['test.kept']);
  });

  it('writes one entry in each office chain of an event, locking the heads in office-id order', async () => {
    const first = await buildOffice(database);
    const second = await buildOffice(database);
    const [low, high] = [first.id, second.id].sort();
    const queries = await recordQueries(database.db, (trx) =>
      appendAudit(
        trx,
        { actorId: null, officeIds: [high!, low!], action: testAction('lead.transferred'), targetIds: ['lead-1'] },
        testAuditWriter(clock),
      ),
    );

    const locked = queries.filter((q) => /for update/i.test(q.sql)).map((q) => q.parameters[0]);
    expect(locked).toEqual([low, high]);
    const lowEntries = await entriesOf(low!);
    const highEntries = await entriesOf(high!);
    expect(lowEntries).toHaveLength(1);
    expect(highEntries).toHaveLength(1);
    expect(lowEntries[0]).toMatchObject({
      seq: 1,
      office_id: low,
      action: 'lead.transferred',
      prev_hash: GENESIS_HASH,
    });
    expect(highEntries[0]).toMatchObject({ seq: 1, office_id: high, action: 'lead.transferred' });
    // One event, one moment: both entries carry the same stored time.
    expect(lowEntries[0]!.at).toBe(highEntries[0]!.at);
    const heads = await database.db
      .selectFrom('audit_heads')
      .selectAll()
      .where('chain_id', 'in', [low!, high!])
      .orderBy('chain_id')
      .execute();
    expect(heads.map((head) => ({ ...head, seq: Number(head.seq) }))).toEqual([
      { chain_id: low, seq: 1, hash: lowEntries[0]!.hash },
      { chain_id: high, seq: 1, hash: highEntries[0]!.hash },
    ]);
  });

  it('writes an event without offices to the system chain', async () => {
    await appendAudit(
      database.db,
      { actorId: null, officeIds: [], action: testAction('system.sign_in_failed_unknown') },
      testAuditWriter(clock),
    );
    const entries = await entriesOf(SYSTEM_CHAIN);
    expect(entries.at(-1)).toMatchObject({
      chain_id: SYSTEM_CHAIN,
      office_id: null,
      action: 'system.sign_in_failed_unknown',
    });
  });

  it('links each entry to the previous hash and counts seq on', async () => {
    const office = await buildOffice(database);
    for (let i = 0; i < 3; i += 1) {
      await database.db
        .transaction()
        .execute((trx) =>
          appendAudit(
            trx,
            { actorId: null, officeIds: [office.id], action: testAction(`step.${i}`) },
            testAuditWriter(clock),
          ),
        );
    }
    const entries = await entriesOf(office.id);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[1]!.prev_hash).toBe(entries[0]!.hash);
    expect(entries[2]!.prev_hash).toBe(entries[1]!.hash);
    expect(new Set(entries.map((e) => e.hash)).size).toBe(3);
  });

  it('round-trips details with Chinese text, nested objects and numbers through jsonb, and still verifies', async () => {
    const office = await buildOffice(database);
    const details = {
      摘要: '村委会主任贾某某侵占集体资金（雷同举报）',
      rare: '𠮷野家 🙂 \u00e9 tab\t quote" backslash\\ newline\n',
      numbers: [0, -1, 1.5, -0.125, 0.1 + 0.2, 1e21, 1e-7, 123456789012345680000, Number.MAX_SAFE_INTEGER],
      nested: { level: { deeper: { list: [{ b: 2, a: 1 }, [], {}] }, isFlag: true, none: null } },
      keyOrder: { b: 1, a: 2, 中: 3, Z: 4, '10': 5, '9': 6 },
    };
    const targetIds = ['NULL', 'a,b', '{x}', '"q"', '', '中文编号'];
    await appendAudit(
      database.db,
      { actorId: null, officeIds: [office.id], action: testAction('complaint.registered'), targetIds, details },
      testAuditWriter(clock),
    );

    const [entry] = await entriesOf(office.id);
    expect(entry!.details).toEqual(details);
    expect(entry!.target_ids).toEqual(targetIds);
    const result = await verifyAuditChains(database.db, TEST_AUDIT_KEY, { chainIds: [office.id] });
    expect(result.ok).toBe(true);
    expect(result.chains[0]).toMatchObject({ chainId: office.id, entries: 1, ok: true });
  });

  it('hashes what the database stores: upper-case ids, undefined values, dates and functions', async () => {
    const office = await buildOffice(database);
    const actorId = randomUUID();
    await appendAudit(
      database.db,
      {
        actorId: rawUserId(actorId.toUpperCase()),
        officeIds: [rawOfficeId(office.id.toUpperCase()), office.id],
        action: testAction('test.normalised'),
        details: { skipped: undefined, when: new Date('2026-01-02T03:04:05.000Z'), notData: () => 1, nan: Number.NaN },
      },
      testAuditWriter(clock),
    );

    const entries = await entriesOf(office.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_id: actorId, details: { when: '2026-01-02T03:04:05.000Z', nan: null } });
    const result = await verifyAuditChains(database.db, TEST_AUDIT_KEY, { chainIds: [office.id] });
    expect(result.chains[0]).toMatchObject({ ok: true, entries: 1 });
  });

  it('refuses an office id that is not a uuid, writing nothing', async () => {
    await expect(
      appendAudit(
        database.db,
        { actorId: null, officeIds: [rawOfficeId('office-1')], action: testAction('test.bad') },
        testAuditWriter(clock),
      ),
    ).rejects.toThrow(/not a uuid/);
    const row = await database.db
      .selectFrom('audit_heads')
      .select('chain_id')
      .where('chain_id', '=', 'office-1')
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('leaves no entry when the surrounding transaction rolls back', async () => {
    const office = await buildOffice(database);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await appendAudit(
          trx,
          { actorId: null, officeIds: [office.id], action: testAction('test.rolled_back') },
          testAuditWriter(clock),
        );
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await entriesOf(office.id)).toEqual([]);
  });
});
