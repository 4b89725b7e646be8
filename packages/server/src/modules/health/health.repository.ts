import { sql } from 'kysely';
import type { Db } from '../../deps.js';

/** Runs the cheapest query there is, so a broken connection fails the health check. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
