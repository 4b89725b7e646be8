import { randomUUID } from 'node:crypto';
import type {
  CreateGrantInput,
  CreateUserInput,
  PendingGrant,
  RejectGrantInput,
  RoleGrant,
  User,
} from '@zhengming/contracts';
import type { Kysely } from 'kysely';
import {
  isInScope,
  isStrictlyBelowScope,
  resolveAdminScope,
  scopePath,
  type AdminScope,
} from '../../access/admin-scope.js';
import { auditActorDetails, auditActorId, type Actor } from '../../access/actor.js';
import { appendAudit, type AuditEvent, type Clock } from '../../audit/audit.js';
import type { Database, Db, OfficeRow, UserRow } from '../../db/database.js';
import { AppError, conflict, forbidden, notFound } from '../../errors.js';
import { generateOneTimePassword, hashPassword } from '../auth/passwords.js';
import type { SessionService } from '../auth/sessions.service.js';
import { findOfficeById, findRootOffice, isUniqueViolation, lockOfficeById } from '../offices/offices.repository.js';
import {
  assertNotSelfGrant,
  assertPrincipalFlag,
  assertRoleCombination,
  grantNotAllowed,
  isApprovingOffice,
  opensContent,
} from './grant-rules.js';
import {
  findGrant,
  findLivePrincipal,
  findUser,
  findUserByUsername,
  hasActiveLeader,
  insertGrant,
  insertUser,
  listActiveLeaderPaths,
  listGrantsOfUsers,
  listLiveGrantsOfUser,
  listPendingGrantsUnder,
  listUsers,
  lockGrant,
  lockUser,
  updateGrant,
  updateUser,
  type GrantWithOffice,
} from './users.repository.js';

export interface UserServiceDeps {
  db: Db;
  clock: Clock;
  sessions: SessionService;
}

/** A new or reset account and the one-time password to hand over (never stored, never audited). */
export interface OneTimePasswordResult {
  user: User;
  oneTimePassword: string;
}

const toIso = (value: Date | string): string => new Date(value).toISOString();

/** The API shape of a grant. */
export function presentGrant(grant: GrantWithOffice): RoleGrant {
  return {
    id: grant.id,
    userId: grant.user_id,
    officeId: grant.office_id,
    officeName: grant.office_name,
    role: grant.role,
    isPrincipal: grant.is_principal,
    status: grant.status,
  };
}

/** The API shape of a user with the grants the viewer may see. */
export function presentUser(row: UserRow, grants: readonly GrantWithOffice[]): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    isDisabled: row.is_disabled,
    hasTotp: row.totp_secret_sealed !== null,
    createdAt: toIso(row.created_at),
    grants: grants.filter((g) => g.user_id === row.id && g.status !== 'revoked').map(presentGrant),
  };
}

const usernameTaken = (username: string): AppError => conflict(`username ${username}`, '用户名已被使用。');

/**
 * The audit chains of an event about a user account: the offices of its live grants and the office it was
 * created in (the system chain when it has none), so each office's auditor sees what happened to its people.
 */
function userChains(user: UserRow, liveGrants: readonly GrantWithOffice[]): string[] {
  const ids = new Set(liveGrants.map((g) => g.office_id));
  if (user.home_office_id !== null) {
    ids.add(user.home_office_id);
  }
  return [...ids];
}

/** How a new grant is decided: requested by an admin, or created by the operator with a named leader. */
type GrantDecision = { kind: 'request' } | { kind: 'cli'; approverUserId: string | null };

/**
 * Users and role grants (DESIGN.md §1). An `admin` acts only in the subtree of its active office; the operator
 * (CLI) everywhere. Content roles need a leader's approval; `admin` never goes with a content role.
 */
export class UserService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly sessions: SessionService;

  constructor({ db, clock, sessions }: UserServiceDeps) {
    this.db = db;
    this.clock = clock;
    this.sessions = sessions;
  }

  /** Creates an account that must change its one-time password at first sign-in; it holds no role yet. */
  async createUser(actor: Actor, input: CreateUserInput): Promise<OneTimePasswordResult> {
    const scope = await resolveAdminScope(this.db, actor);
    const oneTimePassword = generateOneTimePassword();
    const passwordHash = await hashPassword(oneTimePassword);
    const id = randomUUID();
    const homeOfficeId = scope.kind === 'subtree' ? scope.officeId : null;
    try {
      return await this.db.transaction().execute(async (trx) => {
        if ((await findUserByUsername(trx, input.username)) !== undefined) {
          throw usernameTaken(input.username);
        }
        const row = await insertUser(trx, {
          id,
          username: input.username,
          display_name: input.displayName,
          password_hash: passwordHash,
          must_change_password: true,
          home_office_id: homeOfficeId,
          created_at: this.clock.now(),
        });
        await this.audit(trx, actor, {
          officeIds: homeOfficeId === null ? [] : [homeOfficeId],
          action: 'user.created',
          targetIds: [id],
          details: { username: input.username },
        });
        return { user: presentUser(row, []), oneTimePassword };
      });
    } catch (error) {
      throw isUniqueViolation(error) ? usernameTaken(input.username) : error;
    }
  }

  /** The users the actor administers, each with its live grants inside the actor's scope. */
  async listUsers(actor: Actor): Promise<User[]> {
    const scope = await resolveAdminScope(this.db, actor);
    const rows = await listUsers(this.db, scopePath(scope));
    const grants = await listGrantsOfUsers(
      this.db,
      rows.map((r) => r.id),
      scopePath(scope),
    );
    return rows.map((row) => presentUser(row, grants));
  }

  /** One user the actor administers; otherwise not found. */
  async getUser(actor: Actor, userId: string): Promise<User> {
    const scope = await resolveAdminScope(this.db, actor);
    const row = await findUser(this.db, userId, scopePath(scope));
    if (row === undefined) {
      throw notFound('user');
    }
    return presentUser(row, await listGrantsOfUsers(this.db, [row.id], scopePath(scope)));
  }

  /** For the CLI (operator): the user with that username, with all its grants; null when none. */
  async findUserByUsername(username: string): Promise<User | null> {
    const row = await findUserByUsername(this.db, username.trim().toLowerCase());
    if (row === undefined) {
      return null;
    }
    return presentUser(row, await listGrantsOfUsers(this.db, [row.id], null));
  }

  /** Disables the account and ends all its sessions. Disabling a disabled account changes nothing. */
  async disableUser(actor: Actor, userId: string): Promise<User> {
    const scope = await resolveAdminScope(this.db, actor);
    return this.db.transaction().execute(async (trx) => {
      const { user, liveGrants } = await this.loadManagedUser(trx, actor, scope, userId);
      if (user.is_disabled) {
        return presentUser(user, await listGrantsOfUsers(trx, [user.id], scopePath(scope)));
      }
      const updated = await updateUser(trx, user.id, { is_disabled: true });
      await this.sessions.endAllForUser(user.id, trx);
      await this.audit(trx, actor, {
        officeIds: userChains(user, liveGrants),
        action: 'user.disabled',
        targetIds: [user.id],
      });
      return presentUser(updated, await listGrantsOfUsers(trx, [user.id], scopePath(scope)));
    });
  }

  /**
   * Re-enables a disabled account under the same scope rules as disabling it. The user signs in again with the
   * password and TOTP it had; enabling an enabled account changes nothing.
   */
  async enableUser(actor: Actor, userId: string): Promise<User> {
    const scope = await resolveAdminScope(this.db, actor);
    return this.db.transaction().execute(async (trx) => {
      const { user, liveGrants } = await this.loadManagedUser(trx, actor, scope, userId);
      if (!user.is_disabled) {
        return presentUser(user, await listGrantsOfUsers(trx, [user.id], scopePath(scope)));
      }
      const updated = await updateUser(trx, user.id, { is_disabled: false });
      await this.audit(trx, actor, {
        officeIds: userChains(user, liveGrants),
        action: 'user.enabled',
        targetIds: [user.id],
      });
      return presentUser(updated, await listGrantsOfUsers(trx, [user.id], scopePath(scope)));
    });
  }

  /**
   * Gives the account a new one-time password, clears its TOTP (the user enrols again) and ends its sessions:
   * the way back for a user who lost the password or the authenticator.
   */
  async resetUser(actor: Actor, userId: string): Promise<OneTimePasswordResult> {
    const scope = await resolveAdminScope(this.db, actor);
    const oneTimePassword = generateOneTimePassword();
    const passwordHash = await hashPassword(oneTimePassword);
    return this.db.transaction().execute(async (trx) => {
      const { user, liveGrants } = await this.loadManagedUser(trx, actor, scope, userId);
      const updated = await updateUser(trx, user.id, {
        password_hash: passwordHash,
        must_change_password: true,
        totp_secret_sealed: null,
        totp_pending_sealed: null,
        totp_last_step: null,
        failed_sign_ins: 0,
        last_failed_at: null,
      });
      await this.sessions.endAllForUser(user.id, trx);
      await this.audit(trx, actor, {
        officeIds: userChains(user, liveGrants),
        action: 'user.reset',
        targetIds: [user.id],
      });
      return {
        user: presentUser(updated, await listGrantsOfUsers(trx, [user.id], scopePath(scope))),
        oneTimePassword,
      };
    });
  }

  /**
   * An admin (or the operator) grants a role in an office of its scope. A content role is created `pending`
   * until a leader approves it; monitor, auditor and admin are active at once. `admin` only from above.
   */
  async requestGrant(actor: Actor, userId: string, input: CreateGrantInput): Promise<RoleGrant> {
    const scope = await resolveAdminScope(this.db, actor);
    return this.createGrant(actor, scope, userId, input, { kind: 'request' });
  }

  /**
   * The CLI's grant: the operator names the approving leader, who must hold an active leader grant in the
   * grant's office or an ancestor and not be the grantee. Without a leader only non-content roles are granted.
   */
  async grantWithApprover(
    operator: Actor,
    userId: string,
    input: CreateGrantInput,
    approverUserId: string | null,
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
  async approveGrant(actor: Actor, grantId: string): Promise<RoleGrant> {
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
  }

  /**
   * A leader rejects a pending grant, under the same rules as approving it. The grant ends `revoked` with the
   * leader as the one who revoked it; the reason, when given, is kept in the audit entry.
   */
  async rejectGrant(actor: Actor, grantId: string, input: RejectGrantInput): Promise<RoleGrant> {
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
  }

  /** Revokes a pending or active grant in the actor's scope (an `admin` grant only from above). */
  async revokeGrant(actor: Actor, grantId: string): Promise<RoleGrant> {
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
      .map((row) => ({
        ...presentGrant(row),
        username: row.username,
        displayName: row.display_name,
        requestedByName: row.requested_by_name,
        createdAt: toIso(row.created_at),
      }));
  }

  /**
   * The recorded first leader of the root office (a CLI step): allowed only while the root office has no
   * active leader, so it cannot be used to add leaders beside one. Should the root lose every leader (revoked
   * or disabled), nobody could approve a new one, so the same recorded step is the way back.
   */
  async bootstrapRootLeader(operator: Actor, userId: string, options: { isPrincipal: boolean }): Promise<RoleGrant> {
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
          id: randomUUID(),
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

  /** Creates a grant after every rule of DESIGN.md §1; the decision says who approves a content role. */
  private async createGrant(
    actor: Actor,
    scope: AdminScope,
    userId: string,
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
          id: randomUUID(),
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
    trx: Kysely<Database>,
    decision: GrantDecision,
    input: CreateGrantInput,
    officePath: string,
    granteeId: string,
    actor: Actor,
  ): Promise<{ status: 'active' | 'pending'; approved_by: string | null; approval_kind: string | null }> {
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
    if (!opensContent(input.role)) {
      return { status: 'active', approved_by: auditActorId(actor), approval_kind: 'direct' };
    }
    if (decision.kind === 'cli') {
      throw grantNotAllowed('content grant without an approving leader', '该角色须经本机关或上级机关领导批准。');
    }
    return { status: 'pending', approved_by: null, approval_kind: null };
  }

  /**
   * Locks and loads a pending grant that the actor, a leader in its active office, may decide (approve or
   * reject): the grant's office is the active office or below it, and the actor is neither the grantee nor
   * the requester. Anything else the leader may not see is not found.
   */
  private async loadGrantToDecide(
    trx: Kysely<Database>,
    actor: Actor,
    grantId: string,
    decision: 'approve' | 'reject',
  ): Promise<{ grant: GrantWithOffice; leaderId: string; activeOffice: OfficeRow }> {
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

  /**
   * Loads a user the admin may manage (disable, enable, reset): visible in its scope, every live grant inside the
   * scope (an `admin` grant strictly below it), and not the actor itself.
   */
  private async loadManagedUser(
    trx: Kysely<Database>,
    actor: Actor,
    scope: AdminScope,
    userId: string,
  ): Promise<{ user: UserRow; liveGrants: GrantWithOffice[] }> {
    const locked = await lockUser(trx, userId);
    const user = locked === undefined ? undefined : await findUser(trx, userId, scopePath(scope));
    if (user === undefined) {
      throw notFound('user');
    }
    if (actor.kind === 'user' && actor.userId === userId) {
      throw new AppError('FORBIDDEN', 'an admin does not disable, enable or reset itself', {
        userMessage: '不能停用、启用或重置自己的账号，请由其他管理员办理。',
      });
    }
    const liveGrants = await listLiveGrantsOfUser(trx, userId);
    const isOutside = liveGrants.some(
      (g) => !isInScope(scope, g.office_path) || (g.role === 'admin' && !isStrictlyBelowScope(scope, g.office_path)),
    );
    if (isOutside) {
      throw new AppError('FORBIDDEN', 'the user holds roles outside the admin’s scope', {
        userMessage: '该用户在本机关管理范围以外有角色，须由上级管理员办理。',
      });
    }
    return { user, liveGrants };
  }

  private async audit(
    trx: Kysely<Database>,
    actor: Actor,
    event: Omit<AuditEvent, 'actorId' | 'details'> & { details?: Record<string, unknown> },
  ): Promise<void> {
    await appendAudit(
      trx,
      {
        ...event,
        actorId: auditActorId(actor),
        details: { ...(event.details ?? {}), ...auditActorDetails(actor) },
      },
      this.clock,
    );
  }
}
