import { createHmac, hkdfSync } from 'node:crypto';
import type { DataKey } from '../../keys/keys.js';
import {
  decrementUsernameCounter,
  deleteCountersBefore,
  deleteUsernameCounter,
  lockUsernameCounter,
  setUsernameCounter,
} from './sign-in-throttle.repository.js';
import type { Clock, Db } from '../../deps.js';

/** Failures per username allowed without delay; each further attempt waits 1 s, 2 s, 4 s … after the last. */
export const USERNAME_FREE_FAILURES = 3;
/**
 * Failures per client address allowed without delay. Higher than per username because the staff of an office
 * usually reach the server from one NAT address, and their typing slips must not slow each other down; the
 * per-username count still protects every single account from the third failure on.
 */
export const ADDRESS_FREE_FAILURES = 10;
/** The delay never grows beyond 15 minutes. */
export const MAX_DELAY_MS = 15 * 60_000;
/** Address counters kept in memory at most; the oldest are forgotten first. */
const MAX_ADDRESSES = 10_000;
/**
 * A username's counter is forgotten after a day without a counted attempt. Every counted attempt renews it, so
 * someone guessing steadily — at most one try per 15 minutes once delayed — never gets a fresh start; the rows
 * forgotten are those of mistyped or made-up names nobody tries again, which would otherwise pile up.
 */
export const FORGET_AFTER_MS = 24 * 60 * 60_000;
/** Each app instance sweeps forgotten counters at most once an hour, on a sign-in attempt. */
export const SWEEP_EVERY_MS = 60 * 60_000;

/** How long to wait after the last failure when `failures` have been counted (0 while within the free ones). */
export function delayAfter(failures: number, freeFailures: number): number {
  if (failures < freeFailures) {
    return 0;
  }
  return Math.min(1000 * 2 ** (failures - freeFailures), MAX_DELAY_MS);
}

/** A counted attempt: released when the step succeeded, cleared when the whole sign-in did. */
export interface ThrottleClaim {
  usernameKey: string;
  address: string;
}

export type ClaimResult = { ok: true; claim: ThrottleClaim } | { ok: false; retryAfterMs: number };

interface AddressCounter {
  failures: number;
  lastAt: number;
}

/**
 * The progressive delay of sign-in attempts, per username (table sign_in_throttle, so every app instance shares
 * it; unknown usernames are counted too) and per client address (in this instance's memory).
 *
 * An attempt is counted *before* its password or code is checked, in a transaction holding the row lock, so that
 * parallel attempts cannot all slip through the same opening; a correct answer then takes its count back
 * (`release`), and a completed sign-in clears the counts (`clear`). Wrong answers simply keep theirs.
 */
export class SignInThrottle {
  private readonly addresses = new Map<string, AddressCounter>();
  private readonly hmacKey: Buffer;
  private lastSweptAt = -Infinity;

  constructor(
    private readonly db: Db,
    key: DataKey,
    private readonly clock: Clock,
  ) {
    this.hmacKey = Buffer.from(hkdfSync('sha256', key.bytes, Buffer.alloc(0), 'zhengming/sign-in-throttle/v1', 32));
  }

  /**
   * The stored key of a username: HMAC-SHA-256 under a subkey of the data key, so neither the throttle table
   * nor the audit log (which records it for unknown usernames) holds names one could read or test offline.
   */
  usernameKey(username: string): string {
    return createHmac('sha256', this.hmacKey).update(username.normalize('NFKC').toLowerCase()).digest('hex');
  }

  /** Counts an attempt for the username and the address, or says how long to wait when either must wait. */
  async claim(username: string, address: string): Promise<ClaimResult> {
    const now = this.clock.now();
    const addressWait = this.addressWait(address, now.getTime());
    if (addressWait > 0) {
      return { ok: false, retryAfterMs: addressWait };
    }
    await this.sweep(now);
    const usernameKey = this.usernameKey(username);
    const usernameWait = await this.db.transaction().execute(async (trx) => {
      const row = await lockUsernameCounter(trx, usernameKey, now);
      const waitUntil = new Date(row.last_failed_at).getTime() + delayAfter(row.failures, USERNAME_FREE_FAILURES);
      if (row.failures >= USERNAME_FREE_FAILURES && now.getTime() < waitUntil) {
        return waitUntil - now.getTime();
      }
      await setUsernameCounter(trx, usernameKey, row.failures + 1, now);
      return 0;
    });
    if (usernameWait > 0) {
      return { ok: false, retryAfterMs: usernameWait };
    }
    // Another request from the address may have been counted while this one waited for the database.
    const addressWaitNow = this.addressWait(address, now.getTime());
    if (addressWaitNow > 0) {
      await this.releaseUsername(usernameKey);
      return { ok: false, retryAfterMs: addressWaitNow };
    }
    this.countAddress(address, now.getTime());
    return { ok: true, claim: { usernameKey, address } };
  }

  /** Takes back a counted attempt whose answer was right, without clearing earlier failures. */
  async release(claim: ThrottleClaim): Promise<void> {
    await this.releaseUsername(claim.usernameKey);
    const counter = this.addresses.get(claim.address);
    if (counter !== undefined && counter.failures > 0) {
      counter.failures -= 1;
    }
  }

  /** Forgets the failures of the username and the address: the user completed their sign-in. */
  async clear(claim: ThrottleClaim): Promise<void> {
    await deleteUsernameCounter(this.db, claim.usernameKey);
    this.addresses.delete(claim.address);
  }

  /**
   * Deletes the username counters without a counted attempt for `FORGET_AFTER_MS` (housekeeping of expired
   * counters, not an event of anyone's account, so not audited).
   */
  private async sweep(now: Date): Promise<void> {
    if (now.getTime() - this.lastSweptAt < SWEEP_EVERY_MS) {
      return;
    }
    this.lastSweptAt = now.getTime();
    await deleteCountersBefore(this.db, new Date(now.getTime() - FORGET_AFTER_MS));
  }

  private async releaseUsername(usernameKey: string): Promise<void> {
    await decrementUsernameCounter(this.db, usernameKey);
  }

  private addressWait(address: string, now: number): number {
    const counter = this.addresses.get(address);
    if (counter === undefined) {
      return 0;
    }
    const waitUntil = counter.lastAt + delayAfter(counter.failures, ADDRESS_FREE_FAILURES);
    return counter.failures >= ADDRESS_FREE_FAILURES && now < waitUntil ? waitUntil - now : 0;
  }

  private countAddress(address: string, now: number): void {
    const failures = (this.addresses.get(address)?.failures ?? 0) + 1;
    // Re-inserting keeps the map in order of last use, so the first keys are the ones to forget.
    this.addresses.delete(address);
    this.addresses.set(address, { failures, lastAt: now });
    for (const oldest of this.addresses.keys()) {
      if (this.addresses.size <= MAX_ADDRESSES) {
        break;
      }
      this.addresses.delete(oldest);
    }
  }
}
