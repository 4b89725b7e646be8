import {
  AUDIT_EXPORT_MAX_ROWS,
  AUDIT_READ_WINDOW_MINUTES,
  type AuditExportQuery,
  type AuditFilterOptions,
  type AuditLanguage,
  type AuditLogFilter,
  type AuditLogPage,
  type AuditLogQuery,
  type ReadableAuditEntry,
} from '@zhengming/contracts';
import { auditActorDetails, auditActorId, type Actor } from '../../access/actor.js';
import { appendAudit, type AuditWriter } from '../../audit/audit.js';
import { AppError, notFound } from '../../errors.js';
import { cursorOf, filterRecord, positionOf, toLogFilter } from './audit-filters.js';
import {
  countLogEntries,
  hasRecentRead,
  listPeopleOfOffices,
  readLogPage,
  resolveNames,
  type LogFilter,
  type LogPosition,
} from './audit-log.repository.js';
import { idsToResolve, presentReadableEntry } from './audit-log.presenters.js';
import { resolveAuditScope, type AuditScope } from './audit-scope.js';
import type { Clock, Db } from '../../deps.js';

export interface AuditLogServiceDeps {
  db: Db;
  clock: Clock;
  audit: AuditWriter;
  /** The most rows one export may hold; `AUDIT_EXPORT_MAX_ROWS` unless a test lowers it. */
  exportMaxRows?: number;
}

/** How many entries an export reads per query. */
const EXPORT_BATCH = 1000;

/** An export ready to stream: its row count (already recorded in the log) and its entries in batches. */
export interface PreparedAuditExport {
  rows: number;
  language: AuditLanguage;
  batches: AsyncIterable<ReadableAuditEntry[]>;
}

/**
 * Reading the audit log as a person does: filtered pages with names, the filter bar's choices, and the XLSX
 * export (docs/OPERATIONS.md, "Reading the audit log"). Reads are accountable without flooding the log: one
 * `audit.read` per auditor per filter per 15 minutes, whatever the number of pages; every export is recorded.
 */
export class AuditLogService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly audit: AuditWriter;
  private readonly exportMaxRows: number;

  constructor({ db, clock, audit, exportMaxRows = AUDIT_EXPORT_MAX_ROWS }: AuditLogServiceDeps) {
    this.db = db;
    this.clock = clock;
    this.audit = audit;
    this.exportMaxRows = exportMaxRows;
  }

  /** The chains the filter reads: the one named (if the actor may read it) or every chain of the scope. */
  private chainsOf(scope: AuditScope, filter: AuditLogFilter): string[] {
    const chainId = filter.officeId?.toLowerCase();
    if (chainId === undefined) {
      return scope.chainIds;
    }
    if (!scope.chainIds.includes(chainId)) {
      // Same answer as a chain that does not exist: an auditor learns nothing about offices outside its subtree.
      throw notFound(`audit chain ${chainId}`);
    }
    return [chainId];
  }

  /** A page of rows with every name resolved in one query. */
  private async readReadable(
    db: Db,
    chainIds: readonly string[],
    filter: LogFilter,
    position: LogPosition | null,
    limit: number,
  ): Promise<ReadableAuditEntry[]> {
    const rows = await readLogPage(db, chainIds, filter, position, limit);
    const names = await resolveNames(db, idsToResolve(rows));
    return rows.map((row) => presentReadableEntry(row, names));
  }

  /**
   * One page of the log, filtered, newest first. The read is recorded in the same transaction, unless the same
   * auditor read with the same filter in the last 15 minutes (paging on, or reloading, records nothing more).
   */
  async listEntries(actor: Actor, query: AuditLogQuery): Promise<AuditLogPage> {
    const scope = await resolveAuditScope(this.db, actor);
    const chainIds = this.chainsOf(scope, query);
    const chainId = query.officeId === undefined ? null : (chainIds[0] ?? null);
    return this.db.transaction().execute(async (trx) => {
      const rows = await this.readReadable(trx, chainIds, toLogFilter(query), positionOf(query), query.limit + 1);
      const entries = rows.slice(0, query.limit);
      const last = entries.at(-1);
      const hasMore = rows.length > query.limit && last !== undefined;
      const filter = filterRecord(query);
      const since = new Date(this.clock.now().getTime() - AUDIT_READ_WINDOW_MINUTES * 60_000).toISOString();
      const userId = auditActorId(actor);
      const recordIn = scope.recordIn ?? 'system';
      if (userId === null || !(await hasRecentRead(trx, recordIn, userId, filter, since))) {
        await appendAudit(
          trx,
          {
            actorId: userId,
            officeIds: scope.recordIn === null ? [] : [scope.recordIn],
            action: 'audit.read',
            details: { view: 'entries', chainId, filter, count: entries.length, ...auditActorDetails(actor) },
          },
          this.audit,
        );
      }
      return {
        chainId,
        entries,
        nextBefore: hasMore && chainId !== null ? last.seq : null,
        nextCursor: hasMore ? cursorOf(last) : null,
      };
    });
  }

  /** The filter bar's choices: the offices of the scope and their people (names only, as the entries show). */
  async filterOptions(actor: Actor): Promise<AuditFilterOptions> {
    const scope = await resolveAuditScope(this.db, actor);
    const people = await listPeopleOfOffices(
      this.db,
      scope.offices.map((office) => office.id),
    );
    return {
      hasSystemChain: scope.chainIds.includes('system'),
      offices: scope.offices.map((office) => ({ id: office.id, name: office.name, parentId: office.parent_id })),
      people: people.map((person) => ({ id: person.id, username: person.username, displayName: person.display_name })),
    };
  }

  /**
   * Prepares an export: counts the rows (refused beyond `AUDIT_EXPORT_MAX_ROWS`), reads the first batch, records
   * `audit.exported` with the filter and the count, and hands back the batches to stream. The first batch is read
   * before the entry is written, so the export never lists its own entry.
   */
  async prepareExport(actor: Actor, query: AuditExportQuery): Promise<PreparedAuditExport> {
    const scope = await resolveAuditScope(this.db, actor);
    const chainIds = this.chainsOf(scope, query);
    const filter = toLogFilter(query);
    const language: AuditLanguage = query.lang === 'en' ? 'en' : 'zh';
    const rows = await countLogEntries(this.db, chainIds, filter, this.exportMaxRows);
    if (rows > this.exportMaxRows) {
      throw new AppError('EXPORT_TOO_LARGE', `audit export over ${this.exportMaxRows} rows`, {
        details: [{ path: 'filter', message: `more than ${this.exportMaxRows} rows` }],
      });
    }
    const first = await this.readReadable(this.db, chainIds, filter, null, Math.min(EXPORT_BATCH, rows || 1));
    await appendAudit(
      this.db,
      {
        actorId: auditActorId(actor),
        officeIds: scope.recordIn === null ? [] : [scope.recordIn],
        action: 'audit.exported',
        details: { filter: filterRecord(query), rows, lang: language, ...auditActorDetails(actor) },
      },
      this.audit,
    );
    return { rows, language, batches: this.batches(chainIds, filter, first, rows) };
  }

  private async *batches(
    chainIds: readonly string[],
    filter: LogFilter,
    first: ReadableAuditEntry[],
    total: number,
  ): AsyncIterable<ReadableAuditEntry[]> {
    let batch = first.slice(0, total);
    let written = 0;
    while (batch.length > 0) {
      yield batch;
      written += batch.length;
      const last = batch.at(-1)!;
      if (written >= total || batch.length < EXPORT_BATCH) {
        return;
      }
      const position: LogPosition = { kind: 'cursor', at: last.at, chainId: last.chainId, seq: last.seq };
      const limit = Math.min(EXPORT_BATCH, total - written);
      batch = await this.readReadable(this.db, chainIds, filter, position, limit);
    }
  }
}
