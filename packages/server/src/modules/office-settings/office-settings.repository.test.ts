import { OfficeIdSchema, UserIdSchema } from '@zhengming/contracts';
import { describe, expect, it } from 'vitest';
import { compiledSqlOf } from '../../test-support/compiled-sql.js';
import { findOfficeWithSettings, lockOffice, upsertOfficeSettings } from './office-settings.repository.js';

const OFFICE = OfficeIdSchema.parse('00000000-0000-4000-8000-000000000002');
const USER = UserIdSchema.parse('00000000-0000-4000-8000-000000000001');

describe('office-settings.repository SQL', () => {
  it('reads an office with its settings and who saved them, in one query', async () => {
    expect(await compiledSqlOf((db) => findOfficeWithSettings(db, OFFICE))).toMatchInlineSnapshot(`
      [
        "select "offices"."id" as "office_id", "offices"."name" as "office_name", "offices"."path" as "office_path", "office_settings"."number_prefix", "office_settings"."number_word", "office_settings"."key_periods", "office_settings"."records_online_identifiers", "office_settings"."routing_requires_approval", "office_settings"."shared_endpoints", "office_settings"."updated_at", "users"."display_name" as "updated_by_name" from "offices" left join "office_settings" on "office_settings"."office_id" = "offices"."id" left join "users" on "users"."id" = "office_settings"."updated_by" where "offices"."id" = $1",
      ]
    `);
  });

  it('locks the office and replaces its settings row', async () => {
    expect(
      await compiledSqlOf(async (db) => {
        await lockOffice(db, OFFICE);
        await upsertOfficeSettings(db, {
          office_id: OFFICE,
          number_prefix: '东湖镇纪委',
          number_word: '信',
          key_periods: '[]',
          records_online_identifiers: false,
          routing_requires_approval: false,
          shared_endpoints: '[]',
          updated_by: USER,
          updated_at: new Date(0),
        });
      }),
    ).toMatchInlineSnapshot(`
      [
        "select "id" from "offices" where "id" = $1 for update",
        "insert into "office_settings" ("office_id", "number_prefix", "number_word", "key_periods", "records_online_identifiers", "routing_requires_approval", "shared_endpoints", "updated_by", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict ("office_id") do update set "number_prefix" = "excluded"."number_prefix", "number_word" = "excluded"."number_word", "key_periods" = "excluded"."key_periods", "records_online_identifiers" = "excluded"."records_online_identifiers", "routing_requires_approval" = "excluded"."routing_requires_approval", "shared_endpoints" = "excluded"."shared_endpoints", "updated_by" = "excluded"."updated_by", "updated_at" = "excluded"."updated_at"",
      ]
    `);
  });
});
