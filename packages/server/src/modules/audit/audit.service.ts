import type {
  AuditHeadsExport,
  AuditLogEntry,
  AuditLogPage,
  AuditLogQuery,
  AuditVerifyResult,
  OfficeId,
} from '@zhengming/contracts';
import { auditActorDetails, auditActorId, type Actor } from '../../access/actor.js';
import { appendAudit, type AuditEvent, type AuditWriter } from '../../audit/audit.js';
import { SYSTEM_CHAIN } from '../../audit/audit-hash.js';
import { readChainNewestFirst, readLatestAcrossChains } from '../../audit/audit.repository.js';
import { exportAuditHeads, verifyAuditChains } from '../../audit/audit-verify.js';
import { forbidden, notFound } from '../../errors.js';
import { findOfficeById, listOffices } from '../offices/offices.repository.js';
import type { Clock, Db } from '../../deps.js';

export interface AuditServiceDeps {
  db: Db;
  clock: Clock;
  audit: AuditWriter;
}

/** The chains an auditor may read: its active office and every office below, plus `system` from a root office. */
interface AuditScope {
  /** The chain where the auditor's own reads are recorded (null for the operator: the system chain). */
  recordIn: OfficeId | null;
  chainIds: string[];
}

/**
 * Reading and verifying the audit log (docs/ACCESS.md: `auditor` sees the audit log only; docs/PRINCIPLES.md,
 * principle 6: every sensitive read is itself audited). An auditor sees the chains of its active office's subtree;
 * the system chain only from a root office, since its events belong to no office. The operator (CLI) sees every
 * chain.
 */
export class AuditService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly audit: AuditWriter;

  constructor({ db, clock, audit }: AuditServiceDeps) {
    this.db = db;
    this.clock = clock;
    this.audit = audit;
  }

  private async resolveScope(actor: Actor): Promise<AuditScope> {
    if (actor.kind === 'operator') {
      const offices = await listOffices(this.db, null);
      return { recordIn: null, chainIds: [SYSTEM_CHAIN, ...offices.map((office) => office.id)] };
    }
    if (actor.activeOfficeId === null || !actor.activeRoles.includes('auditor')) {
      throw forbidden('only an auditor reads the audit log');
    }
    const active = await findOfficeById(this.db, actor.activeOfficeId);
    if (active === undefined) {
      throw notFound('active office');
    }
    const subtree = await listOffices(this.db, active.path);
    const chainIds = subtree.map((office) => office.id);
    return { recordIn: active.id, chainIds: active.parent_id === null ? [SYSTEM_CHAIN, ...chainIds] : chainIds };
  }

  private readEvent(actor: Actor, scope: AuditScope, details: Record<string, unknown>): AuditEvent {
    return {
      actorId: auditActorId(actor),
      officeIds: scope.recordIn === null ? [] : [scope.recordIn],
      action: 'audit.read',
      details: { ...details, ...auditActorDetails(actor) },
    };
  }

  /**
   * One page of one chain (`officeId`), or the latest entries across every visible chain, newest first; the
   * read is recorded in the same transaction.
   */
  async listEntries(actor: Actor, query: AuditLogQuery): Promise<AuditLogPage> {
    const scope = await this.resolveScope(actor);
    const chainId = query.officeId ?? null;
    if (chainId !== null && !scope.chainIds.includes(chainId)) {
      // Same answer as a chain that does not exist: an auditor learns nothing about offices outside its subtree.
      throw notFound(`audit chain ${chainId}`);
    }
    return this.db.transaction().execute(async (trx) => {
      let entries: AuditLogEntry[];
      let nextBefore: number | null = null;
      if (chainId === null) {
        entries = await readLatestAcrossChains(trx, scope.chainIds, query.limit);
      } else {
        const rows = await readChainNewestFirst(trx, chainId, query.before ?? null, query.limit + 1);
        entries = rows.slice(0, query.limit);
        nextBefore = rows.length > query.limit ? (entries.at(-1)?.seq ?? null) : null;
      }
      await appendAudit(
        trx,
        this.readEvent(actor, scope, {
          view: 'entries',
          chainId,
          count: entries.length,
          ...(query.before === undefined ? {} : { before: query.before }),
        }),
        this.audit,
      );
      return { chainId, entries, nextBefore };
    });
  }

  /** Verifies every chain the actor may see; the verification is recorded once it has run. */
  async verify(actor: Actor): Promise<AuditVerifyResult> {
    const scope = await this.resolveScope(actor);
    const result = await verifyAuditChains(this.db, this.audit.chainKey, { chainIds: scope.chainIds });
    await appendAudit(
      this.db,
      this.readEvent(actor, scope, { view: 'verify', chains: result.chains.length, ok: result.ok }),
      this.audit,
    );
    return result;
  }

  /** The current heads of the chains the actor may see, in the exported-heads file format. */
  async exportHeads(actor: Actor): Promise<AuditHeadsExport> {
    const scope = await this.resolveScope(actor);
    const heads = await exportAuditHeads(this.db, { chainIds: scope.chainIds, clock: this.clock });
    await appendAudit(
      this.db,
      this.readEvent(actor, scope, { view: 'heads', chains: Object.keys(heads.chains).length }),
      this.audit,
    );
    return heads;
  }
}
