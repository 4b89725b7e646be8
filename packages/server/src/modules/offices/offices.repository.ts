import type { UserId, OfficeId } from '@zhengming/contracts';
import type { Insertable } from 'kysely';
import type { OfficeRow, OfficesTable } from '../../db/database.js';
import type { Db } from '../../deps.js';

/** Queries over the office tree; no decisions. `db` may be a transaction. */

export function findOfficeById(db: Db, officeId: OfficeId): Promise<OfficeRow | undefined> {
  return db.selectFrom('offices').selectAll().where('id', '=', officeId).executeTakeFirst();
}

/** The office row locked until the end of the transaction (serialises changes below one office). */
export function lockOfficeById(db: Db, officeId: OfficeId): Promise<OfficeRow | undefined> {
  return db.selectFrom('offices').selectAll().where('id', '=', officeId).forUpdate().executeTakeFirst();
}

export function findRootOffice(db: Db): Promise<OfficeRow | undefined> {
  return db.selectFrom('offices').selectAll().where('parent_id', 'is', null).executeTakeFirst();
}

export function findOfficesByName(db: Db, name: string): Promise<OfficeRow[]> {
  return db.selectFrom('offices').selectAll().where('name', '=', name).orderBy('path').execute();
}

export function findChildByName(db: Db, parentId: OfficeId, name: string): Promise<OfficeRow | undefined> {
  return db
    .selectFrom('offices')
    .selectAll()
    .where('parent_id', '=', parentId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Every office, or those whose path starts with `pathPrefix` (a subtree, its root included). */
export function listOffices(db: Db, pathPrefix: string | null): Promise<OfficeRow[]> {
  let query = db.selectFrom('offices').selectAll();
  if (pathPrefix !== null) {
    query = query.where('path', 'like', `${pathPrefix}%`);
  }
  return query.orderBy('path').execute();
}

/** The offices where the user holds at least one active grant. */
export function listOfficesOfMember(db: Db, userId: UserId): Promise<OfficeRow[]> {
  return db
    .selectFrom('offices')
    .selectAll()
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('role_grants')
          .select('role_grants.id')
          .whereRef('role_grants.office_id', '=', 'offices.id')
          .where('role_grants.user_id', '=', userId)
          .where('role_grants.status', '=', 'active'),
      ),
    )
    .orderBy('path')
    .execute();
}

export async function insertOffice(db: Db, row: Insertable<OfficesTable>): Promise<OfficeRow> {
  return db.insertInto('offices').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Whether a database error is a unique-constraint violation (PostgreSQL SQLSTATE 23505, on both engines). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}
