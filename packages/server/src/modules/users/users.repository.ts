import type { UserId, OfficeId, GrantId } from '@zhengming/contracts';
import type { ExpressionBuilder, Insertable, Updateable } from 'kysely';
import type { Database, RoleGrantsTable, UserRow, UsersTable } from '../../db/database.js';
import type { Db } from '../../deps.js';

/** Queries over users and role grants; no decisions. `db` may be a transaction. */

/** A grant with the name and materialised path of its office. */
export interface GrantWithOffice {
  id: GrantId;
  user_id: UserId;
  office_id: OfficeId;
  role: RoleGrantsTable['role'];
  is_principal: boolean;
  status: RoleGrantsTable['status'];
  requested_by: UserId | null;
  approved_by: UserId | null;
  approval_kind: string | null;
  created_at: Date | string;
  office_name: string;
  office_path: string;
}

const LIVE = ['pending', 'active'] as const;

function selectGrants(db: Db) {
  return db
    .selectFrom('role_grants')
    .innerJoin('offices', 'offices.id', 'role_grants.office_id')
    .select([
      'role_grants.id',
      'role_grants.user_id',
      'role_grants.office_id',
      'role_grants.role',
      'role_grants.is_principal',
      'role_grants.status',
      'role_grants.requested_by',
      'role_grants.approved_by',
      'role_grants.approval_kind',
      'role_grants.created_at',
      'offices.name as office_name',
      'offices.path as office_path',
    ]);
}

/**
 * Users an admin of the subtree at `pathPrefix` may see (docs/ACCESS.md): those holding a live (pending or
 * active) grant in the subtree, and those created in the subtree who hold no live grant anywhere yet.
 */
function isVisibleUnder(eb: ExpressionBuilder<Database, 'users'>, pathPrefix: string) {
  return eb.or([
    eb.exists(
      eb
        .selectFrom('role_grants')
        .innerJoin('offices', 'offices.id', 'role_grants.office_id')
        .select('role_grants.id')
        .whereRef('role_grants.user_id', '=', 'users.id')
        .where('role_grants.status', 'in', LIVE)
        .where('offices.path', 'like', `${pathPrefix}%`),
    ),
    eb.and([
      eb.exists(
        eb
          .selectFrom('offices as home')
          .select('home.id')
          .whereRef('home.id', '=', 'users.home_office_id')
          .where('home.path', 'like', `${pathPrefix}%`),
      ),
      eb.not(
        eb.exists(
          eb
            .selectFrom('role_grants')
            .select('role_grants.id')
            .whereRef('role_grants.user_id', '=', 'users.id')
            .where('role_grants.status', 'in', LIVE),
        ),
      ),
    ]),
  ]);
}

/** Users visible in the subtree at `pathPrefix` (null = all users), by username. */
export function listUsers(db: Db, pathPrefix: string | null): Promise<UserRow[]> {
  let query = db.selectFrom('users').selectAll();
  if (pathPrefix !== null) {
    query = query.where((eb) => isVisibleUnder(eb, pathPrefix));
  }
  return query.orderBy('username').execute();
}

/** The user if it exists and is visible in the subtree at `pathPrefix` (null = any user). */
export function findUser(db: Db, userId: UserId, pathPrefix: string | null): Promise<UserRow | undefined> {
  let query = db.selectFrom('users').selectAll().where('id', '=', userId);
  if (pathPrefix !== null) {
    query = query.where((eb) => isVisibleUnder(eb, pathPrefix));
  }
  return query.executeTakeFirst();
}

/** The user row locked until the end of the transaction: grant changes for one user are serialised. */
export function lockUser(db: Db, userId: UserId): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', userId).forUpdate().executeTakeFirst();
}

export function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export function insertUser(db: Db, row: Insertable<UsersTable>): Promise<UserRow> {
  return db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateUser(db: Db, userId: UserId, patch: Updateable<UsersTable>): Promise<UserRow> {
  return db.updateTable('users').set(patch).where('id', '=', userId).returningAll().executeTakeFirstOrThrow();
}

/** Grants of the given users, optionally only those in the subtree at `pathPrefix`; revoked ones included. */
export function listGrantsOfUsers(
  db: Db,
  userIds: readonly UserId[],
  pathPrefix: string | null,
): Promise<GrantWithOffice[]> {
  if (userIds.length === 0) {
    return Promise.resolve([]);
  }
  let query = selectGrants(db).where('role_grants.user_id', 'in', [...userIds]);
  if (pathPrefix !== null) {
    query = query.where('offices.path', 'like', `${pathPrefix}%`);
  }
  return query.orderBy('offices.path').orderBy('role_grants.role').orderBy('role_grants.created_at').execute();
}

/** The user's pending and active grants, everywhere. */
export function listLiveGrantsOfUser(db: Db, userId: UserId): Promise<GrantWithOffice[]> {
  return selectGrants(db)
    .where('role_grants.user_id', '=', userId)
    .where('role_grants.status', 'in', LIVE)
    .orderBy('offices.path')
    .execute();
}

export function findGrant(db: Db, grantId: GrantId): Promise<GrantWithOffice | undefined> {
  return selectGrants(db).where('role_grants.id', '=', grantId).executeTakeFirst();
}

/** Locks the grant row until the end of the transaction (one decision per grant). */
export async function lockGrant(db: Db, grantId: GrantId): Promise<void> {
  await db.selectFrom('role_grants').select('id').where('id', '=', grantId).forUpdate().execute();
}

export async function insertGrant(db: Db, row: Insertable<RoleGrantsTable>): Promise<GrantWithOffice> {
  await db.insertInto('role_grants').values(row).execute();
  const grant = await findGrant(db, row.id);
  if (grant === undefined) {
    throw new Error(`grant ${row.id} vanished after insert`);
  }
  return grant;
}

export async function updateGrant(
  db: Db,
  grantId: GrantId,
  patch: Updateable<RoleGrantsTable>,
): Promise<GrantWithOffice> {
  await db.updateTable('role_grants').set(patch).where('id', '=', grantId).execute();
  const grant = await findGrant(db, grantId);
  if (grant === undefined) {
    throw new Error(`grant ${grantId} vanished after update`);
  }
  return grant;
}

/** A live principal-leader grant of the office other than `exceptGrantId`, if any. */
export function findLivePrincipal(
  db: Db,
  officeId: OfficeId,
  exceptGrantId: GrantId | null,
): Promise<{ id: string } | undefined> {
  let query = db
    .selectFrom('role_grants')
    .select('id')
    .where('office_id', '=', officeId)
    .where('is_principal', '=', true)
    .where('status', 'in', LIVE);
  if (exceptGrantId !== null) {
    query = query.where('id', '<>', exceptGrantId);
  }
  return query.executeTakeFirst();
}

/** Paths of the offices where the user, not disabled, holds an active `leader` grant. */
export async function listActiveLeaderPaths(db: Db, userId: UserId): Promise<string[]> {
  const rows = await db
    .selectFrom('role_grants')
    .innerJoin('offices', 'offices.id', 'role_grants.office_id')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .select('offices.path')
    .where('role_grants.user_id', '=', userId)
    .where('role_grants.role', '=', 'leader')
    .where('role_grants.status', '=', 'active')
    .where('users.is_disabled', '=', false)
    .execute();
  return rows.map((row) => row.path);
}

/** Whether the office has an active `leader` grant held by a user who is not disabled. */
export async function hasActiveLeader(db: Db, officeId: OfficeId): Promise<boolean> {
  const row = await db
    .selectFrom('role_grants')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .select('role_grants.id')
    .where('role_grants.office_id', '=', officeId)
    .where('role_grants.role', '=', 'leader')
    .where('role_grants.status', '=', 'active')
    .where('users.is_disabled', '=', false)
    .executeTakeFirst();
  return row !== undefined;
}

/** Pending grants of offices in the subtree at `pathPrefix`, with who they are for and when requested. */
export function listPendingGrantsUnder(db: Db, pathPrefix: string) {
  return selectGrants(db)
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .leftJoin('users as requester', 'requester.id', 'role_grants.requested_by')
    .select(['users.username', 'users.display_name', 'requester.display_name as requested_by_name'])
    .where('role_grants.status', '=', 'pending')
    .where('offices.path', 'like', `${pathPrefix}%`)
    .orderBy('role_grants.created_at')
    .orderBy('role_grants.id')
    .execute();
}
