import type { UserId } from '@zhengming/contracts';
import type { Insertable } from 'kysely';
import type { SessionsTable } from '../../db/database.js';
import type { Db } from '../../deps.js';

/** Queries of the sessions table and of the grants that make a session's memberships; no decisions. */

export async function insertSession(db: Db, row: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** A session by its token hash, with what its validity depends on and the names the context shows. */
export function findSessionWithUser(db: Db, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.token_hash',
      'sessions.user_id',
      'sessions.step',
      'sessions.csrf_token',
      'sessions.active_office_id',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.ended_at',
      'users.username',
      'users.display_name',
      'users.is_disabled',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** The user's active grants with their offices, in office-path then role order. */
export function listActiveGrantsWithOffices(db: Db, userId: UserId) {
  return db
    .selectFrom('role_grants')
    .innerJoin('offices', 'offices.id', 'role_grants.office_id')
    .select([
      'offices.id',
      'offices.name',
      'offices.level',
      'offices.path',
      'role_grants.role',
      'role_grants.is_principal',
    ])
    .where('role_grants.user_id', '=', userId)
    .where('role_grants.status', '=', 'active')
    .orderBy('offices.path')
    .orderBy('role_grants.role')
    .execute();
}

/** Changes one session's idle timer, sign-in step or active office. */
export async function updateSession(
  db: Db,
  tokenHash: string,
  patch: Partial<Pick<Insertable<SessionsTable>, 'last_seen_at' | 'step' | 'active_office_id'>>,
): Promise<void> {
  await db.updateTable('sessions').set(patch).where('token_hash', '=', tokenHash).execute();
}

/** Ends one session unless it has ended. */
export async function endSession(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ ended_at: at })
    .where('token_hash', '=', tokenHash)
    .where('ended_at', 'is', null)
    .execute();
}

/** Ends every live session of a user, but the one with `exceptTokenHash` when given. */
export async function endSessionsOfUser(
  db: Db,
  userId: UserId,
  at: Date,
  exceptTokenHash: string | null = null,
): Promise<void> {
  let query = db.updateTable('sessions').set({ ended_at: at }).where('user_id', '=', userId);
  if (exceptTokenHash !== null) {
    query = query.where('token_hash', '<>', exceptTokenHash);
  }
  await query.where('ended_at', 'is', null).execute();
}

/**
 * Deletes the sessions that can no longer be used: ended, past their absolute limit, or idle since before
 * `idleBefore`. Returns how many.
 */
export async function deleteUnusableSessions(db: Db, now: Date, idleBefore: Date): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([eb('ended_at', 'is not', null), eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleBefore)]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
