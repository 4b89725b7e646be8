import { sql, type Kysely } from 'kysely';

/**
 * A second layer under the hash chains: the database itself refuses to update, delete or truncate audit
 * entries, and to delete or truncate chain heads (heads are updated by every append). A superuser can still
 * disable the triggers — which is what the hash chains and exported heads detect.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the audit log is append-only (% on %)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END
    $$`.execute(db);
  await sql`CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`.execute(db);
  await sql`CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`.execute(db);
  await sql`CREATE TRIGGER audit_heads_no_delete BEFORE DELETE ON audit_heads
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`.execute(db);
  await sql`CREATE TRIGGER audit_heads_no_truncate BEFORE TRUNCATE ON audit_heads
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0003_audit_append_only cannot be reverted');
}
