import { sql, type Kysely } from 'kysely';

/**
 * Requests to reset an account that holds a content role or `auditor` (docs/ACCESS.md): asked by an admin,
 * decided by a leader of `office_id` or an ancestor, then carried out by the admin who asked. At most one request
 * per account is open (pending or approved) at a time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('account_reset_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('office_id', 'uuid', (c) => c.notNull().references('offices.id'))
    .addColumn('roles', 'jsonb', (c) => c.notNull())
    .addColumn('requested_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status IN ('pending', 'approved', 'rejected', 'completed', 'expired')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .execute();
  await sql`CREATE UNIQUE INDEX account_reset_requests_one_open ON account_reset_requests (user_id)
    WHERE status IN ('pending', 'approved')`.execute(db);
  await db.schema
    .createIndex('account_reset_requests_office')
    .on('account_reset_requests')
    .column('office_id')
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('0006_account_reset_requests cannot be reverted');
}
