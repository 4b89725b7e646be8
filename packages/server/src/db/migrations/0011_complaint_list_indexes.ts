import { sql, type Kysely } from 'kysely';

/**
 * Indexes of the complaint list at scale (the case-model benchmark, 100,000 complaints): the list filtered on
 * `complaints.office_id` walks `complaints_registered` newest first for a page across a subtree, and counts from
 * `complaints_office_list`, which carries every column the list filters on (the access arrays too), by an
 * index-only scan instead of the 1.4 KB-a-row heap; `complaints_received` serves received-date filters.
 * `complaints_office_registered` has the same keys as `complaints_office_list` and goes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX complaints_registered ON complaints (registered_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX complaints_office_list ON complaints (office_id, registered_at DESC, id DESC)
    INCLUDE (channel, status, is_anonymous, received_at, recused_user_ids)`.execute(db);
  await sql`DROP INDEX complaints_office_registered`.execute(db);
  // A received-date filter far from the newest registrations (a month a year ago) finds its rows here instead of
  // walking the registration order back to them.
  await sql`CREATE INDEX complaints_received ON complaints (received_at)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0011_complaint_list_indexes cannot be reverted');
}
