import type {
  CreateGrantInput,
  PendingGrant,
  RejectGrantInput,
  RoleGrant,
  UserId,
  GrantId,
} from '@zhengming/contracts';
import {
  isInScope,
  isStrictlyBelowScope,
  resolveAdminScope,
  scopePath,
  type AdminScope,
} from '../../access/admin-scope.js';
import { auditingRefusals } from '../../access/refusals.js';
import { appendActorAudit, auditActorId, type Actor } from '../../access/actor.js';
import type { AuditEvent } from '../../audit/audit.js';
import type { OfficeRow } from '../../db/database.js';
import { conflict, forbidden, notFound } from '../../errors.js';
import { findOfficeById, findRootOffice, isUniqueViolation, lockOfficeById } from '../offices/offices.repository.js';
import {
  assertNotSelfGrant,
  assertPrincipalFlag,
  assertRoleCombination,
  grantNotAllowed,
  isApprovingOffice,
  needsApproval,
} from './grant-rules.js';
import { presentGrant, presentPendingGrant } from './users.presenters.js';
import {
  findGrant,
  findLivePrincipal,
  findUser,
  hasActiveLeader,
  insertGrant,
  listActiveLeaderPaths,
  listLiveGrantsOfUser,
  listPendingGrantsUnder,
  lockGrant,
  lockUser,
  updateGrant,
  type GrantWithOffice,
} from './users.repository.js';
import type { AuditWriter } from '../../audit/audit.js';
import type { Clock, Db } from '../../deps.js';
import { newGrantId } from '../../db/ids.js';

export interface GrantServiceDeps {
  db: Db;
  clock: Clock;
  audit: AuditWriter;
}

/** How a new grant is decided: requested by an admin, or created by the operator with a named leader. */
type GrantDecision = { kind: 'request' } | { kind: 'cli'; approverUserId: UserId | null };

/**
 * Role grants (docs/ACCESS.md): requested by an admin in the subtree of its active office (the operator everywhere),
 * approved or rejected by a leader of the grant's office or above, revoked from within the scope. Content roles and
 * `auditor` need a leader's approval; `admin` never goes with either and is granted and revoked only from above.
 */
export class GrantService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly auditWriter: AuditWriter;

  constructor({ db, clock, audit }: GrantServiceDeps) {
    this.db = db;
    this.clock = clock;
    this.auditWriter = audit;
  }

  /**
   * An admin (or the operator) grants a role in an office of its scope. A content role or `auditor` is created
   * `pending` until a leader approves it; monitor and admin are active at once. `admin` only from above.
   */
  async requestGrant(actor: Actor, userId: UserId, input: CreateGrantInput): Promise<RoleGrant> {
    return auditingRefusals(
      this.db,
      this.auditWriter,
      actor,
      { name: 'grant.request', targetIds: [userId] },
      async () => {
        const scope = await resolveAdminScope(this.db, actor);
        return this.createGrant(actor, scope, userId, input, { kind: 'request' });
      },
    );
  }

  /**
   * The CLI's grant: the operator names the approving leader, who must hold an active leader grant in the
   * grant's office or an ancestor and not be the grantee. Without a leader only non-content roles are granted.
   */
  async grantWithApprover(
    operator: Actor,
    userId: UserId,
    input: CreateGrantInput,
    approverUserId: UserId | null,
  ): Promise<RoleGrant> {
    if (operator.kind !== 'operator') {
      throw forbidden('grantWithApprover is the operator path');
    }
    return this.createGrant(operator, { kind: 'all' }, userId, input, { kind: 'cli', approverUserId });
  }

  /**
   * A leader approves a pending grant of its active office or an office below it. The grantee and the
   * admin who requested it cannot approve; a leader of a child or sibling office does not see it.
   */
  async approveGrant(actor: Actor, grantId: GrantId): Promise<RoleGrant> {
    return auditingRefusals(
      this.db,
      this.auditWriter,
      actor,
      { name: 'grant.approve', targetIds: [grantId] },
      async () => {
        return this.db.transaction().execute(async (trx) => {
          const { grant, leaderId, activeOffice } = await this.loadGrantToDecide(trx, actor, grantId, 'approve');
          await lockUser(trx, grant.user_id);
          const others = (await listLiveGrantsOfUser(trx, grant.user_id)).filter((g) => g.id !== grant.id);
          assertRoleCombination(
            grant.role,
            others.map((g) => g.role),
          );
          const approved = await updateGrant(trx, grant.id, {
            status: 'active',
            approved_by: leaderId,
            approval_kind: 'leader',
            decided_at: this.clock.now(),
          });
          await this.audit(trx, actor, {
            officeIds: [grant.office_id, activeOffice.id],
            action: 'grant.approved',
            targetIds: [grant.user_id, grant.id],
            details: { role: grant.role, isPrincipal: grant.is_principal },
          });
          return presentGrant(approved);
        });
      },
    );
  }

  /**
   * A leader rejects a pending grant, under the same rules as approving it. The grant ends `revoked` with the
   * leader as the one who revoked it; the reason, when given, is kept in the audit entry.
   */
  async rejectGrant(actor: Actor, grantId: GrantId, input: RejectGrantInput): Promise<RoleGrant> {
    return auditingRefusals(
      this.db,
      this.auditWriter,
      actor,
      { name: 'grant.reject', targetIds: [grantId] },
      async () => {
        const reason = input.reason?.trim() ?? '';
        return this.db.transaction().execute(async (trx) => {
          const { grant, leaderId, activeOffice } = await this.loadGrantToDecide(trx, actor, grantId, 'reject');
          const now = this.clock.now();
          const rejected = await updateGrant(trx, grant.id, {
            status: 'revoked',
            revoked_by: leaderId,
            revoked_at: now,
            decided_at: now,
          });
          await this.audit(trx, actor, {
            officeIds: [grant.office_id, activeOffice.id],
            action: 'grant.rejected',
            targetIds: [grant.user_id, grant.id],
            details: { role: grant.role, isPrincipal: grant.is_principal, ...(reason === '' ? {} : { reason }) },
          });
          return presentGrant(rejected);
        });
      },
    );
  }

  /** Revokes a pending or active grant in the actor's scope (an `admin` grant only from above). */
  async revokeGrant(actor: Actor, grantId: GrantId): Promise<RoleGrant> {
    return auditingRefusals(
      this.db,
      this.auditWriter,
      actor,
      { name: 'grant.revoke', targetIds: [grantId] },
      async () => {
        const scope = await resolveAdminScope(this.db, actor);
        return this.db.transaction().execute(async (trx) => {
          await lockGrant(trx, grantId);
          const grant = await findGrant(trx, grantId);
          if (grant === undefined || !isInScope(scope, grant.office_path)) {
            throw notFound('grant');
          }
          if (grant.role === 'admin' && !isStrictlyBelowScope(scope, grant.office_path)) {
            throw grantNotAllowed('admin grant revoked from its own level', '管理员角色只能由上级管理员撤销。');
          }
          if (grant.status === 'revoked') {
            throw conflict(`grant ${grant.id} is revoked`, '该授权已撤销。');
          }
          const revoked = await updateGrant(trx, grant.id, {
            status: 'revoked',
            revoked_by: auditActorId(actor),
            revoked_at: this.clock.now(),
          });
          await this.audit(trx, actor, {
            officeIds: [grant.office_id],
            action: 'grant.revoked',
            targetIds: [grant.user_id, grant.id],
            details: { role: grant.role, previousStatus: grant.status },
          });
          return presentGrant(revoked);
        });
      },
    );
  }

  /** Pending grants the leader may approve: in its active office and below, not its own, not requested by it. */
  async listPendingGrants(actor: Actor): Promise<PendingGrant[]> {
    if (actor.kind !== 'user' || actor.activeOfficeId === null || !actor.activeRoles.includes('leader')) {
      throw forbidden('only a leader lists grants to approve');
    }
    const activeOffice = await findOfficeById(this.db, actor.activeOfficeId);
    if (activeOffice === undefined) {
      throw notFound('office');
    }
    const rows = await listPendingGrantsUnder(this.db, activeOffice.path);
    return rows
      .filter((row) => row.user_id !== actor.userId && row.requested_by !== actor.userId)
      .map(presentPendingGrant);
  }

  /**
   * The recorded first leader of the root office (a CLI step): allowed only while the root office has no
   * active leader, so it cannot be used to add leaders beside one. Should the root lose every leader (revoked
   * or disabled), nobody could approve a new one, so the same recorded step is the way back.
   */
  async bootstrapRootLeader(operator: Actor, userId: UserId, options: { isPrincipal: boolean }): Promise<RoleGrant> {
    if (operator.kind !== 'operator') {
      throw forbidden('bootstrapRootLeader is the operator path');
    }
    try {
      return await this.db.transaction().execute(async (trx) => {
        const root = await findRootOffice(trx);
        if (root === undefined) {
          throw notFound('root office');
        }
        // Locking the root serialises two bootstraps racing each other.
        await lockOfficeById(trx, root.id);
        if (await hasActiveLeader(trx, root.id)) {
          throw grantNotAllowed('root office already has a leader', '根机关已有领导，不能再次执行初始设置。');
        }
        const user = await lockUser(trx, userId);
        if (user === undefined) {
          throw notFound('user');
        }
        if (user.is_disabled) {
          throw grantNotAllowed('bootstrap of a disabled user', '该用户已停用。');
        }
        const live = await listLiveGrantsOfUser(trx, userId);
        assertRoleCombination(
          'leader',
          live.map((g) => g.role),
        );
        if (live.some((g) => g.office_id === root.id && g.role === 'leader')) {
          throw conflict('leader grant at the root', '该用户在此机关已有该角色。');
        }
        const now = this.clock.now();
        const grant = await insertGrant(trx, {
          id: newGrantId(),
          user_id: userId,
          office_id: root.id,
          role: 'leader',
          is_principal: options.isPrincipal,
          status: 'active',
          requested_by: null,
          approved_by: null,
          approval_kind: 'bootstrap',
          created_at: now,
          decided_at: now,
        });
        await this.audit(trx, operator, {
          officeIds: [root.id],
          action: 'grant.bootstrap',
          targetIds: [userId, grant.id],
          details: { role: 'leader', isPrincipal: options.isPrincipal },
        });
        return presentGrant(grant);
      });
    } catch (error) {
      throw isUniqueViolation(error) ? conflict('principal of the root office', '该机关已有主要负责人。') : error;
    }
  }

  /** Creates a grant after every rule of docs/ACCESS.md; the decision says who approves a content role. */
  private async createGrant(
    actor: Actor,
    scope: AdminScope,
    userId: UserId,
    input: CreateGrantInput,
    decision: GrantDecision,
  ): Promise<RoleGrant> {
    assertPrincipalFlag(input.role, input.isPrincipal);
    assertNotSelfGrant(auditActorId(actor), userId);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const office = await findOfficeById(trx, input.officeId);
        if (office === undefined || !isInScope(scope, office.path)) {
          throw notFound('office');
        }
        if (input.role === 'admin' && !isStrictlyBelowScope(scope, office.path)) {
          throw grantNotAllowed('admin grant at the granting admin’s own level', '管理员角色只能由上级管理员授予。');
        }
        // Locking the grantee serialises grant changes for one user (the admin/content rule holds under races).
        const user = await lockUser(trx, userId);
        if (user === undefined || (await findUser(trx, userId, scopePath(scope))) === undefined) {
          throw notFound('user');
        }
        const live = await listLiveGrantsOfUser(trx, userId);
        assertRoleCombination(
          input.role,
          live.map((g) => g.role),
        );
        if (live.some((g) => g.office_id === office.id && g.role === input.role)) {
          throw conflict(`live ${input.role} grant`, '该用户在此机关已有该角色。');
        }
        if (input.isPrincipal && (await findLivePrincipal(trx, office.id, null)) !== undefined) {
          throw conflict('principal', '该机关已有主要负责人。');
        }
        const approval = await this.decideApproval(trx, decision, input, office.path, userId, actor);
        const now = this.clock.now();
        const grant = await insertGrant(trx, {
          id: newGrantId(),
          user_id: userId,
          office_id: office.id,
          role: input.role,
          is_principal: input.isPrincipal,
          requested_by: auditActorId(actor),
          created_at: now,
          ...approval,
          decided_at: approval.status === 'active' ? now : null,
        });
        await this.audit(trx, actor, {
          officeIds: [office.id],
          action: approval.status === 'active' ? 'grant.created' : 'grant.requested',
          targetIds: [userId, grant.id],
          details: {
            role: input.role,
            isPrincipal: input.isPrincipal,
            status: approval.status,
            ...(approval.approved_by === null ? {} : { approvedBy: approval.approved_by }),
          },
        });
        return presentGrant(grant);
      });
    } catch (error) {
      throw isUniqueViolation(error) ? conflict('grant', '该授权与现有授权冲突。') : error;
    }
  }

  /** Whether the new grant is active at once, pending, or refused, and who approved it. */
  private async decideApproval(
    trx: Db,
    decision: GrantDecision,
    input: CreateGrantInput,
    officePath: string,
    granteeId: UserId,
    actor: Actor,
  ): Promise<{ status: 'active' | 'pending'; approved_by: UserId | null; approval_kind: string | null }> {
    if (decision.kind === 'cli' && decision.approverUserId !== null) {
      const approverId = decision.approverUserId;
      if (approverId === granteeId) {
        throw grantNotAllowed('grantee named as approver', '被授权人不能批准自己的授权。');
      }
      if (!isApprovingOffice(await listActiveLeaderPaths(trx, approverId), officePath)) {
        throw grantNotAllowed(
          'approver is not an active leader of the office or an ancestor',
          '批准人须为本机关或上级机关的在职领导。',
        );
      }
      return { status: 'active', approved_by: approverId, approval_kind: 'cli-leader' };
    }
    if (!needsApproval(input.role)) {
      return { status: 'active', approved_by: auditActorId(actor), approval_kind: 'direct' };
    }
    if (decision.kind === 'cli') {
      throw grantNotAllowed('guarded grant without an approving leader', '该角色须经本机关或上级机关领导批准。');
    }
    return { status: 'pending', approved_by: null, approval_kind: null };
  }

  /**
   * Locks and loads a pending grant that the actor, a leader in its active office, may decide (approve or
   * reject): the grant's office is the active office or below it, and the actor is neither the grantee nor
   * the requester. Anything else the leader may not see is not found.
   */
  private async loadGrantToDecide(
    trx: Db,
    actor: Actor,
    grantId: GrantId,
    decision: 'approve' | 'reject',
  ): Promise<{ grant: GrantWithOffice; leaderId: UserId; activeOffice: OfficeRow }> {
    if (actor.kind !== 'user' || actor.activeOfficeId === null || !actor.activeRoles.includes('leader')) {
      throw forbidden(`only a leader may ${decision} grants (the CLI names the leader instead)`);
    }
    await lockGrant(trx, grantId);
    const grant = await findGrant(trx, grantId);
    const activeOffice = await findOfficeById(trx, actor.activeOfficeId);
    const leaderPaths = await listActiveLeaderPaths(trx, actor.userId);
    if (
      grant === undefined ||
      activeOffice === undefined ||
      !leaderPaths.includes(activeOffice.path) ||
      !isApprovingOffice([activeOffice.path], grant.office_path)
    ) {
      throw notFound('grant');
    }
    const verb = decision === 'approve' ? '批准' : '驳回';
    if (grant.status !== 'pending') {
      throw conflict(`grant ${grant.id} is ${grant.status}`, '该授权不在待批准状态。');
    }
    if (grant.user_id === actor.userId) {
      throw grantNotAllowed(`${decision} own grant`, `不能${verb}给自己的授权。`);
    }
    if (grant.requested_by === actor.userId) {
      throw grantNotAllowed(`${decision} a grant one requested`, `提出授权的人不能${verb}同一授权。`);
    }
    return { grant, leaderId: actor.userId, activeOffice };
  }

  private async audit(trx: Db, actor: Actor, event: Omit<AuditEvent, 'actorId'>): Promise<void> {
    await appendActorAudit(trx, actor, event, this.auditWriter);
  }
}
