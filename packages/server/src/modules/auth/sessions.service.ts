import { createHash, randomBytes } from 'node:crypto';
import { LIMITS, type OfficeMembership, type SignInStep, type UserId, type OfficeId } from '@zhengming/contracts';
import type { AuthContext } from '../../access/auth-context.js';
import type { Clock, Db } from '../../deps.js';
import {
  endSession,
  endSessionsOfUser,
  findSessionWithUser,
  insertSession,
  listActiveGrantsWithOffices,
  updateSession,
  deleteUnusableSessions,
} from './sessions.repository.js';

/** The stored form of a session token: its SHA-256, so a copy of the database holds no usable token. */
export const hashSessionToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const minutes = (n: number): number => n * 60_000;

/** Sessions stored in the database, so any app instance can serve any request. */
/** Unusable sessions are deleted at most this often per app instance. */
export const SESSION_PURGE_EVERY_MS = 60 * 60_000;

export class SessionService {
  private lastPurgedAt = -Infinity;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /**
   * Deletes sessions that can no longer be used (ended, expired, idle too long), at most once an hour per app
   * instance, on a sign-in. Housekeeping, not an event of anyone's account: the sign-ins and sign-outs are in the
   * audit log, so nothing of record is lost. Returns how many were deleted (0 when it was not yet time).
   */
  async purgeUnusable(): Promise<number> {
    const now = this.clock.now();
    if (now.getTime() - this.lastPurgedAt < SESSION_PURGE_EVERY_MS) {
      return 0;
    }
    this.lastPurgedAt = now.getTime();
    return deleteUnusableSessions(this.db, now, new Date(now.getTime() - minutes(LIMITS.sessionIdleMinutes)));
  }

  /**
   * Starts a session with a fresh 256-bit token (rotation: a new token at every sign-in), active in the user's
   * first office. Pass the transaction of the sign-in's audit entry as `executor`.
   */
  async create(
    userId: UserId,
    step: SignInStep | null,
    executor: Db = this.db,
  ): Promise<{ token: string; tokenHash: string }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const memberships = await this.membershipsOf(userId, executor);
    await insertSession(executor, {
      token_hash: hashSessionToken(token),
      user_id: userId,
      step,
      csrf_token: randomBytes(32).toString('base64url'),
      active_office_id: memberships[0]?.officeId ?? null,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + minutes(LIMITS.sessionAbsoluteMinutes)),
    });
    return { token, tokenHash: hashSessionToken(token) };
  }

  /**
   * Resolves a cookie token to its context, or null when the session is unknown, ended, idle for more than
   * 30 minutes, past its 12-hour limit, or its user disabled. Touches the idle timer.
   */
  async authenticate(token: string | undefined): Promise<AuthContext | null> {
    if (token === undefined || token.length < 20 || token.length > 100) {
      return null;
    }
    return this.resolve(hashSessionToken(token), true);
  }

  /**
   * The context of a session by its token hash, under the same validity rules as `authenticate`, without touching
   * the idle timer (for answering with the session's state after a change).
   */
  async describe(tokenHash: string): Promise<AuthContext | null> {
    return this.resolve(tokenHash, false);
  }

  private async resolve(tokenHash: string, isTouch: boolean): Promise<AuthContext | null> {
    const row = await findSessionWithUser(this.db, tokenHash);
    const now = this.clock.now();
    if (
      row === undefined ||
      row.ended_at !== null ||
      row.is_disabled ||
      new Date(row.expires_at).getTime() <= now.getTime() ||
      new Date(row.last_seen_at).getTime() + minutes(LIMITS.sessionIdleMinutes) <= now.getTime()
    ) {
      return null;
    }
    if (isTouch) {
      await updateSession(this.db, tokenHash, { last_seen_at: now });
    }
    const memberships = await this.membershipsOf(row.user_id);
    const active = memberships.find((m) => m.officeId === row.active_office_id) ?? null;
    return {
      tokenHash,
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      step: row.step,
      csrfToken: row.csrf_token,
      activeOfficeId: active?.officeId ?? null,
      activeRoles: active?.roles ?? [],
      isPrincipal: active?.isPrincipal ?? false,
      memberships,
    };
  }

  /** The offices where the user holds active roles, with those roles. */
  async membershipsOf(userId: UserId, executor: Db = this.db): Promise<OfficeMembership[]> {
    const rows = await listActiveGrantsWithOffices(executor, userId);
    const byOffice = new Map<string, OfficeMembership>();
    for (const row of rows) {
      const membership = byOffice.get(row.id) ?? {
        officeId: row.id,
        officeName: row.name,
        level: row.level,
        roles: [],
        isPrincipal: false,
      };
      membership.roles.push(row.role);
      membership.isPrincipal ||= row.role === 'leader' && row.is_principal;
      byOffice.set(row.id, membership);
    }
    return [...byOffice.values()];
  }

  /** The offices of the user's active roles: the audit chains of its own events (none: the system chain). */
  async officeIdsOf(userId: UserId, executor: Db = this.db): Promise<OfficeId[]> {
    return (await this.membershipsOf(userId, executor)).map((m) => m.officeId);
  }

  /** Moves a session to its next sign-in step (null: fully signed in). */
  async setStep(tokenHash: string, step: SignInStep | null, executor: Db = this.db): Promise<void> {
    await updateSession(executor, tokenHash, { step });
  }

  /** Makes `officeId` the session's active office; the caller checks that the user holds a role there. */
  async setActiveOffice(tokenHash: string, officeId: OfficeId, executor: Db = this.db): Promise<void> {
    await updateSession(executor, tokenHash, { active_office_id: officeId });
  }

  /** Ends one session (sign-out, or the session a new sign-in replaces). */
  async end(tokenHash: string, executor: Db = this.db): Promise<void> {
    await endSession(executor, tokenHash, this.clock.now());
  }

  /**
   * Ends every session of a user (disabled, password reset). Pass the transaction of the change as `executor`
   * so the sessions end together with it.
   */
  async endAllForUser(userId: UserId, executor: Db = this.db): Promise<void> {
    await endSessionsOfUser(executor, userId, this.clock.now());
  }

  /** Ends every session of a user except one (the user changed their password in `keepTokenHash`). */
  async endOtherSessions(userId: UserId, keepTokenHash: string, executor: Db = this.db): Promise<void> {
    await endSessionsOfUser(executor, userId, this.clock.now(), keepTokenHash);
  }
}
