import type { ApprovalId, ApprovalItemType, OfficeId, Role, UserId } from '@zhengming/contracts';
import { sql, type Insertable, type Updateable } from 'kysely';
import type { ApprovalsTable } from '../../db/database.js';
import type { Db } from '../../deps.js';

/** Queries over approvals (migration 0009); no decisions. `db` may be a transaction. */

function selectApprovals(db: Db) {
  return db
    .selectFrom('approvals as a')
    .innerJoin('offices as office', 'office.id', 'a.office_id')
    .innerJoin('users as proposer', 'proposer.id', 'a.proposed_by')
    .leftJoin('users as decider', 'decider.id', 'a.decided_by')
    .leftJoin('users as recorder', 'recorder.id', 'a.external_recorded_by')
    .selectAll('a')
    .select([
      'office.name as office_name',
      'office.path as office_path',
      'proposer.display_name as proposed_by_name',
      'decider.display_name as decided_by_name',
      'recorder.display_name as recorded_by_name',
    ]);
}

/** An approval with the names the API shows (office, proposer, approver, recorder) and its office's path. */
export type ApprovalView = NonNullable<Awaited<ReturnType<typeof findApproval>>>;

/** One approval by id, with its names. */
export function findApproval(db: Db, id: ApprovalId) {
  return selectApprovals(db).where('a.id', '=', id).executeTakeFirst();
}

/** Locks the approval row until the end of the transaction (one decision per approval). */
export async function lockApproval(db: Db, id: ApprovalId): Promise<void> {
  await db.selectFrom('approvals').select('id').where('id', '=', id).forUpdate().execute();
}

export async function insertApproval(db: Db, row: Insertable<ApprovalsTable>): Promise<void> {
  await db.insertInto('approvals').values(row).execute();
}

export async function updateApproval(db: Db, id: ApprovalId, patch: Updateable<ApprovalsTable>): Promise<void> {
  await db.updateTable('approvals').set(patch).where('id', '=', id).execute();
}

/** The stored row of one approval (what handlers receive). */
export function findApprovalRow(db: Db, id: ApprovalId) {
  return db.selectFrom('approvals').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every approval of one item, oldest first. */
export function listApprovalsOfItem(db: Db, itemType: ApprovalItemType, itemId: string) {
  return selectApprovals(db)
    .where('a.item_type', '=', itemType)
    .where('a.item_id', '=', itemId)
    .orderBy('a.proposed_at')
    .orderBy('a.id')
    .execute();
}

/** The pending approval of a kind that a user proposed for one item, if any (there is at most one). */
export function findPendingProposal(
  db: Db,
  query: { itemType: ApprovalItemType; itemId: string; kind: string; proposedBy: UserId },
) {
  return db
    .selectFrom('approvals')
    .select('id')
    .where('item_type', '=', query.itemType)
    .where('item_id', '=', query.itemId)
    .where('kind', '=', query.kind)
    .where('proposed_by', '=', query.proposedBy)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

/** The latest approved approval of a kind for one item (optionally of one proposer). */
export function findLatestApproved(
  db: Db,
  query: { itemType: ApprovalItemType; itemId: string; kind: string; proposedBy?: UserId },
) {
  let select = db
    .selectFrom('approvals')
    .selectAll()
    .where('item_type', '=', query.itemType)
    .where('item_id', '=', query.itemId)
    .where('kind', '=', query.kind)
    .where('status', '=', 'approved');
  if (query.proposedBy !== undefined) {
    select = select.where('proposed_by', '=', query.proposedBy);
  }
  return select.orderBy('decided_at', 'desc').orderBy('id').executeTakeFirst();
}

/** The approvals a user proposed whose office lies in the subtree at `pathPrefix`, newest first. */
export function listApprovalsProposedBy(db: Db, userId: UserId, pathPrefix: string) {
  return selectApprovals(db)
    .where('a.proposed_by', '=', userId)
    .where('office.path', 'like', `${pathPrefix}%`)
    .orderBy('a.proposed_at', 'desc')
    .orderBy('a.id')
    .execute();
}

/**
 * Whether a user (not disabled) holds `role` in an active grant in the office — with the principal flag when
 * `isPrincipalRequired` — checked in the database rather than trusted from the session.
 */
export async function holdsActiveGrant(
  db: Db,
  query: { userId: UserId; officeId: OfficeId; role: Role; isPrincipalRequired: boolean },
): Promise<boolean> {
  let select = db
    .selectFrom('role_grants')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .select('role_grants.id')
    .where('role_grants.user_id', '=', query.userId)
    .where('role_grants.office_id', '=', query.officeId)
    .where('role_grants.role', '=', query.role)
    .where('role_grants.status', '=', 'active')
    .where('users.is_disabled', '=', false);
  if (query.isPrincipalRequired) {
    select = select.where('role_grants.is_principal', '=', true);
  }
  return (await select.executeTakeFirst()) !== undefined;
}

/**
 * The inbox, in one query: the pending internal approvals that the user, acting in `activeOfficeId`, may decide —
 * the approval's office is the active office or lies below it, the user holds the required role there in an
 * active grant (with the principal flag where required), is not disabled, and did not propose it. Oldest first.
 */
export function listDecidableApprovals(db: Db, actor: { userId: UserId; activeOfficeId: OfficeId }) {
  return selectApprovals(db)
    .innerJoin('offices as active', (join) => join.on('active.id', '=', actor.activeOfficeId))
    .where('a.status', '=', 'pending')
    .where('a.approver_kind', '=', 'internal')
    .where('a.proposed_by', '<>', actor.userId)
    .where((eb) => eb('office.path', 'like', eb.fn<string>('concat', ['active.path', sql.lit('%')])))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_grants as g')
          .innerJoin('users as approver', 'approver.id', 'g.user_id')
          .select('g.id')
          .where('g.user_id', '=', actor.userId)
          .whereRef('g.office_id', '=', 'active.id')
          .whereRef('g.role', '=', 'a.required_role')
          .where('g.status', '=', 'active')
          .where('approver.is_disabled', '=', false)
          .where((eb) => eb.or([eb('a.requires_principal', '=', false), eb('g.is_principal', '=', true)])),
      ),
    )
    .orderBy('a.proposed_at')
    .orderBy('a.id')
    .execute();
}
