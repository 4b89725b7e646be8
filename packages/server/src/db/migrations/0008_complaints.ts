import { sql, type Kysely } from 'kysely';

/**
 * Complaints (检举控告), their reporters (sealed), co-signers, allegations and subjects; the subject register
 * (被反映人) per office; leads (问题线索) with their handling team and recusal list; approved identity reveals.
 *
 * Identity values are never stored in plain text: `*_sealed` columns hold AES-256-GCM under the data key, and the
 * `*_key` / `linkage_keys` columns HMAC-SHA-256 linkage values under the versioned linkage subkey, for screening.
 * `complaints.assigned_user_ids` and `recused_user_ids` copy the handling teams and recusal lists of the
 * complaint's leads (and subjects' linked users), kept in the same transaction as the change, so that a list is
 * filtered by the access matrix in one query.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('complaint_counters')
    .addColumn('office_id', 'uuid', (c) => c.notNull().references('offices.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_serial', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('complaint_counters_pk', ['office_id', 'year'])
    .execute();

  await db.schema
    .createTable('subjects')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('office_id', 'uuid', (c) => c.notNull().references('offices.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('position', 'text')
    .addColumn('rank_level', 'text')
    .addColumn('is_party_member', 'boolean')
    .addColumn('is_candidate', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('linked_user_id', 'uuid', (c) => c.references('users.id'))
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('unit_key', 'text', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subjects_office_name').on('subjects').columns(['office_id', 'name_key']).execute();

  await db.schema
    .createTable('leads')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('office_id', 'uuid', (c) => c.notNull().references('offices.id'))
    .addColumn('subject_id', 'uuid', (c) => c.notNull().references('subjects.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('open')`))
    .addColumn('created_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('leads_subject').on('leads').columns(['subject_id', 'office_id']).execute();
  // One open lead per subject in an office: two registrations at once about a new subject meet on one lead.
  await sql`CREATE UNIQUE INDEX leads_one_open ON leads (office_id, subject_id) WHERE status = 'open'`.execute(db);

  await db.schema
    .createTable('lead_team_members')
    .addColumn('lead_id', 'uuid', (c) => c.notNull().references('leads.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('added_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .addColumn('approval_id', 'uuid')
    .addPrimaryKeyConstraint('lead_team_members_pk', ['lead_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('lead_recusals')
    .addColumn('lead_id', 'uuid', (c) => c.notNull().references('leads.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('added_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('lead_recusals_pk', ['lead_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('complaints')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('office_id', 'uuid', (c) => c.notNull().references('offices.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('serial', 'integer', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel IN ('letter', 'visit', 'phone', 'online', 'referred')`),
    )
    .addColumn('referring_organ', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('registered_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('jurisdiction', 'text', (c) =>
      c.notNull().check(sql`jurisdiction IN ('handle', 'up', 'up_principal', 'down')`),
    )
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status IN ('registered', 'incoming', 'transfer_pending', 'passed_up', 'sent_down')`),
    )
    .addColumn('is_stub', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('text', 'text')
    .addColumn('is_repeat', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('has_no_substance', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('external_reference', 'text')
    .addColumn('is_anonymous', 'boolean', (c) => c.notNull())
    .addColumn('reporter_status', 'text', (c) =>
      c.notNull().check(sql`reporter_status IN ('anonymous', 'claimed', 'confirmed', 'denied')`),
    )
    .addColumn('reporter_checked_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('reporter_checked_at', 'timestamptz')
    .addColumn('reporter_check_method', 'text')
    .addColumn('cosigner_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('destination_office_id', 'uuid', (c) => c.references('offices.id'))
    .addColumn('transfer_due', 'jsonb')
    .addColumn('transfer_approval_id', 'uuid')
    .addColumn('transferred_at', 'timestamptz')
    .addColumn('transferred_complaint_id', 'uuid')
    .addColumn('source_complaint_id', 'uuid')
    .addColumn('source_office_id', 'uuid', (c) => c.references('offices.id'))
    .addColumn('decision_due', 'jsonb')
    .addColumn('notice_owed', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('notice_due', 'jsonb')
    .addColumn('notice_sent_on', 'date')
    .addColumn('notice_method', 'text')
    .addColumn('notice_sent_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('assigned_user_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    .addColumn('recused_user_ids', sql`uuid[]`, (c) => c.notNull().defaultTo(sql`'{}'::uuid[]`))
    .addUniqueConstraint('complaints_number_unique', ['office_id', 'year', 'serial'])
    .execute();
  await sql`CREATE INDEX complaints_office_registered ON complaints (office_id, registered_at DESC, id DESC)`.execute(
    db,
  );

  await db.schema
    .createTable('complaint_reporters')
    .addColumn('complaint_id', 'uuid', (c) => c.primaryKey().references('complaints.id'))
    .addColumn('identity_sealed', 'text', (c) => c.notNull())
    .addColumn('linkage_version', 'integer', (c) => c.notNull())
    .addColumn('name_key', 'text')
    .addColumn('linkage_keys', sql`text[]`, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('complaint_reporters_name_key').on('complaint_reporters').column('name_key').execute();

  await db.schema
    .createTable('complaint_cosigners')
    .addColumn('complaint_id', 'uuid', (c) => c.notNull().references('complaints.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name_sealed', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('is_denied', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('denial_method', 'text')
    .addColumn('denial_recorded_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('denial_recorded_at', 'timestamptz')
    .addPrimaryKeyConstraint('complaint_cosigners_pk', ['complaint_id', 'position'])
    .execute();

  await db.schema
    .createTable('complaint_allegations')
    .addColumn('complaint_id', 'uuid', (c) => c.notNull().references('complaints.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addPrimaryKeyConstraint('complaint_allegations_pk', ['complaint_id', 'position'])
    .execute();

  await db.schema
    .createTable('complaint_subjects')
    .addColumn('complaint_id', 'uuid', (c) => c.notNull().references('complaints.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit', 'text')
    .addColumn('position_title', 'text')
    .addColumn('rank_level', 'text')
    .addColumn('is_party_member', 'boolean')
    .addColumn('is_candidate', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('subject_id', 'uuid', (c) => c.references('subjects.id'))
    .addColumn('lead_id', 'uuid', (c) => c.references('leads.id'))
    .addPrimaryKeyConstraint('complaint_subjects_pk', ['complaint_id', 'position'])
    .execute();
  await db.schema.createIndex('complaint_subjects_lead').on('complaint_subjects').column('lead_id').execute();
  await db.schema.createIndex('complaint_subjects_subject').on('complaint_subjects').column('subject_id').execute();

  await db.schema
    .createTable('subject_match_tasks')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('office_id', 'uuid', (c) => c.notNull().references('offices.id'))
    .addColumn('complaint_id', 'uuid', (c) => c.notNull().references('complaints.id'))
    .addColumn('subject_id', 'uuid', (c) => c.notNull().references('subjects.id'))
    .addColumn('candidate_ids', sql`uuid[]`, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('open', 'merged', 'distinct')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('resolved_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('subject_match_tasks_open')
    .on('subject_match_tasks')
    .columns(['office_id', 'status'])
    .execute();

  await db.schema
    .createTable('identity_reveals')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('complaint_id', 'uuid', (c) => c.notNull().references('complaints.id'))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('approval_id', 'uuid', (c) => c.notNull())
    .addColumn('valid_from', 'timestamptz', (c) => c.notNull())
    .addColumn('valid_until', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('identity_reveals_user')
    .on('identity_reveals')
    .columns(['complaint_id', 'user_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('0008_complaints cannot be reverted');
}
