import { appendAudit, type AuditWriter } from '../../audit/audit.js';
import { findUserByUsername } from './auth.repository.js';
import type { SessionService } from './sessions.service.js';
import type { Clock, Db } from '../../deps.js';

/** Throttled attempts are tallied per client address and username over windows of this length. */
export const THROTTLE_AUDIT_WINDOW_MS = 15 * 60_000;
/** Tallies kept in memory at most; beyond it, further throttled attempts of the window are tallied together. */
const MAX_TALLIES = 10_000;
/** The key of the shared tally that takes attempts once `MAX_TALLIES` is reached. */
const OVERFLOW = '\u0000overflow';

/** A step in which an attempt was refused only for coming too soon. */
export type ThrottledStage = 'password' | 'password_change' | 'totp_enrolment' | 'totp';

interface Tally {
  windowStart: number;
  address: string;
  /** The normalised username (in memory only; the audit entry has the user's id, or the keyed hash). */
  username: string;
  count: number;
  stages: Set<ThrottledStage>;
}

/**
 * Attempts refused by the sign-in throttle, counted rather than each audited (issue 10, finding 4): an
 * anonymous caller repeating a throttled sign-in used to write one audit entry per request — and one per office
 * chain for a known username — so anyone could flood the log. Now a throttled attempt only adds one to a tally
 * in memory, the same work for a known and an unknown username; each tally (client address × username × window)
 * becomes one `auth.sign_in_throttled` entry with its count when its window has ended — written on the next
 * attempt after that, by the app's timer, or when the app closes. The attempts that are not throttled (wrong
 * password or code) are still audited one by one; they are few, because the throttle delays them.
 */
export class ThrottledAttempts {
  private readonly tallies = new Map<string, Tally>();
  /** The start of the oldest window with a tally, so that a throttled attempt need not look at every tally. */
  private oldestWindowStart = Infinity;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: { db: Db; clock: Clock; audit: AuditWriter },
    private readonly sessions: SessionService,
    private readonly usernameKey: (username: string) => string,
  ) {}

  /** Tallies a throttled attempt; writes the tallies of windows that have ended, if any. */
  async note(username: string, address: string, stage: ThrottledStage): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const windowStart = now - (now % THROTTLE_AUDIT_WINDOW_MS);
    let key = `${windowStart}\u0000${address}\u0000${username}`;
    if (!this.tallies.has(key) && this.tallies.size >= MAX_TALLIES) {
      key = `${windowStart}${OVERFLOW}`;
    }
    const tally = this.tallies.get(key) ?? {
      windowStart,
      address: key.endsWith(OVERFLOW) ? '*' : address,
      username: key.endsWith(OVERFLOW) ? '' : username,
      count: 0,
      stages: new Set<ThrottledStage>(),
    };
    tally.count += 1;
    tally.stages.add(stage);
    this.tallies.set(key, tally);
    this.oldestWindowStart = Math.min(this.oldestWindowStart, windowStart);
    if (this.oldestWindowStart + THROTTLE_AUDIT_WINDOW_MS <= now) {
      await this.flush(false);
    }
  }

  /** Writes the tallies whose window has ended (`all`: every tally, when the app closes). */
  flush(all: boolean): Promise<void> {
    // One flush at a time, so a tally is never written twice; a failed one does not stop the next.
    const run = this.flushing.then(() => this.write(all));
    this.flushing = run.catch(() => undefined);
    return run;
  }

  private async write(all: boolean): Promise<void> {
    const now = this.deps.clock.now().getTime();
    try {
      for (const [key, tally] of [...this.tallies]) {
        if (!all && tally.windowStart + THROTTLE_AUDIT_WINDOW_MS > now) {
          continue;
        }
        this.tallies.delete(key);
        await this.writeTally(tally);
      }
    } finally {
      this.oldestWindowStart = Math.min(Infinity, ...[...this.tallies.values()].map((t) => t.windowStart));
    }
  }

  private async writeTally(tally: Tally): Promise<void> {
    const { db, audit } = this.deps;
    const user = tally.username === '' ? undefined : await findUserByUsername(db, tally.username);
    await db.transaction().execute(async (trx) => {
      await appendAudit(
        trx,
        {
          actorId: null,
          officeIds: user === undefined ? [] : await this.sessions.officeIdsOf(user.id, trx),
          action: 'auth.sign_in_throttled',
          targetIds: user === undefined ? [] : [user.id],
          details: {
            address: tally.address,
            count: tally.count,
            stages: [...tally.stages].sort(),
            windowStart: new Date(tally.windowStart).toISOString(),
            windowEnd: new Date(tally.windowStart + THROTTLE_AUDIT_WINDOW_MS).toISOString(),
            ...(user === undefined && tally.username !== '' ? { usernameKey: this.usernameKey(tally.username) } : {}),
            ...(tally.username === '' ? { overflow: true } : {}),
          },
        },
        audit,
      );
    });
  }
}
