import { sql, type Kysely } from 'kysely';

/**
 * Foundation schema: offices, users, role grants, sessions, audit chains, settings, calendar overrides.
 * Frozen: never edit after release; add a new migration instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('offices')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('parent_id', 'uuid', (c) => c.references('offices.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) =>
      c.notNull().check(sql`level in ('province','prefecture','county','township','accredited')`),
    )
    // Materialised path of ancestor ids including its own, '/a/b/c/': subtree = path LIKE '/a/b/%'.
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`CREATE UNIQUE INDEX offices_parent_name ON offices (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), name)`.execute(
    db,
  );
  await sql`CREATE INDEX offices_path_prefix ON offices (path text_pattern_ops)`.execute(db);

  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('must_change_password', 'boolean', (c) => c.notNull().defaultTo(true))
    // TOTP secret sealed under the data key (AES-256-GCM); null until enrolled.
    .addColumn('totp_secret_sealed', 'text')
    .addColumn('totp_pending_sealed', 'text')
    .addColumn('totp_last_step', 'bigint')
    .addColumn('is_disabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_failed_at', 'timestamptz')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh-CN'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('role_grants')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('office_id', 'uuid', (c) => c.notNull().references('offices.id'))
    .addColumn('role', 'text', (c) =>
      c
        .notNull()
        .check(sql`role in ('intake','supervisor','investigator','reviewer','leader','monitor','admin','auditor')`),
    )
    .addColumn('is_principal', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending','active','revoked')`))
    .addColumn('requested_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('approved_by', 'uuid', (c) => c.references('users.id'))
    // 'bootstrap' marks the recorded first leader of the root office.
    .addColumn('approval_kind', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_at', 'timestamptz')
    .execute();
  await sql`CREATE UNIQUE INDEX role_grants_live ON role_grants (user_id, office_id, role) WHERE status <> 'revoked'`.execute(
    db,
  );
  await sql`CREATE INDEX role_grants_office ON role_grants (office_id) WHERE status = 'active'`.execute(db);

  await db.schema
    .createTable('sessions')
    // SHA-256 of the random token; the token itself lives only in the cookie.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('step', 'text')
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('active_office_id', 'uuid', (c) => c.references('offices.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  // Failed sign-in attempts per username key (hashed), for the progressive delay; unknown users too.
  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failed_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_heads')
    // 'system' or an office id.
    .addColumn('chain_id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_entries')
    .addColumn('chain_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'uuid')
    .addColumn('office_id', 'uuid')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_ids', sql`text[]`, (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_entries_pk', ['chain_id', 'seq'])
    .execute();

  // Holiday-calendar years added by an admin after release (the shipped ones are files).
  await db.schema
    .createTable('calendar_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('days', 'jsonb', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('added_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('0001_foundation cannot be reverted');
}
