import type { Db } from '../../deps.js';

/** Queries of the per-username sign-in counters (keyed by an HMAC of the name); no decisions. */

/**
 * The username's counter, created at zero when missing and locked until the end of the transaction `trx`, so
 * two attempts for one name are counted one after the other.
 */
export async function lockUsernameCounter(
  trx: Db,
  keyHash: string,
  now: Date,
): Promise<{ failures: number; last_failed_at: Date }> {
  await trx
    .insertInto('sign_in_throttle')
    .values({ key_hash: keyHash, failures: 0, last_failed_at: now })
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .execute();
  return trx
    .selectFrom('sign_in_throttle')
    .select(['failures', 'last_failed_at'])
    .where('key_hash', '=', keyHash)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Sets the username's count of failures and the time of the last one. */
export async function setUsernameCounter(db: Db, keyHash: string, failures: number, at: Date): Promise<void> {
  await db
    .updateTable('sign_in_throttle')
    .set({ failures, last_failed_at: at })
    .where('key_hash', '=', keyHash)
    .execute();
}

/** Takes one failure back from the username's counter (never below zero). */
export async function decrementUsernameCounter(db: Db, keyHash: string): Promise<void> {
  await db
    .updateTable('sign_in_throttle')
    .set((eb) => ({ failures: eb('failures', '-', 1) }))
    .where('key_hash', '=', keyHash)
    .where('failures', '>', 0)
    .execute();
}

/** Forgets the username's counter. */
export async function deleteUsernameCounter(db: Db, keyHash: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('key_hash', '=', keyHash).execute();
}

/** Forgets every counter whose last counted attempt is older than `before`. */
export async function deleteCountersBefore(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('last_failed_at', '<', before).execute();
}
