import { UserIdSchema, OfficeIdSchema } from '@zhengming/contracts';
import { describe, expect, it } from 'vitest';
import { compiledSqlOf } from '../../test-support/compiled-sql.js';
import {
  findLivePrincipal,
  listActiveLeaderPaths,
  listGrantsOfUsers,
  listPendingGrantsUnder,
  listUsers,
} from './users.repository.js';

const USER = UserIdSchema.parse('00000000-0000-4000-8000-000000000001');
const OFFICE = OfficeIdSchema.parse('00000000-0000-4000-8000-000000000002');

describe('users.repository SQL', () => {
  it('lists the users of a subtree: those holding a live grant there or created there', async () => {
    expect(await compiledSqlOf((db) => listUsers(db, '/root/district/'))).toMatchInlineSnapshot(`
      [
        "select * from "users" where (exists (select "role_grants"."id" from "role_grants" inner join "offices" on "offices"."id" = "role_grants"."office_id" where "role_grants"."user_id" = "users"."id" and "role_grants"."status" in ($1, $2) and "offices"."path" like $3) or (exists (select "home"."id" from "offices" as "home" where "home"."id" = "users"."home_office_id" and "home"."path" like $4) and not exists (select "role_grants"."id" from "role_grants" where "role_grants"."user_id" = "users"."id" and "role_grants"."status" in ($5, $6)))) order by "username"",
      ]
    `);
  });

  it('lists the grants of many users with their offices in one query', async () => {
    expect(await compiledSqlOf((db) => listGrantsOfUsers(db, [USER], '/root/'))).toMatchInlineSnapshot(`
      [
        "select "role_grants"."id", "role_grants"."user_id", "role_grants"."office_id", "role_grants"."role", "role_grants"."is_principal", "role_grants"."status", "role_grants"."requested_by", "role_grants"."approved_by", "role_grants"."approval_kind", "role_grants"."created_at", "offices"."name" as "office_name", "offices"."path" as "office_path" from "role_grants" inner join "offices" on "offices"."id" = "role_grants"."office_id" where "role_grants"."user_id" in ($1) and "offices"."path" like $2 order by "offices"."path", "role_grants"."role", "role_grants"."created_at"",
      ]
    `);
  });

  it('finds the live principal of an office', async () => {
    expect(await compiledSqlOf((db) => findLivePrincipal(db, OFFICE, null))).toMatchInlineSnapshot(`
      [
        "select "id" from "role_grants" where "office_id" = $1 and "is_principal" = $2 and "status" in ($3, $4)",
      ]
    `);
  });

  it('lists the paths where a user leads, and the pending grants below a path', async () => {
    expect(
      await compiledSqlOf(async (db) => {
        await listActiveLeaderPaths(db, USER);
        await listPendingGrantsUnder(db, '/root/');
      }),
    ).toMatchInlineSnapshot(`
      [
        "select "offices"."path" from "role_grants" inner join "offices" on "offices"."id" = "role_grants"."office_id" inner join "users" on "users"."id" = "role_grants"."user_id" where "role_grants"."user_id" = $1 and "role_grants"."role" = $2 and "role_grants"."status" = $3 and "users"."is_disabled" = $4",
        "select "role_grants"."id", "role_grants"."user_id", "role_grants"."office_id", "role_grants"."role", "role_grants"."is_principal", "role_grants"."status", "role_grants"."requested_by", "role_grants"."approved_by", "role_grants"."approval_kind", "role_grants"."created_at", "offices"."name" as "office_name", "offices"."path" as "office_path", "users"."username", "users"."display_name", "requester"."display_name" as "requested_by_name" from "role_grants" inner join "offices" on "offices"."id" = "role_grants"."office_id" inner join "users" on "users"."id" = "role_grants"."user_id" left join "users" as "requester" on "requester"."id" = "role_grants"."requested_by" where "role_grants"."status" = $1 and "offices"."path" like $2 order by "role_grants"."created_at", "role_grants"."id"",
      ]
    `);
  });
});
