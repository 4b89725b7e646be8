import type { OfficeId, UserId } from '@zhengming/contracts';
import type { Db } from '../../deps.js';

/* Display names of offices and users, for answers that name them. */

/** Office names by id. */
export async function findOfficeNames(db: Db, ids: readonly OfficeId[]): Promise<Map<string, string>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('offices')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** User display names by id. */
export async function findUserNames(db: Db, ids: readonly UserId[]): Promise<Map<string, string>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}
