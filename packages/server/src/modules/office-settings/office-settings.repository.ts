import type { OfficeId } from '@zhengming/contracts';
import type { Insertable } from 'kysely';
import type { OfficeSettingsTable } from '../../db/database.js';
import type { Db } from '../../deps.js';

/** Queries over per-office settings (migration 0010); no decisions. `db` may be a transaction. */

/**
 * An office (its name and path, for the defaults and the admin's scope) with its saved settings and the display
 * name of whoever saved them; the settings columns are null when the office has none saved. Undefined when the
 * office does not exist.
 */
export function findOfficeWithSettings(db: Db, officeId: OfficeId) {
  return db
    .selectFrom('offices')
    .leftJoin('office_settings', 'office_settings.office_id', 'offices.id')
    .leftJoin('users', 'users.id', 'office_settings.updated_by')
    .select([
      'offices.id as office_id',
      'offices.name as office_name',
      'offices.path as office_path',
      'office_settings.number_prefix',
      'office_settings.number_word',
      'office_settings.key_periods',
      'office_settings.records_online_identifiers',
      'office_settings.routing_requires_approval',
      'office_settings.shared_endpoints',
      'office_settings.updated_at',
      'users.display_name as updated_by_name',
    ])
    .where('offices.id', '=', officeId)
    .executeTakeFirst();
}

/** An office with its settings, as `findOfficeWithSettings` reads it. */
export type OfficeWithSettingsRow = NonNullable<Awaited<ReturnType<typeof findOfficeWithSettings>>>;

/** Locks the office row until the end of the transaction, so that two saves of its settings take turns. */
export async function lockOffice(db: Db, officeId: OfficeId): Promise<boolean> {
  const row = await db.selectFrom('offices').select('id').where('id', '=', officeId).forUpdate().executeTakeFirst();
  return row !== undefined;
}

/** Inserts the office's settings or replaces them all. */
export async function upsertOfficeSettings(db: Db, row: Insertable<OfficeSettingsTable>): Promise<void> {
  await db
    .insertInto('office_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('office_id').doUpdateSet((eb) => ({
        number_prefix: eb.ref('excluded.number_prefix'),
        number_word: eb.ref('excluded.number_word'),
        key_periods: eb.ref('excluded.key_periods'),
        records_online_identifiers: eb.ref('excluded.records_online_identifiers'),
        routing_requires_approval: eb.ref('excluded.routing_requires_approval'),
        shared_endpoints: eb.ref('excluded.shared_endpoints'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}
