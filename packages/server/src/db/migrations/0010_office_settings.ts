import { sql, type Kysely } from 'kysely';

/**
 * Per-office settings (docs/ACCESS.md, data class `office-settings`): the prefix and word of the office's complaint
 * numbers, its key periods (election windows), whether the online channel records the reporter's IP and device,
 * and the shared endpoints excluded from that record. One row per office, written only when an admin saves; an
 * office without a row has the defaults. The lists are jsonb arrays: `[{ name, kind?, from, to, units? }]` and
 * `[{ kind, value, note }]`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('office_settings')
    .addColumn('office_id', 'uuid', (c) => c.primaryKey().references('offices.id'))
    .addColumn('number_prefix', 'text', (c) => c.notNull())
    .addColumn('number_word', 'text', (c) => c.notNull())
    .addColumn('key_periods', 'jsonb', (c) =>
      c
        .notNull()
        .defaultTo(sql`'[]'::jsonb`)
        .check(sql`jsonb_typeof(key_periods) = 'array'`),
    )
    .addColumn('records_online_identifiers', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('routing_requires_approval', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('shared_endpoints', 'jsonb', (c) =>
      c
        .notNull()
        .defaultTo(sql`'[]'::jsonb`)
        .check(sql`jsonb_typeof(shared_endpoints) = 'array'`),
    )
    .addColumn('updated_by', 'uuid', (c) => c.references('users.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('office_settings').execute();
}
