import { sql } from 'kysely';
import type { HashedEntry, SwitchOver } from './audit-hash.js';
import type { Db } from '../deps.js';

/** An entry as stored: the hashed fields and the hash. */
export interface StoredAuditEntry extends HashedEntry {
  hash: string;
}

/** A chain head as `audit_heads` holds it. */
export interface StoredHead {
  seq: number;
  hash: string;
}

const ENTRY_COLUMNS = [
  'chain_id',
  'seq',
  'at',
  'actor_id',
  'office_id',
  'action',
  'target_ids',
  'details',
  'prev_hash',
  'hash',
] as const;

/** An audit entry as the database returns it (seq as text, time as stored). */
export interface EntryRow {
  chain_id: string;
  seq: string;
  at: string;
  actor_id: string | null;
  office_id: string | null;
  action: string;
  target_ids: string[];
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/** An entry row in the shape the audit code and the API use. */
export function presentEntry(row: EntryRow): StoredAuditEntry {
  return {
    chainId: row.chain_id,
    seq: Number(row.seq),
    at: row.at,
    actorId: row.actor_id,
    officeId: row.office_id,
    action: row.action,
    targetIds: row.target_ids,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Every chain id found in `audit_heads`, `audit_switch_overs` or `audit_entries`. The entries are walked with a loose index scan
 * over the primary key (one probe per chain), so the cost grows with the number of chains, not of entries.
 */
export async function findChainIds(db: Db): Promise<string[]> {
  const { rows } = await sql<{ chain_id: string }>`
    WITH RECURSIVE walk AS (
      SELECT min(chain_id) AS chain_id FROM audit_entries
      UNION ALL
      SELECT (SELECT min(e.chain_id) FROM audit_entries e WHERE e.chain_id > walk.chain_id)
      FROM walk WHERE walk.chain_id IS NOT NULL
    )
    SELECT chain_id FROM walk WHERE chain_id IS NOT NULL
    UNION
    SELECT chain_id FROM audit_heads
    UNION
    SELECT chain_id FROM audit_switch_overs`.execute(db);
  return rows.map((row) => row.chain_id);
}

/**
 * The entries of a chain with `fromSeq <= seq < toSeq`, in (seq, hash) order. A bounded seq range rather than
 * `LIMIT`: PostgreSQL with stale statistics may plan `seq >= x ORDER BY seq LIMIT n` as a bitmap scan of the
 * whole rest of the chain plus a sort, which makes paging through millions of entries quadratic; a range costs
 * its own size under any plan.
 */
export async function readChainWindow(
  db: Db,
  chainId: string,
  fromSeq: number,
  toSeq: number,
): Promise<StoredAuditEntry[]> {
  const rows = await db
    .selectFrom('audit_entries')
    .select(ENTRY_COLUMNS)
    .where('chain_id', '=', chainId)
    .where('seq', '>=', String(fromSeq))
    .where('seq', '<', String(toSeq))
    .orderBy('seq')
    .orderBy('hash')
    .execute();
  return rows.map(presentEntry);
}

/** The lowest seq of the chain at or above `fromSeq` (any seq when null), or null when there is none. */
export async function findNextSeq(db: Db, chainId: string, fromSeq: number | null): Promise<number | null> {
  let query = db
    .selectFrom('audit_entries')
    .select((eb) => eb.fn.min('seq').as('seq'))
    .where('chain_id', '=', chainId);
  if (fromSeq !== null) {
    query = query.where('seq', '>=', String(fromSeq));
  }
  const row = await query.executeTakeFirst();
  return row?.seq === undefined || row.seq === null ? null : Number(row.seq);
}

/** A switch-over row as stored, with its HMAC. */
export interface StoredSwitchOver extends SwitchOver {
  mac: string;
}

/** The switch-over row of one chain (the first seq hashed with the key), or null when it has none. */
export async function findSwitchOver(db: Db, chainId: string): Promise<StoredSwitchOver | null> {
  const row = await db
    .selectFrom('audit_switch_overs')
    .select(['keyed_from_seq', 'prefix_hash', 'mac'])
    .where('chain_id', '=', chainId)
    .executeTakeFirst();
  return row === undefined
    ? null
    : { chainId, keyedFromSeq: Number(row.keyed_from_seq), prefixHash: row.prefix_hash, mac: row.mac };
}

/** The key-check value of the data key the database was created with (`settings.key_check`), or null. */
export async function findKeyCheck(db: Db): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'key_check').executeTakeFirst();
  return row?.value ?? null;
}

/** The head row of one chain, or null when it has none. */
export async function findHead(db: Db, chainId: string): Promise<StoredHead | null> {
  const row = await db
    .selectFrom('audit_heads')
    .select(['seq', 'hash'])
    .where('chain_id', '=', chainId)
    .executeTakeFirst();
  return row === undefined ? null : { seq: Number(row.seq), hash: row.hash };
}

/** The heads of the given chains (all when `chainIds` is null) that hold at least one entry. */
export async function findHeads(db: Db, chainIds: readonly string[] | null): Promise<Map<string, StoredHead>> {
  if (chainIds !== null && chainIds.length === 0) {
    return new Map();
  }
  let query = db.selectFrom('audit_heads').select(['chain_id', 'seq', 'hash']).where('seq', '>', '0');
  if (chainIds !== null) {
    query = query.where('chain_id', 'in', chainIds);
  }
  const rows = await query.orderBy('chain_id').execute();
  return new Map(rows.map((row) => [row.chain_id, { seq: Number(row.seq), hash: row.hash }]));
}

/** Office names by id for the chain ids that are offices (compared as text: a chain id need not be a uuid). */
export async function findOfficeNames(db: Db, chainIds: readonly string[]): Promise<Map<string, string>> {
  if (chainIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('offices')
    .select([sql<string>`id::text`.as('id'), 'name'])
    .where(sql<string>`id::text`, 'in', chainIds)
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}
