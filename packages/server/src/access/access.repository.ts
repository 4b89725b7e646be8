import type { OfficeId } from '@zhengming/contracts';
import type { Db } from '../deps.js';

/*
 * The queries of the access layer. It sits below the feature modules, so it reads the office tree itself rather
 * than through the offices module.
 */

/** The materialised paths of the given offices, by id (offices that do not exist are absent). */
export async function findOfficePaths(db: Db, officeIds: readonly OfficeId[]): Promise<Map<string, string>> {
  if (officeIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('offices')
    .select(['id', 'path'])
    .where('id', 'in', [...officeIds])
    .execute();
  return new Map(rows.map((row) => [row.id, row.path]));
}
