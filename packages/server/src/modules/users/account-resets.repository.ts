import type { ResetRequestId, UserId } from '@zhengming/contracts';
import type { Insertable, Updateable } from 'kysely';
import type { AccountResetRequestsTable } from '../../db/database.js';
import type { Db } from '../../deps.js';

/** Queries over account reset requests (migration 0006); no decisions. `db` may be a transaction. */

const OPEN = ['pending', 'approved'] as const;

function selectRequests(db: Db) {
  return db
    .selectFrom('account_reset_requests as r')
    .innerJoin('users', 'users.id', 'r.user_id')
    .innerJoin('offices', 'offices.id', 'r.office_id')
    .leftJoin('users as requester', 'requester.id', 'r.requested_by')
    .leftJoin('users as decider', 'decider.id', 'r.decided_by')
    .selectAll('r')
    .select([
      'users.username',
      'users.display_name',
      'offices.name as office_name',
      'offices.path as office_path',
      'requester.display_name as requested_by_name',
      'decider.display_name as decided_by_name',
    ]);
}

/** A reset request with the names the API shows. */
export type ResetRequestRow = NonNullable<Awaited<ReturnType<typeof findResetRequest>>>;

export function findResetRequest(db: Db, id: ResetRequestId) {
  return selectRequests(db).where('r.id', '=', id).executeTakeFirst();
}

/** The account's open (pending or approved) request, if any: there is at most one. */
export function findOpenResetRequest(db: Db, userId: UserId) {
  return selectRequests(db).where('r.user_id', '=', userId).where('r.status', 'in', OPEN).executeTakeFirst();
}

/** Locks the request row until the end of the transaction (one decision per request). */
export async function lockResetRequest(db: Db, id: ResetRequestId): Promise<void> {
  await db.selectFrom('account_reset_requests').select('id').where('id', '=', id).forUpdate().execute();
}

/** Pending requests whose approving office lies in the subtree at `pathPrefix`, oldest first. */
export function listPendingResetRequestsUnder(db: Db, pathPrefix: string) {
  return selectRequests(db)
    .where('r.status', '=', 'pending')
    .where('offices.path', 'like', `${pathPrefix}%`)
    .orderBy('r.created_at')
    .execute();
}

export async function insertResetRequest(db: Db, row: Insertable<AccountResetRequestsTable>): Promise<void> {
  await db.insertInto('account_reset_requests').values(row).execute();
}

export async function updateResetRequest(
  db: Db,
  id: ResetRequestId,
  patch: Updateable<AccountResetRequestsTable>,
): Promise<void> {
  await db.updateTable('account_reset_requests').set(patch).where('id', '=', id).execute();
}

/** Active leaders (not disabled) of offices on the path `ancestorPaths` (the office and its ancestors). */
export function listActiveLeadersOn(db: Db, ancestorPaths: readonly string[]) {
  return db
    .selectFrom('role_grants')
    .innerJoin('offices', 'offices.id', 'role_grants.office_id')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .select(['users.id as user_id', 'users.username', 'offices.path as office_path'])
    .where('role_grants.role', '=', 'leader')
    .where('role_grants.status', '=', 'active')
    .where('users.is_disabled', '=', false)
    .where('offices.path', 'in', [...ancestorPaths])
    .execute();
}
