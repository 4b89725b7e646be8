import { sql, type Kysely } from 'kysely';

/**
 * Users, offices and role grants, second step: the office where a user was created (so its admin can list a
 * user who has no grant yet), who revoked a grant and when, at most one root office, at most one principal
 * per office, and the principal flag only on a leader grant.
 * Frozen: never edit after release; add a new migration instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    // The active office of the admin who created the user; null when the operator (CLI) created it.
    .addColumn('home_office_id', 'uuid', (c) => c.references('offices.id'))
    .execute();
  await db.schema.createIndex('users_home_office').on('users').column('home_office_id').execute();

  await db.schema
    .alterTable('role_grants')
    .addColumn('revoked_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await sql`ALTER TABLE role_grants ADD CONSTRAINT role_grants_principal_is_leader CHECK (NOT is_principal OR role = 'leader')`.execute(
    db,
  );
  await sql`CREATE UNIQUE INDEX role_grants_one_principal ON role_grants (office_id) WHERE is_principal AND status <> 'revoked'`.execute(
    db,
  );
  await sql`CREATE INDEX role_grants_user ON role_grants (user_id)`.execute(db);

  await sql`CREATE UNIQUE INDEX offices_single_root ON offices ((parent_id IS NULL)) WHERE parent_id IS NULL`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('0002_users_offices_grants cannot be reverted');
}
