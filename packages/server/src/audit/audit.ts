import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { GENESIS_HASH, SYSTEM_CHAIN, hashEntry } from './audit-hash.js';

/**
 * One audited event. `officeIds` names the chains it goes into: none → the system chain; two → one entry
 * in each (e.g. a transfer between offices). `details` must never hold secrets or reporter identity.
 */
export interface AuditEvent {
  actorId: string | null;
  officeIds: readonly string[];
  action: string;
  targetIds?: readonly string[];
  details?: Record<string, unknown>;
}

/** Where the current time comes from; injected so tests control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Appends the event to its chain(s) inside the caller's transaction, so the entry lands with the change or not
 * at all. Each chain head is locked with SELECT … FOR UPDATE; several heads are locked in id order, so two
 * writers touching the same two offices cannot deadlock.
 */
export async function appendAudit(trx: Kysely<Database>, event: AuditEvent, clock: Clock = systemClock): Promise<void> {
  const chains = event.officeIds.length === 0 ? [SYSTEM_CHAIN] : [...new Set(event.officeIds)].sort();
  const at = clock.now().toISOString();
  for (const chainId of chains) {
    await sql`INSERT INTO audit_heads (chain_id, seq, hash) VALUES (${chainId}, 0, ${GENESIS_HASH}) ON CONFLICT (chain_id) DO NOTHING`.execute(
      trx,
    );
  }
  for (const chainId of chains) {
    const head = await trx
      .selectFrom('audit_heads')
      .select(['seq', 'hash'])
      .where('chain_id', '=', chainId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const seq = Number(head.seq) + 1;
    const entry = {
      chainId,
      seq,
      at,
      actorId: event.actorId,
      officeId: chainId === SYSTEM_CHAIN ? null : chainId,
      action: event.action,
      targetIds: [...(event.targetIds ?? [])],
      details: event.details ?? {},
      prevHash: head.hash,
    };
    const hash = hashEntry(entry);
    await trx
      .insertInto('audit_entries')
      .values({
        chain_id: chainId,
        seq,
        at,
        actor_id: entry.actorId,
        office_id: entry.officeId,
        action: entry.action,
        target_ids: entry.targetIds,
        details: JSON.stringify(entry.details),
        prev_hash: entry.prevHash,
        hash,
      })
      .execute();
    await trx.updateTable('audit_heads').set({ seq, hash }).where('chain_id', '=', chainId).execute();
  }
}
