import type { AuditLogFilter } from '@zhengming/contracts';
import type { LogFilter, LogPosition } from './audit-log.repository.js';

/** Asia/Shanghai is UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET = '+08:00';
const DAY_MS = 24 * 60 * 60 * 1000;

/** The first instant of a day in Asia/Shanghai, as stored times are written (ISO, UTC). */
export function shanghaiDayStart(date: string): string {
  return new Date(`${date}T00:00:00.000${SHANGHAI_OFFSET}`).toISOString();
}

/** The first instant after a day in Asia/Shanghai. */
export function shanghaiDayEnd(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00.000${SHANGHAI_OFFSET}`) + DAY_MS).toISOString();
}

/**
 * The filter as the repository applies it. `audit.read` entries are left out unless `includeReads` is set or
 * the actions asked for name `audit.read`.
 */
export function toLogFilter(filter: AuditLogFilter): LogFilter {
  const wantsReads = filter.includeReads === true || (filter.action?.includes('audit.read') ?? false);
  return {
    ...(filter.actorId === undefined ? {} : { actorId: filter.actorId.toLowerCase() }),
    ...(filter.action === undefined ? {} : { actions: [...new Set(filter.action)].sort() }),
    ...(wantsReads ? {} : { excludeActions: ['audit.read'] }),
    ...(filter.from === undefined ? {} : { fromAt: shanghaiDayStart(filter.from) }),
    ...(filter.to === undefined ? {} : { toAt: shanghaiDayEnd(filter.to) }),
  };
}

/**
 * The filter as an audit entry records it: only the fields given, ids in lower case, actions sorted and
 * without repeats, so that the same filter always records the same value (reads are recorded once per filter).
 */
export function filterRecord(filter: AuditLogFilter): Record<string, unknown> {
  return {
    ...(filter.officeId === undefined ? {} : { officeId: filter.officeId.toLowerCase() }),
    ...(filter.actorId === undefined ? {} : { actorId: filter.actorId.toLowerCase() }),
    ...(filter.action === undefined ? {} : { action: [...new Set(filter.action)].sort() }),
    ...(filter.from === undefined ? {} : { from: filter.from }),
    ...(filter.to === undefined ? {} : { to: filter.to }),
    ...(filter.includeReads === true ? { includeReads: true } : {}),
  };
}

/** A page's `nextCursor` for the entry it ended on. */
export function cursorOf(entry: { at: string; chainId: string; seq: number }): string {
  return `${entry.at}~${entry.chainId}~${entry.seq}`;
}

/** Where a page starts: a cursor (already checked by its schema), or `before` in one chain. */
export function positionOf(query: { cursor?: string | undefined; before?: number | undefined }): LogPosition | null {
  if (query.cursor !== undefined) {
    const [at = '', chainId = '', seq = '0'] = query.cursor.split('~');
    return { kind: 'cursor', at, chainId, seq: Number(seq) };
  }
  return query.before === undefined ? null : { kind: 'seq', seq: query.before };
}
