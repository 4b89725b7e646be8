import type { AuditHeadsExport, AuditVerifyResult } from '@zhengming/contracts';
import { auditActorDetails, auditActorId, type Actor } from '../../access/actor.js';
import { appendAudit, type AuditEvent, type AuditWriter } from '../../audit/audit.js';
import { exportAuditHeads, verifyAuditChains } from '../../audit/audit-verify.js';
import { resolveAuditScope, type AuditScope } from './audit-scope.js';
import type { Clock, Db } from '../../deps.js';

export interface AuditServiceDeps {
  db: Db;
  clock: Clock;
  audit: AuditWriter;
}

/**
 * Verifying the audit log and exporting its heads (docs/ACCESS.md: `auditor` sees the audit log only;
 * docs/PRINCIPLES.md, principle 6: every sensitive read is itself audited), over the chains of the actor's
 * scope (`audit-scope.ts`). Reading entries is `audit-log.service.ts`.
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

  private readEvent(actor: Actor, scope: AuditScope, details: Record<string, unknown>): AuditEvent {
    return {
      actorId: auditActorId(actor),
      officeIds: scope.recordIn === null ? [] : [scope.recordIn],
      action: 'audit.read',
      details: { ...details, ...auditActorDetails(actor) },
    };
  }

  /** Verifies every chain the actor may see; the verification is recorded once it has run. */
  async verify(actor: Actor): Promise<AuditVerifyResult> {
    const scope = await resolveAuditScope(this.db, actor);
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
    const scope = await resolveAuditScope(this.db, actor);
    const heads = await exportAuditHeads(this.db, { chainIds: scope.chainIds, clock: this.clock });
    await appendAudit(
      this.db,
      this.readEvent(actor, scope, { view: 'heads', chains: Object.keys(heads.chains).length }),
      this.audit,
    );
    return heads;
  }
}
