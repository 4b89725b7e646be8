import type { AccountResetRequest, CreateUserInput, User, UserId, OfficeId } from '@zhengming/contracts';
import {
  isInScope,
  isStrictlyBelowScope,
  resolveAdminScope,
  scopePath,
  type AdminScope,
} from '../../access/admin-scope.js';
import { auditingRefusals } from '../../access/refusals.js';
import { appendActorAudit, type Actor } from '../../access/actor.js';
import type { AuditEvent } from '../../audit/audit.js';
import type { UserRow } from '../../db/database.js';
import { AppError, conflict, notFound } from '../../errors.js';
import { generateOneTimePassword, hashPassword } from '../auth/passwords.js';
import type { SessionService } from '../auth/sessions.service.js';
import { isUniqueViolation } from '../offices/offices.repository.js';
import { clearReset, guardOf, type OperatorResetStep } from './account-resets.service.js';
import { presentUser } from './users.presenters.js';
import {
  findUser,
  findUserByUsername,
  insertUser,
  listGrantsOfUsers,
  listLiveGrantsOfUser,
  listUsers,
  lockUser,
  updateUser,
  type GrantWithOffice,
} from './users.repository.js';
import type { AuditWriter } from '../../audit/audit.js';
import type { Clock, Db } from '../../deps.js';
import { newUserId } from '../../db/ids.js';

export interface UserServiceDeps {
  db: Db;
  clock: Clock;
  audit: AuditWriter;
  sessions: SessionService;
}

/** A new or reset account and the one-time password to hand over (never stored, never audited). */
export interface OneTimePasswordResult {
  user: User;
  oneTimePassword: string;
}

/** What a reset did: reset the account now, or opened (or found) a request that waits for a leader. */
export type ResetOutcome =
  ({ kind: 'done' } & OneTimePasswordResult) | { kind: 'pending'; user: User; resetRequest: AccountResetRequest };

const usernameTaken = (username: string): AppError => conflict(`username ${username}`, '用户名已被使用。');

/**
 * The audit chains of an event about a user account: the offices of its live grants and the office it was
 * created in (the system chain when it has none), so each office's auditor sees what happened to its people.
 */
function userChains(user: UserRow, liveGrants: readonly GrantWithOffice[]): OfficeId[] {
  const ids = new Set(liveGrants.map((g) => g.office_id));
  if (user.home_office_id !== null) {
    ids.add(user.home_office_id);
  }
  return [...ids];
}

/**
 * User accounts (docs/ACCESS.md): created, listed, disabled, enabled and reset by an `admin` in the subtree of its
 * active office, or by the operator (CLI) everywhere. Role grants are GrantService's (grants.service.ts).
 */
export class UserService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly auditWriter: AuditWriter;
  private readonly sessions: SessionService;

  constructor({ db, clock, audit, sessions }: UserServiceDeps) {
    this.db = db;
    this.clock = clock;
    this.auditWriter = audit;
    this.sessions = sessions;
  }

  /** Creates an account that must change its one-time password at first sign-in; it holds no role yet. */
  async createUser(actor: Actor, input: CreateUserInput): Promise<OneTimePasswordResult> {
    const scope = await resolveAdminScope(this.db, actor);
    const oneTimePassword = generateOneTimePassword();
    const passwordHash = await hashPassword(oneTimePassword);
    const id = newUserId();
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
  async getUser(actor: Actor, userId: UserId): Promise<User> {
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
  async disableUser(actor: Actor, userId: UserId): Promise<User> {
    return auditingRefusals(
      this.db,
      this.auditWriter,
      actor,
      { name: 'user.disable', targetIds: [userId] },
      async () => {
        const scope = await resolveAdminScope(this.db, actor);
        return this.db.transaction().execute(async (trx) => {
          const { user, liveGrants } = await this.loadManagedUser(trx, actor, scope, userId);
          if (user.is_disabled) {
            return this.present(trx, user, scope);
          }
          const updated = await updateUser(trx, user.id, { is_disabled: true });
          await this.sessions.endAllForUser(user.id, trx);
          await this.audit(trx, actor, {
            officeIds: userChains(user, liveGrants),
            action: 'user.disabled',
            targetIds: [user.id],
          });
          return this.present(trx, updated, scope);
        });
      },
    );
  }

  /**
   * Re-enables a disabled account under the same scope rules as disabling it. The user signs in again with the
   * password and TOTP it had; enabling an enabled account changes nothing.
   */
  async enableUser(actor: Actor, userId: UserId): Promise<User> {
    return auditingRefusals(
      this.db,
      this.auditWriter,
      actor,
      { name: 'user.enable', targetIds: [userId] },
      async () => {
        const scope = await resolveAdminScope(this.db, actor);
        return this.db.transaction().execute(async (trx) => {
          const { user, liveGrants } = await this.loadManagedUser(trx, actor, scope, userId);
          if (!user.is_disabled) {
            return this.present(trx, user, scope);
          }
          const updated = await updateUser(trx, user.id, { is_disabled: false });
          await this.audit(trx, actor, {
            officeIds: userChains(user, liveGrants),
            action: 'user.enabled',
            targetIds: [user.id],
          });
          return this.present(trx, updated, scope);
        });
      },
    );
  }

  /**
   * Gives the account a new one-time password, clears its TOTP (the user enrols again) and ends its sessions:
   * the way back for a user who lost the password or the authenticator. An account holding a content role or
   * `auditor` is guarded (account-resets.service.ts): an admin's first call opens a request for a leader's
   * approval and changes nothing (`pending`); once a leader approved, the same admin's call resets it. The
   * operator names the approving leader (`approvedBy`), or — only where no leader could approve — resets it as
   * an audited break-glass step with a reason.
   */
  async resetUser(actor: Actor, userId: UserId, operatorStep: OperatorResetStep = {}): Promise<ResetOutcome> {
    return auditingRefusals(this.db, this.auditWriter, actor, { name: 'user.reset', targetIds: [userId] }, async () => {
      const scope = await resolveAdminScope(this.db, actor);
      const oneTimePassword = generateOneTimePassword();
      const passwordHash = await hashPassword(oneTimePassword);
      return this.db.transaction().execute(async (trx): Promise<ResetOutcome> => {
        const { user, liveGrants } = await this.loadManagedUser(trx, actor, scope, userId);
        const chains = userChains(user, liveGrants);
        const clearance = await clearReset(
          trx,
          this.auditWriter,
          actor,
          user.id,
          chains,
          guardOf(liveGrants),
          operatorStep,
        );
        if (clearance.kind === 'pending') {
          return { kind: 'pending', user: await this.present(trx, user, scope), resetRequest: clearance.resetRequest };
        }
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
          officeIds: chains,
          action: clearance.isBreakGlass ? 'user.reset_break_glass' : 'user.reset',
          targetIds: [user.id],
          details: clearance.details,
        });
        return { kind: 'done', user: await this.present(trx, updated, scope), oneTimePassword };
      });
    });
  }

  private async present(trx: Db, row: UserRow, scope: AdminScope): Promise<User> {
    return presentUser(row, await listGrantsOfUsers(trx, [row.id], scopePath(scope)));
  }

  /**
   * Loads a user the admin may manage (disable, enable, reset): visible in its scope, every live grant inside the
   * scope (an `admin` grant strictly below it), and not the actor itself.
   */
  private async loadManagedUser(
    trx: Db,
    actor: Actor,
    scope: AdminScope,
    userId: UserId,
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

  private async audit(trx: Db, actor: Actor, event: Omit<AuditEvent, 'actorId'>): Promise<void> {
    await appendActorAudit(trx, actor, event, this.auditWriter);
  }
}
