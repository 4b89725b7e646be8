import type { AuditAction, OfficeId, UserId } from '@zhengming/contracts';
import { sql, type KyselyPlugin } from 'kysely';
import { appendAudit, type AuditWriter } from '../audit.js';
import { hmacEntry } from '../audit-hash.js';
import { TEST_AUDIT_KEY } from '../../test-support/test-key.js';
import type { Db } from '../../deps.js';

/**
 * An action that no code writes, for tests of the log itself: a row from elsewhere (forged, foreign, a later
 * version) must be chained, verified and shown like any other. The audit writers accept only the codes of
 * `AUDIT_ACTIONS`; the type assertion here is the way around that, and it stays in test support.
 */
export function testAction(code: string): AuditAction {
  return code as AuditAction;
}

/**
 * An office id as a careless caller might pass it — in upper case, or not a uuid at all — for the tests of the
 * audit's own checks and normalisation of ids (the writers' types accept only branded ids).
 */
export function rawOfficeId(value: string): OfficeId {
  return value as OfficeId;
}

/** A user id as a careless caller might pass it (see `rawOfficeId`). */
export function rawUserId(value: string): UserId {
  return value as UserId;
}

/*
 * Helpers of the audit tests that play with chains — append in bulk, read a hash, forge, swap, record queries,
 * switch off the append-only guard. The offices and users these tests need come from the builders
 * (test-support/builders.ts), their clock is a ticking TestClock.
 */

/** Appends `count` events to one office chain in one transaction; details carry the index. */
export async function appendMany(db: Db, officeId: OfficeId, count: number, writer: AuditWriter): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let index = 1; index <= count; index += 1) {
      await appendAudit(
        trx,
        {
          actorId: null,
          officeIds: [officeId],
          action: testAction('test.event'),
          targetIds: [`item-${index}`],
          details: { index, note: `第 ${index} 条` },
        },
        writer,
      );
    }
  });
}

/** The stored hash of one entry. */
export async function hashAt(db: Db, chainId: string, seq: number): Promise<string> {
  const row = await db
    .selectFrom('audit_entries')
    .select('hash')
    .where('chain_id', '=', chainId)
    .where('seq', '=', String(seq))
    .executeTakeFirstOrThrow();
  return row.hash;
}

/** Moves audit_heads to the current last entry of the chain, as a careful forger would. */
export async function resetHeadToLastEntry(db: Db, chainId: string): Promise<void> {
  await sql`
    UPDATE audit_heads h SET seq = e.seq, hash = e.hash
    FROM (SELECT seq, hash FROM audit_entries WHERE chain_id = ${chainId} ORDER BY seq DESC LIMIT 1) e
    WHERE h.chain_id = ${chainId}`.execute(db);
}

/**
 * Inserts an entry forged with a correct hash (keyed with the test key: a forger who has it) and link at `seq`, after shifting that entry and every later one
 * up by one (the forger rewrote the seqs but not the later hashes), then resets the head.
 */
export async function insertForgedEntry(db: Db, chainId: string, seq: number): Promise<void> {
  // Two steps, because a one-statement shift can collide with the primary key row by row.
  await sql`UPDATE audit_entries SET seq = -seq WHERE chain_id = ${chainId} AND seq >= ${seq}`.execute(db);
  await sql`UPDATE audit_entries SET seq = -seq + 1 WHERE chain_id = ${chainId} AND seq < 0`.execute(db);
  const prevHash = await hashAt(db, chainId, seq - 1);
  const entry = {
    chainId,
    seq,
    at: '2026-11-27T02:00:30.000Z',
    actorId: null,
    officeId: chainId,
    action: 'test.forged',
    targetIds: ['forged'],
    details: { note: '伪造的记录' },
    prevHash,
  };
  await db
    .insertInto('audit_entries')
    .values({
      chain_id: chainId,
      seq,
      at: entry.at,
      actor_id: null,
      office_id: chainId,
      action: entry.action,
      target_ids: entry.targetIds,
      details: JSON.stringify(entry.details),
      prev_hash: prevHash,
      hash: hmacEntry(TEST_AUDIT_KEY, entry),
    })
    .execute();
  await resetHeadToLastEntry(db, chainId);
}

/** Swaps the seqs of two entries of a chain. */
export async function swapEntries(db: Db, chainId: string, a: number, b: number): Promise<void> {
  await sql`UPDATE audit_entries SET seq = -1 WHERE chain_id = ${chainId} AND seq = ${a}`.execute(db);
  await sql`UPDATE audit_entries SET seq = ${a} WHERE chain_id = ${chainId} AND seq = ${b}`.execute(db);
  await sql`UPDATE audit_entries SET seq = ${b} WHERE chain_id = ${chainId} AND seq = -1`.execute(db);
}

/** Runs `work` with a transaction whose queries are recorded (via the executor's compiler). */
export async function recordQueries(
  db: Db,
  work: (trx: Db) => Promise<void>,
): Promise<{ sql: string; parameters: readonly unknown[] }[]> {
  const queries: { sql: string; parameters: readonly unknown[] }[] = [];
  await db.transaction().execute(async (trx) => {
    const executor = trx.getExecutor();
    const recording: KyselyPlugin = {
      transformQuery(args) {
        const compiled = executor.compileQuery(args.node, args.queryId);
        queries.push({ sql: compiled.sql, parameters: compiled.parameters });
        return args.node;
      },
      async transformResult(args) {
        return args.result;
      },
    };
    await work(trx.withPlugin(recording));
  });
  return queries;
}

/**
 * Plays the attacker with superuser rights: switches off the append-only triggers (migrations 0003, 0005) so a test
 * can edit, delete or reorder entries and check that the hash chains still reveal it.
 */
export async function disableAppendOnlyGuard(db: Db): Promise<void> {
  await sql`ALTER TABLE audit_entries DISABLE TRIGGER USER`.execute(db);
  await sql`ALTER TABLE audit_heads DISABLE TRIGGER USER`.execute(db);
  await sql`ALTER TABLE audit_switch_overs DISABLE TRIGGER USER`.execute(db);
}
