import type { Insertable } from 'kysely';
import type { CalendarYearsTable } from '../../db/database.js';
import type { Db } from '../../deps.js';

/** Queries of the years an administrator added to the working-day calendar; no decisions. `db` may be a transaction. */

/** Every added year with its days (as stored: JSON, checked by the caller) and when it was added. */
export function listAddedYears(db: Db) {
  return db.selectFrom('calendar_years').select(['year', 'days', 'source', 'added_at']).execute();
}

/** Whether the year was added before (the shipped copy does not count). */
export async function hasAddedYear(db: Db, year: number): Promise<boolean> {
  const row = await db.selectFrom('calendar_years').select('year').where('year', '=', year).executeTakeFirst();
  return row !== undefined;
}

/** Stores a year, replacing an earlier addition of it. */
export async function upsertAddedYear(db: Db, row: Insertable<CalendarYearsTable>): Promise<void> {
  const { year, ...changes } = row;
  await db
    .insertInto('calendar_years')
    .values({ year, ...changes })
    .onConflict((oc) => oc.column('year').doUpdateSet(changes))
    .execute();
}
