import type { UserId } from '@zhengming/contracts';
import type { Db } from '../../deps.js';

/** The columns of a user that sign-in looks at. */
export interface SignInUser {
  id: UserId;
  username: string;
  displayName: string;
  passwordHash: string;
  mustChangePassword: boolean;
  totpSecretSealed: string | null;
  totpPendingSealed: string | null;
  /** The last TOTP time step used, or null before the first. */
  totpLastStep: number | null;
  isDisabled: boolean;
}

function selectSignInUser(db: Db) {
  return db
    .selectFrom('users')
    .select([
      'id',
      'username',
      'display_name',
      'password_hash',
      'must_change_password',
      'totp_secret_sealed',
      'totp_pending_sealed',
      'totp_last_step',
      'is_disabled',
    ]);
}

type SignInUserRow = Awaited<ReturnType<ReturnType<typeof selectSignInUser>['executeTakeFirstOrThrow']>>;

function toSignInUser(row: SignInUserRow): SignInUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    mustChangePassword: row.must_change_password,
    totpSecretSealed: row.totp_secret_sealed,
    totpPendingSealed: row.totp_pending_sealed,
    totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
    isDisabled: row.is_disabled,
  };
}

/** The user with this (already lower-cased) username, if any. */
export async function findUserByUsername(db: Db, username: string): Promise<SignInUser | undefined> {
  const row = await selectSignInUser(db).where('username', '=', username).executeTakeFirst();
  return row === undefined ? undefined : toSignInUser(row);
}

/** The user of a session. */
export async function getUserById(db: Db, id: UserId): Promise<SignInUser> {
  return toSignInUser(await selectSignInUser(db).where('id', '=', id).executeTakeFirstOrThrow());
}

/** Counts a failed sign-in on the user's row (shown to administrators). */
export async function recordUserFailure(db: Db, id: UserId, at: Date): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1), last_failed_at: at }))
    .where('id', '=', id)
    .execute();
}

/** Stores a new password hash; the one-time password, if any, is gone with it. */
export async function updatePasswordHash(db: Db, id: UserId, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, must_change_password: false })
    .where('id', '=', id)
    .execute();
}

/** Stores a pending TOTP secret unless one is already pending; true when this call stored it. */
export async function storePendingTotp(db: Db, id: UserId, sealed: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_pending_sealed: sealed })
    .where('id', '=', id)
    .where('totp_pending_sealed', 'is', null)
    .where('totp_secret_sealed', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Makes the pending secret the user's TOTP secret and records its first used step, unless another request
 * confirmed or replaced it meanwhile; true when this call did.
 */
export async function confirmPendingTotp(db: Db, id: UserId, sealed: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({
      totp_secret_sealed: sealed,
      totp_pending_sealed: null,
      totp_last_step: step,
      failed_sign_ins: 0,
    })
    .where('id', '=', id)
    .where('totp_pending_sealed', '=', sealed)
    .where('totp_secret_sealed', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Records `step` as the last TOTP step used, only if it is later than the one recorded: two requests with the same
 * code cannot both succeed. True when this call recorded it.
 */
export async function useTotpStep(db: Db, id: UserId, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step, failed_sign_ins: 0 })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
