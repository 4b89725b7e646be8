import type { AuditLogEntry, Role } from '@zhengming/contracts';
import { sql, type RawBuilder } from 'kysely';
import { presentEntry, type EntryRow } from '../../audit/audit.repository.js';
import type { Db } from '../../deps.js';

/** The filters of the audit log as the database sees them (times as stored: ISO strings in UTC). */
export interface LogFilter {
  actorId?: string;
  /** Only these actions (any when absent). */
  actions?: readonly string[];
  /** Never these actions (e.g. `audit.read` unless asked for). */
  excludeActions?: readonly string[];
  /** `at >= fromAt` */
  fromAt?: string;
  /** `at < toAt` */
  toAt?: string;
}

/** Where a page starts: below the entry (at, chainId, seq) in newest-first order, or below a seq in one chain. */
export type LogPosition = { kind: 'cursor'; at: string; chainId: string; seq: number } | { kind: 'seq'; seq: number };

/** A stored entry with the names read alongside it. */
export interface LogRow extends AuditLogEntry {
  actorDisplayName: string | null;
  officeName: string | null;
}

interface RawLogRow extends EntryRow {
  actor_name: string | null;
  actor_display_name: string | null;
  office_name: string | null;
}

function filterConditions(filter: LogFilter, position: LogPosition | null): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [];
  if (filter.actorId !== undefined) {
    conditions.push(sql`a.actor_id = ${filter.actorId}::uuid`);
  }
  if (filter.actions !== undefined) {
    conditions.push(sql`a.action = ANY(${[...filter.actions]}::text[])`);
  }
  if (filter.excludeActions !== undefined && filter.excludeActions.length > 0) {
    conditions.push(sql`a.action <> ALL(${[...filter.excludeActions]}::text[])`);
  }
  if (filter.fromAt !== undefined) {
    conditions.push(sql`a.at >= ${filter.fromAt}`);
  }
  if (filter.toAt !== undefined) {
    conditions.push(sql`a.at < ${filter.toAt}`);
  }
  if (position?.kind === 'seq') {
    conditions.push(sql`a.seq < ${position.seq}::bigint`);
  }
  if (position?.kind === 'cursor') {
    conditions.push(sql`(a.at, a.chain_id, a.seq) < (${position.at}, ${position.chainId}, ${position.seq}::bigint)`);
  }
  return conditions;
}

function whereOf(conditions: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return conditions.length === 0 ? sql`` : sql`AND ${sql.join(conditions, sql` AND `)}`;
}

/**
 * One page of the log over the given chains, filtered, newest first (time, chain, seq, all descending), with
 * the actor's username and display name and the office's name. Each chain is read backwards on its primary key
 * (seq follows time within a chain: entries are appended under the chain head's lock) and the chains' pages
 * are merged by time.
 */
export async function readLogPage(
  db: Db,
  chainIds: readonly string[],
  filter: LogFilter,
  position: LogPosition | null,
  limit: number,
): Promise<LogRow[]> {
  if (chainIds.length === 0) {
    return [];
  }
  const { rows } = await sql<RawLogRow>`
    SELECT e.chain_id, e.seq, e.at, e.actor_id, e.office_id, e.action, e.target_ids, e.details, e.prev_hash,
           e.hash, u.username AS actor_name, u.display_name AS actor_display_name, o.name AS office_name
    FROM unnest(${[...chainIds]}::text[]) AS c(chain_id)
    CROSS JOIN LATERAL (
      SELECT * FROM audit_entries a
      WHERE a.chain_id = c.chain_id ${whereOf(filterConditions(filter, position))}
      ORDER BY a.seq DESC LIMIT ${limit}
    ) e
    LEFT JOIN users u ON u.id = e.actor_id
    LEFT JOIN offices o ON o.id = e.office_id
    ORDER BY e.at DESC, e.chain_id DESC, e.seq DESC
    LIMIT ${limit}`.execute(db);
  return rows.map((row) => ({
    ...presentEntry(row),
    actorName: row.actor_name,
    actorDisplayName: row.actor_display_name,
    officeName: row.office_name,
  }));
}

/** How many entries match, counted up to `cap + 1` at most (enough to tell that a selection is too large). */
export async function countLogEntries(
  db: Db,
  chainIds: readonly string[],
  filter: LogFilter,
  cap: number,
): Promise<number> {
  if (chainIds.length === 0) {
    return 0;
  }
  const { rows } = await sql<{ count: string }>`
    SELECT count(*) AS count FROM (
      SELECT 1 FROM audit_entries a
      WHERE a.chain_id = ANY(${[...chainIds]}::text[]) ${whereOf(filterConditions(filter, null))}
      LIMIT ${cap + 1}
    ) AS matching`.execute(db);
  return Number(rows[0]?.count ?? 0);
}

/**
 * Whether the actor already has an `audit.read` of entries with exactly this filter in the chain since `sinceAt`
 * (the actor-and-time index of migration 0005 keeps this to the actor's recent entries).
 */
export async function hasRecentRead(
  db: Db,
  chainId: string,
  actorId: string,
  filter: Record<string, unknown>,
  sinceAt: string,
): Promise<boolean> {
  const { rows } = await sql<{ found: number }>`
    SELECT 1 AS found FROM audit_entries a
    WHERE a.actor_id = ${actorId}::uuid AND a.at >= ${sinceAt} AND a.chain_id = ${chainId}
      AND a.action = 'audit.read' AND a.details->>'view' = 'entries'
      AND a.details->'filter' = ${JSON.stringify(filter)}::jsonb
    LIMIT 1`.execute(db);
  return rows.length > 0;
}

/** What an id names, as `resolveNames` finds it. */
export interface NamedThing {
  kind: 'user' | 'office' | 'grant';
  name: string;
  username?: string;
  role?: Role;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Users, offices and role grants by id, in one query for a whole page: a user by its display name (and
 * username), an office by its name, a grant by its holder's display name and its role. Ids that are not uuids
 * or name nothing are left out.
 */
export async function resolveNames(db: Db, ids: Iterable<string>): Promise<Map<string, NamedThing>> {
  const uuids = [...new Set([...ids].filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))];
  if (uuids.length === 0) {
    return new Map();
  }
  const { rows } = await sql<{ id: string; kind: NamedThing['kind']; name: string; extra: string | null }>`
    WITH wanted AS (SELECT unnest(${uuids}::uuid[]) AS id)
    SELECT u.id::text AS id, 'user' AS kind, u.display_name AS name, u.username AS extra
      FROM users u JOIN wanted w ON w.id = u.id
    UNION ALL
    SELECT o.id::text, 'office', o.name, NULL FROM offices o JOIN wanted w ON w.id = o.id
    UNION ALL
    SELECT g.id::text, 'grant', gu.display_name, g.role
      FROM role_grants g JOIN wanted w ON w.id = g.id JOIN users gu ON gu.id = g.user_id`.execute(db);
  return new Map(
    rows.map((row) => [
      row.id,
      row.kind === 'user'
        ? { kind: 'user', name: row.name, username: row.extra ?? '' }
        : row.kind === 'grant'
          ? { kind: 'grant', name: row.name, role: row.extra as Role }
          : { kind: 'office', name: row.name },
    ]),
  );
}

/** The people of the given offices: users whose home office is one of them or who hold or held a role there. */
export async function listPeopleOfOffices(
  db: Db,
  officeIds: readonly string[],
): Promise<{ id: string; username: string; display_name: string }[]> {
  if (officeIds.length === 0) {
    return [];
  }
  const { rows } = await sql<{ id: string; username: string; display_name: string }>`
    SELECT u.id, u.username, u.display_name FROM users u
    WHERE u.home_office_id = ANY(${[...officeIds]}::uuid[])
       OR EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id AND g.office_id = ANY(${[...officeIds]}::uuid[]))
    ORDER BY u.username`.execute(db);
  return rows;
}
