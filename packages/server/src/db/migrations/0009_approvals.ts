import { sql, type Kysely } from 'kysely';

/**
 * Approvals (issue 11, "Approvals, once"): one row per proposal of a consequential step — revealing a reporter's
 * identity, passing a complaint up, routing a lead, and the kinds later issues add (so no CHECK on `kind` or
 * `item_type`). `office_id` is the office whose step it is: its approvers hold `required_role` there or in an
 * ancestor. `item_id` names a complaint or a lead (polymorphic, so no foreign key). `payload` holds the kind's
 * parameters, never identity. An `external` approval is decided outside the system and only recorded
 * (`external_*`). Rows are never deleted: a proposal ends approved, returned or withdrawn.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('approvals')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('office_id', 'uuid', (c) => c.notNull().references('offices.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('item_type', 'text', (c) => c.notNull())
    .addColumn('item_id', 'uuid', (c) => c.notNull())
    .addColumn('item_label', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('required_role', 'text', (c) => c.notNull())
    .addColumn('requires_principal', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('approver_kind', 'text', (c) => c.notNull().check(sql`approver_kind IN ('internal', 'external')`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status IN ('pending', 'approved', 'returned', 'withdrawn')`),
    )
    .addColumn('proposed_by', 'uuid', (c) => c.notNull().references('users.id'))
    .addColumn('proposed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('decided_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_reason', 'text')
    .addColumn('external_approver_name', 'text')
    .addColumn('external_approver_position', 'text')
    .addColumn('external_date', 'text', (c) => c.check(sql`external_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addColumn('external_document', 'text')
    .addColumn('external_recorded_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('external_recorded_at', 'timestamptz')
    .execute();
  // An external decision is recorded in full or not at all, and only on an external approval.
  await sql`ALTER TABLE approvals ADD CONSTRAINT approvals_external_complete CHECK (
    (external_recorded_by IS NULL AND external_recorded_at IS NULL AND external_approver_name IS NULL
      AND external_approver_position IS NULL AND external_date IS NULL AND external_document IS NULL)
    OR (approver_kind = 'external' AND external_recorded_by IS NOT NULL AND external_recorded_at IS NOT NULL
      AND external_approver_name IS NOT NULL AND external_approver_position IS NOT NULL
      AND external_date IS NOT NULL AND external_document IS NOT NULL))`.execute(db);
  // A decided approval says when; a pending one has no decision. Four eyes hold in the data too.
  await sql`ALTER TABLE approvals ADD CONSTRAINT approvals_decision_shape CHECK (
    (status = 'pending') = (decided_at IS NULL)
    AND (decided_by IS NULL OR decided_by <> proposed_by))`.execute(db);
  // The inbox: pending approvals by office (the office paths are joined from there).
  await sql`CREATE INDEX approvals_pending_office ON approvals (office_id, proposed_at) WHERE status = 'pending'`.execute(
    db,
  );
  // The approvals of one item, for the module that owns it.
  await sql`CREATE INDEX approvals_item ON approvals (item_type, item_id, proposed_at)`.execute(db);
  // A proposer's own proposals.
  await sql`CREATE INDEX approvals_proposed_by ON approvals (proposed_by, proposed_at)`.execute(db);
  // One pending proposal of a kind per item and proposer: asking twice is a mistake, not a second request.
  await sql`CREATE UNIQUE INDEX approvals_one_pending ON approvals (item_type, item_id, kind, proposed_by)
    WHERE status = 'pending'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0009_approvals cannot be reverted');
}
