import {
  LIMITS,
  OfficeIdSchema,
  type AccountResetRequest,
  type OfficeId,
  type RejectResetInput,
  type ResetRequestId,
  type UserId,
} from '@zhengming/contracts';
import { auditingRefusals } from '../../access/refusals.js';
import { appendActorAudit, type Actor } from '../../access/actor.js';
import type { AuditEvent, AuditWriter } from '../../audit/audit.js';
import type { GuardedRole } from '../../db/database.js';
import { newResetRequestId } from '../../db/ids.js';
import { AppError, conflict, forbidden, notFound } from '../../errors.js';
import { findOfficeById } from '../offices/offices.repository.js';
import { presentResetRequest } from './users.presenters.js';
import {
  findOpenResetRequest,
  findResetRequest,
  insertResetRequest,
  listActiveLeadersOn,
  listPendingResetRequestsUnder,
  lockResetRequest,
  updateResetRequest,
} from './account-resets.repository.js';
import { commonAncestorPath, grantNotAllowed, needsApproval, pathsUpTo } from './grant-rules.js';
import { listActiveLeaderPaths, type GrantWithOffice } from './users.repository.js';
import type { Clock, Db } from '../../deps.js';

/*
 * Resetting a guarded account (docs/ACCESS.md, "Resetting an account"): an account that holds a content role or
 * `auditor` is reset only with the approval of a leader of the nearest office above all its guarded roles, or of
 * an ancestor, who is neither the admin who asks nor the account's owner. Until then nothing changes. Where no
 * such leader exists (the lone root leader), only the operator resets it, on the CLI, as a break-glass step.
 */

/** The account's guarded roles, and the path of the office whose leaders (or its ancestors' leaders) approve. */
export interface ResetGuard {
  roles: GuardedRole[];
  approvingPath: string;
}

/** The guard of an account with these live grants; null when it holds no guarded role. */
export function guardOf(liveGrants: readonly GrantWithOffice[]): ResetGuard | null {
  const guarded = liveGrants.filter((g) => needsApproval(g.role));
  if (guarded.length === 0) {
    return null;
  }
  return {
    roles: guarded.map((g) => ({ role: g.role, officeId: g.office_id, officeName: g.office_name })),
    approvingPath: commonAncestorPath(guarded.map((g) => g.office_path)),
  };
}

/** Leaders who may approve a reset at `approvingPath`: active leaders at it or above, except the `excluded`. */
async function eligibleApprovers(
  db: Db,
  approvingPath: string,
  excluded: readonly (UserId | null)[],
): Promise<{ userId: UserId; username: string }[]> {
  const leaders = await listActiveLeadersOn(db, pathsUpTo(approvingPath));
  const unique = new Map<UserId, string>();
  for (const leader of leaders) {
    if (!excluded.includes(leader.user_id)) {
      unique.set(leader.user_id, leader.username);
    }
  }
  return [...unique].map(([userId, username]) => ({ userId, username }));
}

/** The id of the office at the end of a materialised path ('/a/b/' → b). */
function officeIdOfPath(path: string): OfficeId {
  return OfficeIdSchema.parse(
    path
      .split('/')
      .filter((part) => part !== '')
      .at(-1),
  );
}

/** Whether an approved request is still usable: within `LIMITS.resetApprovalHours` of its approval. */
function isApprovalFresh(decidedAt: Date | string | null, now: Date): boolean {
  if (decidedAt === null) {
    return false;
  }
  return now.getTime() - new Date(decidedAt).getTime() <= LIMITS.resetApprovalHours * 3_600_000;
}

const noApproverError = (): AppError =>
  new AppError('RESET_NOT_ALLOWED', 'no leader other than the owner and the requester can approve this reset', {
    userMessage:
      '没有可以批准该重置的领导（须为该账号所在机关或上级机关的领导，且不是本人或申请人）。请由运维人员在服务器上执行 zhengming user reset <用户名> --break-glass --reason …。',
  });

/** A new pending request for the account, audited; returns it as the API shows it. */
async function createResetRequest(
  trx: Db,
  actor: Actor & { kind: 'user' },
  userId: UserId,
  guard: ResetGuard,
  chains: AuditEvent['officeIds'],
  writer: AuditWriter,
): Promise<AccountResetRequest> {
  const office = await findOfficeById(trx, officeIdOfPath(guard.approvingPath));
  if (office === undefined) {
    throw notFound('office');
  }
  const id = newResetRequestId();
  await insertResetRequest(trx, {
    id,
    user_id: userId,
    office_id: office.id,
    roles: JSON.stringify(guard.roles),
    requested_by: actor.userId,
    status: 'pending',
    created_at: writer.clock.now(),
  });
  await appendActorAudit(
    trx,
    actor,
    {
      officeIds: [...new Set([...chains, office.id])],
      action: 'user.reset_requested',
      targetIds: [userId, id],
      details: { approvingOfficeId: office.id, roles: guard.roles.map((r) => r.role) },
    },
    writer,
  );
  const row = await findResetRequest(trx, id);
  if (row === undefined) {
    throw new Error(`reset request ${id} vanished after insert`);
  }
  return presentResetRequest(row);
}

/**
 * Closes an open request: `completed` in the transaction that resets the account, `expired` when its approval can
 * no longer be used (stale, or the account's guarded roles moved beyond the approving office).
 */
async function closeResetRequest(
  trx: Db,
  id: ResetRequestId,
  status: 'completed' | 'expired',
  now: Date,
): Promise<void> {
  await updateResetRequest(trx, id, { status, completed_at: now });
}

/** The operator's way past a guarded account's approval: a named leader, or break-glass with a reason. */
export interface OperatorResetStep {
  approvedBy?: UserId;
  breakGlassReason?: string;
}

/** Whether a reset goes ahead now (with what its audit entry records) or waits for a leader. */
export type ResetClearance =
  | { kind: 'clear'; isBreakGlass: boolean; details: Record<string, unknown> }
  | { kind: 'pending'; resetRequest: AccountResetRequest };

/**
 * Decides, in the reset's transaction, whether the account (`ownerId`, audited in `chains`) may be reset now. An
 * account without guarded roles may. The operator must name an eligible leader, or — only where none exists —
 * reset it as break-glass with a reason. An admin may once a leader approved its own, still valid request;
 * otherwise its call finds the open request or opens one (and the reset waits).
 */
export async function clearReset(
  trx: Db,
  writer: AuditWriter,
  actor: Actor,
  ownerId: UserId,
  chains: AuditEvent['officeIds'],
  guard: ResetGuard | null,
  operatorStep: OperatorResetStep,
): Promise<ResetClearance> {
  if (guard === null) {
    return { kind: 'clear', isBreakGlass: false, details: {} };
  }
  return actor.kind === 'operator'
    ? clearOperatorReset(trx, ownerId, guard, operatorStep)
    : clearAdminReset(trx, writer, actor, ownerId, chains, guard);
}

async function clearOperatorReset(
  trx: Db,
  ownerId: UserId,
  guard: ResetGuard,
  step: OperatorResetStep,
): Promise<ResetClearance> {
  const approvers = await eligibleApprovers(trx, guard.approvingPath, [ownerId]);
  const names = approvers.map((a) => a.username).join('、');
  if (step.approvedBy !== undefined) {
    if (!approvers.some((a) => a.userId === step.approvedBy)) {
      throw new AppError('RESET_NOT_ALLOWED', 'the named approver may not approve this reset', {
        userMessage: `批准人须为该账号所在机关或上级机关的在职领导，且不是本人。可批准的领导：${names || '无'}。`,
      });
    }
    return { kind: 'clear', isBreakGlass: false, details: { approvedBy: step.approvedBy } };
  }
  if (step.breakGlassReason !== undefined) {
    if (approvers.length > 0) {
      throw new AppError('RESET_NOT_ALLOWED', 'break-glass reset while a leader could approve', {
        userMessage: `有领导可以批准该重置（${names}），请用 --approved-by 指明批准人。`,
      });
    }
    return { kind: 'clear', isBreakGlass: true, details: { reason: step.breakGlassReason } };
  }
  throw new AppError('RESET_NOT_ALLOWED', 'guarded account reset without an approver', {
    userMessage:
      approvers.length > 0
        ? `该账号担任业务或审计角色，重置须经领导批准：请用 --approved-by 指明批准人（可批准：${names}）。`
        : '该账号担任业务或审计角色，且没有其他领导可以批准：如确需重置，请用 --break-glass --reason "…" 紧急办理（将记入审计日志）。',
  });
}

async function clearAdminReset(
  trx: Db,
  writer: AuditWriter,
  actor: Actor & { kind: 'user' },
  ownerId: UserId,
  chains: AuditEvent['officeIds'],
  guard: ResetGuard,
): Promise<ResetClearance> {
  const open = await findOpenResetRequest(trx, ownerId);
  const now = writer.clock.now();
  // An approval holds while it is fresh and its office is still at or above all the account's guarded roles.
  const isValidApproval =
    open !== undefined &&
    open.status === 'approved' &&
    isApprovalFresh(open.decided_at, now) &&
    guard.approvingPath.startsWith(open.office_path);
  if (open !== undefined && isValidApproval && open.requested_by === actor.userId) {
    await closeResetRequest(trx, open.id, 'completed', now);
    return { kind: 'clear', isBreakGlass: false, details: { resetRequestId: open.id, approvedBy: open.decided_by } };
  }
  if (open !== undefined && (open.status === 'pending' || isValidApproval)) {
    // Waiting for a leader, or approved for the admin who asked (only that admin carries it out).
    return { kind: 'pending', resetRequest: presentResetRequest(open) };
  }
  if (open !== undefined) {
    await closeResetRequest(trx, open.id, 'expired', now);
  }
  if ((await eligibleApprovers(trx, guard.approvingPath, [ownerId, actor.userId])).length === 0) {
    throw noApproverError();
  }
  return { kind: 'pending', resetRequest: await createResetRequest(trx, actor, ownerId, guard, chains, writer) };
}

export interface AccountResetServiceDeps {
  db: Db;
  clock: Clock;
  audit: AuditWriter;
}

/** A leader's side of reset requests: the list to decide, approve, reject. */
export class AccountResetService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly auditWriter: AuditWriter;

  constructor({ db, clock, audit }: AccountResetServiceDeps) {
    this.db = db;
    this.clock = clock;
    this.auditWriter = audit;
  }

  /** Pending requests the leader may decide: approving office in its active office's subtree, not its own account. */
  async listPending(actor: Actor): Promise<AccountResetRequest[]> {
    const office = await this.activeLeaderOffice(this.db, actor);
    const rows = await listPendingResetRequestsUnder(this.db, office.path);
    return rows
      .filter((row) => actor.kind === 'user' && row.user_id !== actor.userId && row.requested_by !== actor.userId)
      .map(presentResetRequest);
  }

  /** Approves a pending request: the admin who asked may then reset the account within the approval's lifetime. */
  async approve(actor: Actor, id: ResetRequestId): Promise<AccountResetRequest> {
    return auditingRefusals(
      this.db,
      this.auditWriter,
      actor,
      { name: 'user.reset_approve', targetIds: [id] },
      async () => {
        return this.decide(actor, id, 'approve', undefined);
      },
    );
  }

  /** Rejects a pending request; the reason, when given, is kept in the audit entry. */
  async reject(actor: Actor, id: ResetRequestId, input: RejectResetInput): Promise<AccountResetRequest> {
    return auditingRefusals(
      this.db,
      this.auditWriter,
      actor,
      { name: 'user.reset_reject', targetIds: [id] },
      async () => {
        return this.decide(actor, id, 'reject', input.reason?.trim() ?? '');
      },
    );
  }

  private async decide(
    actor: Actor,
    id: ResetRequestId,
    decision: 'approve' | 'reject',
    reason: string | undefined,
  ): Promise<AccountResetRequest> {
    return this.db.transaction().execute(async (trx) => {
      const activeOffice = await this.activeLeaderOffice(trx, actor);
      if (actor.kind !== 'user') {
        throw forbidden('only a leader decides reset requests');
      }
      await lockResetRequest(trx, id);
      const request = await findResetRequest(trx, id);
      const leaderPaths = await listActiveLeaderPaths(trx, actor.userId);
      if (
        request === undefined ||
        !leaderPaths.includes(activeOffice.path) ||
        !request.office_path.startsWith(activeOffice.path)
      ) {
        throw notFound('reset request');
      }
      if (request.status !== 'pending') {
        throw conflict(`reset request ${id} is ${request.status}`, '该重置申请不在待批准状态。');
      }
      const verb = decision === 'approve' ? '批准' : '驳回';
      if (request.user_id === actor.userId) {
        throw grantNotAllowed(`${decision} the reset of one's own account`, `不能${verb}重置自己账号的申请。`);
      }
      if (request.requested_by === actor.userId) {
        throw grantNotAllowed(`${decision} a reset one requested`, `提出申请的人不能${verb}同一申请。`);
      }
      await updateResetRequest(trx, id, {
        status: decision === 'approve' ? 'approved' : 'rejected',
        decided_by: actor.userId,
        decided_at: this.clock.now(),
      });
      await this.audit(trx, actor, {
        officeIds: [request.office_id, activeOffice.id],
        action: decision === 'approve' ? 'user.reset_approved' : 'user.reset_rejected',
        targetIds: [request.user_id, id],
        details: reason === undefined || reason === '' ? {} : { reason },
      });
      const updated = await findResetRequest(trx, id);
      if (updated === undefined) {
        throw new Error(`reset request ${id} vanished after update`);
      }
      return presentResetRequest(updated);
    });
  }

  private async activeLeaderOffice(db: Db, actor: Actor) {
    if (actor.kind !== 'user' || actor.activeOfficeId === null || !actor.activeRoles.includes('leader')) {
      throw forbidden('only a leader decides reset requests');
    }
    const office = await findOfficeById(db, actor.activeOfficeId);
    if (office === undefined) {
      throw notFound('office');
    }
    return office;
  }

  private async audit(trx: Db, actor: Actor, event: Omit<AuditEvent, 'actorId'>): Promise<void> {
    await appendActorAudit(trx, actor, event, this.auditWriter);
  }
}
