import type {
  ChangePasswordInput,
  SessionResponse,
  SignInInput,
  SignInStep,
  TotpEnrolment,
  OfficeId,
} from '@zhengming/contracts';
import { appendAudit } from '../../audit/audit.js';
import { AppError, notFound, unauthenticated } from '../../errors.js';
import { open, seal } from '../../keys/keys.js';
import {
  confirmPendingTotp,
  findUserByUsername,
  getUserById,
  storePendingTotp,
  updatePasswordHash,
  useTotpStep,
  type SignInUser,
} from './auth.repository.js';
import {
  assertPasswordPolicy,
  dummyPasswordHash,
  hashPassword,
  normalizePassword,
  verifyPassword,
} from './passwords.js';
import type { SessionService } from './sessions.service.js';
import { SignInAttempts, tooManyAttempts, type FailureStage } from './sign-in-attempts.js';
import { describeTotpEnrolment, generateTotpSecret, matchTotpStep } from './totp.js';
import type { AppDeps, Db } from '../../deps.js';
import type { AuthContext } from '../../access/auth-context.js';

/** The AES-GCM context the TOTP secret (pending or confirmed) is sealed under. */
const TOTP_SEAL_CONTEXT = 'users.totp_secret';

/** Where a request comes from: its address (for the delay per address) and the session it presented, if any. */
export interface ClientInfo {
  address: string;
  presented: AuthContext | null;
}

/** A session after a change; `token` is set when a new session replaced the presented one (set the cookie). */
export interface SessionOutcome {
  context: AuthContext;
  token?: string;
}

/** The session as the API returns it. */
export function presentSession(context: AuthContext): SessionResponse {
  return {
    user: { id: context.userId, username: context.username, displayName: context.displayName },
    step: context.step,
    csrfToken: context.csrfToken,
    memberships: context.memberships,
    activeOfficeId: context.activeOfficeId,
  };
}

/** The step a session starts in after a right password: change a one-time password, then enrol or verify TOTP. */
function firstStep(user: SignInUser): SignInStep {
  if (user.mustChangePassword) {
    return 'password_change';
  }
  return user.totpSecretSealed === null ? 'totp_enrolment' : 'totp';
}

const invalidCredentials = (): AppError => new AppError('INVALID_CREDENTIALS', 'sign-in refused');
const invalidTotp = (why: string): AppError => new AppError('INVALID_TOTP', why);

/**
 * Sign-in with password and TOTP, the password change, TOTP enrolment, sign-out and the office switch. Every
 * outcome, failures included, is audited in the transaction of its change; no password or code reaches the log.
 */
export class AuthService {
  private readonly attempts: SignInAttempts;

  constructor(
    private readonly deps: Pick<AppDeps, 'db' | 'key' | 'clock' | 'audit'>,
    private readonly sessions: SessionService,
  ) {
    this.attempts = new SignInAttempts(deps, sessions);
    // Computed now, so that the first unknown username is not told apart by an extra hashing.
    void dummyPasswordHash();
  }

  /** Writes the tallies of throttled sign-in attempts whose window ended (`all` when the app closes). */
  flushThrottledAttempts(all: boolean): Promise<void> {
    return this.attempts.flushThrottled(all);
  }

  /**
   * Checks username and password. Unknown user, wrong password and disabled user get the same answer after the
   * same work (a hash is verified in every case). On success the presented session, if any, ends and a new one
   * starts in its first step; TOTP is always still to do.
   */
  async signIn(input: SignInInput, client: ClientInfo): Promise<SessionOutcome> {
    const username = input.username.normalize('NFKC').toLowerCase();
    const claimed = await this.attempts.claimPassword(username, client.address);
    if (!claimed.ok) {
      throw tooManyAttempts(claimed.retryAfterMs);
    }
    const user = await findUserByUsername(this.deps.db, username);
    const isPasswordRight = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
    if (user === undefined || user.isDisabled || !isPasswordRight) {
      const reason = user === undefined ? 'unknown_user' : user.isDisabled ? 'disabled' : 'wrong_password';
      await this.attempts.recordPasswordFailure(user, username, reason, client.address);
      throw invalidCredentials();
    }
    await this.attempts.release(claimed.claim);
    await this.sessions.purgeUnusable();
    const step = firstStep(user);
    const created = await this.deps.db.transaction().execute(async (trx) => {
      if (client.presented !== null) {
        await this.sessions.end(client.presented.tokenHash, trx);
      }
      const session = await this.sessions.create(user.id, step, trx);
      await appendAudit(
        trx,
        {
          actorId: user.id,
          officeIds: await this.sessions.officeIdsOf(user.id, trx),
          action: 'auth.sign_in_started',
          targetIds: [user.id],
          details: { step, address: client.address },
        },
        this.deps.audit,
      );
      return session;
    });
    return this.outcome(created.tokenHash, created.token);
  }

  /**
   * Changes the password of the session's user: the current one must be right (a wrong one counts for the delay),
   * the new one must pass the policy and differ. During sign-in the session moves on to TOTP; a signed-in user's
   * other sessions end.
   */
  async changePassword(auth: AuthContext, input: ChangePasswordInput, client: ClientInfo): Promise<SessionOutcome> {
    const claim = await this.attempts.claimStep(auth, 'password_change', client.address);
    const user = await getUserById(this.deps.db, auth.userId);
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      await this.attempts.recordStepFailure(auth, 'password_change', 'wrong_password', client.address);
      throw invalidCredentials();
    }
    await this.attempts.release(claim);
    assertPasswordPolicy(input.newPassword, { username: user.username, displayName: user.displayName });
    if (normalizePassword(input.newPassword) === normalizePassword(input.currentPassword)) {
      throw new AppError('WEAK_PASSWORD', 'new password equals the current one', {
        userMessage: '新密码不能与当前密码相同。',
        details: [{ path: 'newPassword', message: '新密码不能与当前密码相同。' }],
      });
    }
    const passwordHash = await hashPassword(input.newPassword);
    const isDuringSignIn = auth.step === 'password_change';
    await this.deps.db.transaction().execute(async (trx) => {
      await updatePasswordHash(trx, user.id, passwordHash);
      if (isDuringSignIn) {
        await this.sessions.setStep(auth.tokenHash, user.totpSecretSealed === null ? 'totp_enrolment' : 'totp', trx);
      }
      await this.sessions.endOtherSessions(user.id, auth.tokenHash, trx);
      await appendAudit(
        trx,
        {
          actorId: user.id,
          officeIds: await this.sessions.officeIdsOf(user.id, trx),
          action: 'auth.password_changed',
          targetIds: [user.id],
          details: { duringSignIn: isDuringSignIn, address: client.address },
        },
        this.deps.audit,
      );
    });
    return this.outcome(auth.tokenHash);
  }

  /**
   * The TOTP secret to enrol, as text, otpauth URL and QR code. A pending secret is kept until confirmed, so
   * reloading the page shows the same one; a new one is generated (and audited) only when none is pending.
   */
  async startTotpEnrolment(auth: AuthContext): Promise<TotpEnrolment> {
    const { key, db, audit } = this.deps;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const user = await getUserById(db, auth.userId);
      if (user.totpSecretSealed !== null) {
        throw new AppError('STEP_REQUIRED', 'TOTP is already enrolled; sign in again');
      }
      if (user.totpPendingSealed !== null) {
        return describeTotpEnrolment(open(key, user.totpPendingSealed, TOTP_SEAL_CONTEXT), user.username);
      }
      const secret = generateTotpSecret();
      const isStored = await db.transaction().execute(async (trx) => {
        if (!(await storePendingTotp(trx, user.id, seal(key, secret, TOTP_SEAL_CONTEXT)))) {
          return false;
        }
        await appendAudit(
          trx,
          {
            actorId: user.id,
            officeIds: await this.sessions.officeIdsOf(user.id, trx),
            action: 'auth.totp_enrolment_started',
            targetIds: [user.id],
          },
          audit,
        );
        return true;
      });
      if (isStored) {
        return describeTotpEnrolment(secret, user.username);
      }
      // Another request stored a pending secret first: show that one.
    }
    throw new AppError('INTERNAL', 'pending TOTP secret changed twice during enrolment');
  }

  /** Confirms the pending secret with a code from the authenticator; the sign-in is then complete. */
  async confirmTotpEnrolment(auth: AuthContext, code: string, client: ClientInfo): Promise<SessionOutcome> {
    const claim = await this.attempts.claimStep(auth, 'totp_enrolment', client.address);
    const user = await getUserById(this.deps.db, auth.userId);
    if (user.totpPendingSealed === null) {
      await this.attempts.release(claim);
      throw notFound('pending TOTP enrolment');
    }
    const pending = user.totpPendingSealed;
    const step = matchTotpStep(open(this.deps.key, pending, TOTP_SEAL_CONTEXT), code, this.deps.clock.now());
    const failure = this.codeFailure(step, user.totpLastStep);
    if (failure !== null || step === null) {
      await this.attempts.recordStepFailure(auth, 'totp_enrolment', failure ?? 'wrong_code', client.address);
      throw invalidTotp(failure ?? 'wrong_code');
    }
    const outcome = await this.completeSignIn(auth, client, 'totp_enrolment', async (trx) => {
      if (!(await confirmPendingTotp(trx, user.id, pending, step))) {
        return false;
      }
      await appendAudit(
        trx,
        {
          actorId: user.id,
          officeIds: await this.sessions.officeIdsOf(user.id, trx),
          action: 'auth.totp_enrolled',
          targetIds: [user.id],
        },
        this.deps.audit,
      );
      return true;
    });
    await this.attempts.clear(claim);
    return outcome;
  }

  /** Checks the TOTP code of an enrolled user; a code (time step) works once. The sign-in is then complete. */
  async verifyTotp(auth: AuthContext, code: string, client: ClientInfo): Promise<SessionOutcome> {
    const claim = await this.attempts.claimStep(auth, 'totp', client.address);
    const user = await getUserById(this.deps.db, auth.userId);
    if (user.totpSecretSealed === null) {
      await this.attempts.release(claim);
      throw new AppError('STEP_REQUIRED', 'TOTP is not enrolled');
    }
    const step = matchTotpStep(
      open(this.deps.key, user.totpSecretSealed, TOTP_SEAL_CONTEXT),
      code,
      this.deps.clock.now(),
    );
    const failure = this.codeFailure(step, user.totpLastStep);
    if (failure !== null || step === null) {
      await this.attempts.recordStepFailure(auth, 'totp', failure ?? 'wrong_code', client.address);
      throw invalidTotp(failure ?? 'wrong_code');
    }
    const outcome = await this.completeSignIn(auth, client, 'totp', (trx) => useTotpStep(trx, user.id, step));
    await this.attempts.clear(claim);
    return outcome;
  }

  /** Ends the session. */
  async signOut(auth: AuthContext, client: ClientInfo): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await this.sessions.end(auth.tokenHash, trx);
      await appendAudit(
        trx,
        {
          actorId: auth.userId,
          officeIds: await this.sessions.officeIdsOf(auth.userId, trx),
          action: 'auth.signed_out',
          targetIds: [auth.userId],
          details: { duringSignIn: auth.step !== null, address: client.address },
        },
        this.deps.audit,
      );
    });
  }

  /**
   * Makes another office the active one. Only an office where the user holds an active role; any other id gets
   * the same "not found" as one that does not exist. Audited in the chains of both offices.
   */
  async switchOffice(auth: AuthContext, officeId: OfficeId): Promise<SessionOutcome> {
    if (!auth.memberships.some((m) => m.officeId === officeId)) {
      throw notFound('office');
    }
    await this.deps.db.transaction().execute(async (trx) => {
      await this.sessions.setActiveOffice(auth.tokenHash, officeId, trx);
      await appendAudit(
        trx,
        {
          actorId: auth.userId,
          officeIds: auth.activeOfficeId === null ? [officeId] : [auth.activeOfficeId, officeId],
          action: 'auth.office_switched',
          targetIds: [officeId],
          details: { from: auth.activeOfficeId, to: officeId },
        },
        this.deps.audit,
      );
    });
    return this.outcome(auth.tokenHash);
  }

  // ── helpers ─────────────────────────────────────────────────────────────────

  /** Why a matched time step cannot be used: no match, or not later than the last step used (a replay). */
  private codeFailure(step: number | null, lastStep: number | null): 'wrong_code' | 'reused_code' | null {
    if (step === null) {
      return 'wrong_code';
    }
    return lastStep !== null && step <= lastStep ? 'reused_code' : null;
  }

  /**
   * Finishes a sign-in: runs `change` (false when a concurrent request won, which then counts as a reused code),
   * and replaces the step session with a new, fully signed-in one — a fresh token once both factors are proven.
   */
  private async completeSignIn(
    auth: AuthContext,
    client: ClientInfo,
    stage: FailureStage,
    change: (trx: Db) => Promise<boolean>,
  ): Promise<SessionOutcome> {
    const created = await this.deps.db.transaction().execute(async (trx) => {
      if (!(await change(trx))) {
        return null;
      }
      await this.sessions.end(auth.tokenHash, trx);
      const session = await this.sessions.create(auth.userId, null, trx);
      await appendAudit(
        trx,
        {
          actorId: auth.userId,
          officeIds: await this.sessions.officeIdsOf(auth.userId, trx),
          action: 'auth.sign_in_completed',
          targetIds: [auth.userId],
          details: { stage, address: client.address },
        },
        this.deps.audit,
      );
      return session;
    });
    if (created === null) {
      await this.attempts.recordStepFailure(auth, stage, 'reused_code', client.address);
      throw invalidTotp('reused_code');
    }
    return this.outcome(created.tokenHash, created.token);
  }

  private async outcome(tokenHash: string, token?: string): Promise<SessionOutcome> {
    const context = await this.sessions.describe(tokenHash);
    if (context === null) {
      throw unauthenticated();
    }
    return token === undefined ? { context } : { context, token };
  }
}
