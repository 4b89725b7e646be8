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

type ResetRequestRow = NonNullable<Awaited<ReturnType<typeof findResetRequest>>>;

const toIso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

/** The API shape of a reset request. */
export function presentResetRequest(row: ResetRequestRow): AccountResetRequest {
  return {
    id: row.id,
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    officeId: row.office_id,
    officeName: row.office_name,
    roles: row.roles.map((r) => ({ role: r.role, officeName: r.officeName })),
    requestedByName: row.requested_by_name,
    status: row.status,
    createdAt: new Date(row.created_at).toISOString(),
    decidedAt: toIso(row.decided_at),
    decidedByName: row.decided_by_name,
  };
}

/** The account's live grants that guard a reset, and the path of the office whose leaders (or above) approve. */
export function guardOf(
  liveGrants: readonly GrantWithOffice[],
): { roles: GuardedRole[]; approvingPath: string } | null {
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
export async function eligibleApprovers(
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
export function isApprovalFresh(decidedAt: Date | string | null, now: Date): boolean {
  if (decidedAt === null) {
    return false;
  }
  return now.getTime() - new Date(decidedAt).getTime() <= LIMITS.resetApprovalHours * 3_600_000;
}

export const noApproverError = (): AppError =>
  new AppError('RESET_NOT_ALLOWED', 'no leader other than the owner and the requester can approve this reset', {
    userMessage:
      '没有可以批准该重置的领导（须为该账号所在机关或上级机关的领导，且不是本人或申请人）。请由运维人员在服务器上执行 zhengming user reset <用户名> --break-glass --reason …。',
  });

/** A new pending request for the account, audited; returns it as the API shows it. */
export async function createResetRequest(
  trx: Db,
  actor: Actor & { kind: 'user' },
  userId: UserId,
  guard: { roles: GuardedRole[]; approvingPath: string },
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
export async function closeResetRequest(
  trx: Db,
  id: ResetRequestId,
  status: 'completed' | 'expired',
  now: Date,
): Promise<void> {
  await updateResetRequest(trx, id, { status, completed_at: now });
}

export { findOpenResetRequest };

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
