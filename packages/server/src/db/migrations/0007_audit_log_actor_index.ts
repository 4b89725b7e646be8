import { sql, type Kysely } from 'kysely';

/**
 * The audit log read by person (docs/OPERATIONS.md, "Reading the audit log"): entries by actor and time, for the
 * auditor's person filter and for finding an auditor's own recent read of the same filter (one `audit.read` per
 * filter per 15 minutes) without walking a whole chain.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX audit_entries_actor_at ON audit_entries (actor_id, at) WHERE actor_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX audit_entries_actor_at`.execute(db);
}
