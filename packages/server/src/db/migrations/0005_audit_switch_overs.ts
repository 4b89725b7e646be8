import { sql, type Kysely } from 'kysely';

/**
 * The keyed audit chain (docs/OPERATIONS.md, "Audit"): entries appended from now on are hashed with HMAC-SHA-256
 * under a subkey of the data key. Each chain's switch-over — the first seq hashed with the key, the hash of the
 * entry before it, and an HMAC over both — is recorded here by the chain's first append after this migration
 * (seq 1 for a new chain); the entries before it keep their plain SHA-256. Rows are never changed: the triggers
 * of migration 0003's function refuse update, delete and truncate, as for the entries.
 * Frozen: never edit after release; add a new migration instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_switch_overs')
    .addColumn('chain_id', 'text', (c) => c.primaryKey())
    .addColumn('keyed_from_seq', 'bigint', (c) => c.notNull().check(sql`keyed_from_seq >= 1`))
    .addColumn('prefix_hash', 'text', (c) => c.notNull())
    .addColumn('mac', 'text', (c) => c.notNull())
    .execute();
  await sql`CREATE TRIGGER audit_switch_overs_append_only BEFORE UPDATE OR DELETE ON audit_switch_overs
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`.execute(db);
  await sql`CREATE TRIGGER audit_switch_overs_no_truncate BEFORE TRUNCATE ON audit_switch_overs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0005_audit_switch_overs cannot be reverted');
}
