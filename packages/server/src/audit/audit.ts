import type { AuditAction, OfficeId, UserId } from '@zhengming/contracts';
import { sql } from 'kysely';
import type { Clock, Db } from '../deps.js';
import type { DataKey } from '../keys/keys.js';
import {
  GENESIS_HASH,
  SYSTEM_CHAIN,
  auditChainKey,
  hmacEntry,
  isSwitchOverMacValid,
  switchOverMac,
  type AuditChainKey,
  type HashedEntry,
  type SwitchOver,
} from './audit-hash.js';

/**
 * One audited event. `officeIds` names the chains it goes into: none → the system chain; two → one entry
 * in each (e.g. a transfer between offices). `details` must never hold secrets or reporter identity.
 * `action` is a code of `AUDIT_ACTIONS` (contracts), so every action written has a label in the audit log.
 */
export interface AuditEvent {
  actorId: UserId | null;
  officeIds: readonly OfficeId[];
  action: AuditAction;
  targetIds?: readonly string[];
  details?: Record<string, unknown>;
}

/**
 * What appending to the audit log needs, built once from the data key and the clock (`AppDeps.audit`): entries
 * are hashed with the key (HMAC) and stamped with the clock's time.
 */
export interface AuditWriter {
  readonly chainKey: AuditChainKey;
  readonly clock: Clock;
}

/** The audit writer of a data key and a clock. */
export function createAuditWriter(key: DataKey, clock: Clock): AuditWriter {
  return { chainKey: auditChainKey(key), clock };
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The uuid as PostgreSQL returns it (lower case). The hash must cover what is stored, and a uuid column
 * lower-cases its input, so an upper-case id would otherwise produce an entry that never verifies.
 */
function canonicalUuid(value: string, what: string): string {
  if (!UUID_PATTERN.test(value)) {
    throw new Error(`audit ${what} is not a uuid: ${value}`);
  }
  return value.toLowerCase();
}

/**
 * `details` as jsonb will give it back: JSON drops undefined values and functions, turns dates into strings
 * and NaN into null. Hashing this form rather than the caller's object keeps the stored entry verifiable.
 */
function storedDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  const text = JSON.stringify(details ?? {});
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('audit details must serialise to a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/**
 * The chain's switch-over (the first seq hashed with the key), recording it when the chain has none: a new chain is
 * keyed from seq 1, a chain written before the keyed chain existed from its next seq. A recorded row that does not
 * verify under the key, or lies beyond the entry being appended, is refused: appending would build on a chain
 * whose switch-over was tampered with. Called under the chain head's row lock.
 */
async function ensureSwitchOver(
  trx: Db,
  key: AuditChainKey,
  chainId: string,
  head: { seq: number; hash: string },
): Promise<void> {
  const row = await trx
    .selectFrom('audit_switch_overs')
    .select(['keyed_from_seq', 'prefix_hash', 'mac'])
    .where('chain_id', '=', chainId)
    .executeTakeFirst();
  if (row === undefined) {
    const switchOver: SwitchOver = { chainId, keyedFromSeq: head.seq + 1, prefixHash: head.hash };
    await trx
      .insertInto('audit_switch_overs')
      .values({
        chain_id: chainId,
        keyed_from_seq: switchOver.keyedFromSeq,
        prefix_hash: switchOver.prefixHash,
        mac: switchOverMac(key, switchOver),
      })
      .execute();
    return;
  }
  const switchOver: SwitchOver = { chainId, keyedFromSeq: Number(row.keyed_from_seq), prefixHash: row.prefix_hash };
  if (!isSwitchOverMacValid(key, switchOver, row.mac) || switchOver.keyedFromSeq > head.seq + 1) {
    throw new Error(
      `audit chain ${chainId}: its switch-over record does not verify under the data key; nothing was appended (run: zhengming audit verify)`,
    );
  }
}

/**
 * Appends the event to its chain(s) inside the caller's transaction, so the entry lands with the change or not
 * at all (called outside a transaction, it opens one). Chains are taken one at a time in id order: create the
 * head row if missing, lock it with SELECT … FOR UPDATE, record the switch-over if the chain has none, append
 * with an HMAC under the writer's key, advance the head. Every writer takes its heads in the same order, so two
 * writers touching the same offices cannot deadlock.
 */
export async function appendAudit(trx: Db, event: AuditEvent, writer: AuditWriter): Promise<void> {
  if (!trx.isTransaction) {
    // Outside a transaction the row lock would end with its own statement and two writers could take one seq.
    await trx.transaction().execute((inner) => appendAudit(inner, event, writer));
    return;
  }
  const chains =
    event.officeIds.length === 0
      ? [SYSTEM_CHAIN]
      : [...new Set(event.officeIds.map((id) => canonicalUuid(id, 'office id')))].sort();
  const at = writer.clock.now().toISOString();
  const actorId = event.actorId === null ? null : canonicalUuid(event.actorId, 'actor id');
  const details = storedDetails(event.details);
  const targetIds = [...(event.targetIds ?? [])];
  for (const chainId of chains) {
    await sql`INSERT INTO audit_heads (chain_id, seq, hash) VALUES (${chainId}, 0, ${GENESIS_HASH}) ON CONFLICT (chain_id) DO NOTHING`.execute(
      trx,
    );
    const head = await trx
      .selectFrom('audit_heads')
      .select(['seq', 'hash'])
      .where('chain_id', '=', chainId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await ensureSwitchOver(trx, writer.chainKey, chainId, { seq: Number(head.seq), hash: head.hash });
    const seq = Number(head.seq) + 1;
    const entry: HashedEntry = {
      chainId,
      seq,
      at,
      actorId,
      officeId: chainId === SYSTEM_CHAIN ? null : chainId,
      action: event.action,
      targetIds,
      details,
      prevHash: head.hash,
    };
    const hash = hmacEntry(writer.chainKey, entry);
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
