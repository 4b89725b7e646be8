import { appendAudit } from '../../audit/audit.js';
import { AppError } from '../../errors.js';
import { recordUserFailure, type SignInUser } from './auth.repository.js';
import type { SessionService } from './sessions.service.js';
import { SignInThrottle, type ClaimResult, type ThrottleClaim } from './sign-in-throttle.js';
import { ThrottledAttempts } from './throttled-attempts.js';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../access/auth-context.js';

/**
 * Why a sign-in step failed, as recorded in the audit log (never the password or code itself). Attempts refused
 * only for coming too soon are tallied instead (throttled-attempts.ts).
 */
export type FailureReason = 'unknown_user' | 'wrong_password' | 'disabled' | 'wrong_code' | 'reused_code';
/** The step of a session in which an attempt failed. */
export type FailureStage = 'password' | 'password_change' | 'totp_enrolment' | 'totp';

/** The refusal of an attempt made before the delay is over, with the wait in words the user reads. */
export function tooManyAttempts(retryAfterMs: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const wait = seconds < 120 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
  return new AppError('TOO_MANY_ATTEMPTS', `throttled for ${seconds} s`, {
    userMessage: `尝试次数过多，请在 ${wait}后再试。`,
  });
}

/**
 * The accounting of sign-in attempts: every attempt is counted for the progressive delay (SignInThrottle) before
 * its password or code is checked; every one refused for a wrong answer is audited in its own transaction and
 * counted on the user's row, and those refused only for coming too soon are tallied (ThrottledAttempts) into one
 * audit entry per client address, username and window.
 */
export class SignInAttempts {
  private readonly throttle: SignInThrottle;
  private readonly throttled: ThrottledAttempts;

  constructor(
    private readonly deps: Pick<AppDeps, 'db' | 'key' | 'clock' | 'audit'>,
    private readonly sessions: SessionService,
  ) {
    this.throttle = new SignInThrottle(deps.db, deps.key, deps.clock);
    this.throttled = new ThrottledAttempts(deps, sessions, (username) => this.throttle.usernameKey(username));
  }

  /**
   * Counts a password attempt for the username and the address; while either must wait, tallies the attempt
   * (the same work whether the username exists or not) and says how long.
   */
  async claimPassword(username: string, address: string): Promise<ClaimResult> {
    const claimed = await this.throttle.claim(username, address);
    if (!claimed.ok) {
      await this.throttled.note(username, address, 'password');
    }
    return claimed;
  }

  /** Counts an attempt of a signed-in step, or refuses it (tallied) while the user or address must wait. */
  async claimStep(auth: AuthContext, stage: FailureStage, address: string): Promise<ThrottleClaim> {
    const claimed = await this.throttle.claim(auth.username, address);
    if (!claimed.ok) {
      await this.throttled.note(auth.username, address, stage);
      throw tooManyAttempts(claimed.retryAfterMs);
    }
    return claimed.claim;
  }

  /** Writes the tallies of throttled attempts whose window has ended (`all`: every one, when the app closes). */
  flushThrottled(all: boolean): Promise<void> {
    return this.throttled.flush(all);
  }

  /** Takes back a counted attempt whose answer was right, without clearing earlier failures. */
  release(claim: ThrottleClaim): Promise<void> {
    return this.throttle.release(claim);
  }

  /** Forgets the failures of the username and the address: the user completed their sign-in. */
  clear(claim: ThrottleClaim): Promise<void> {
    return this.throttle.clear(claim);
  }

  /** A refused password sign-in: unknown usernames go to the system chain under their keyed hash only. */
  async recordPasswordFailure(
    user: SignInUser | undefined,
    username: string,
    reason: FailureReason,
    address: string,
  ): Promise<void> {
    const { db, clock, audit } = this.deps;
    await db.transaction().execute(async (trx) => {
      if (user !== undefined) {
        await recordUserFailure(trx, user.id, clock.now());
      }
      await appendAudit(
        trx,
        {
          actorId: null,
          officeIds: user === undefined ? [] : await this.sessions.officeIdsOf(user.id, trx),
          action: 'auth.sign_in_failed',
          targetIds: user === undefined ? [] : [user.id],
          details: {
            stage: 'password',
            reason,
            address,
            ...(user === undefined ? { usernameKey: this.throttle.usernameKey(username) } : {}),
          },
        },
        audit,
      );
    });
  }

  /** A refused step of a session whose user is known (wrong current password, wrong or reused code). */
  async recordStepFailure(
    auth: AuthContext,
    stage: FailureStage,
    reason: FailureReason,
    address: string,
  ): Promise<void> {
    const { db, clock, audit } = this.deps;
    await db.transaction().execute(async (trx) => {
      await recordUserFailure(trx, auth.userId, clock.now());
      await appendAudit(
        trx,
        {
          actorId: auth.userId,
          officeIds: await this.sessions.officeIdsOf(auth.userId, trx),
          action: auth.step === null ? 'auth.password_change_failed' : 'auth.sign_in_failed',
          targetIds: [auth.userId],
          details: { stage, reason, address },
        },
        audit,
      );
    });
  }
}
