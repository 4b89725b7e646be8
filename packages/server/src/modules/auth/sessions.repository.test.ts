import { UserIdSchema } from '@zhengming/contracts';
import { describe, expect, it } from 'vitest';
import { compiledSqlOf } from '../../test-support/compiled-sql.js';
import { endSessionsOfUser, findSessionWithUser, listActiveGrantsWithOffices } from './sessions.repository.js';

const USER = UserIdSchema.parse('00000000-0000-4000-8000-000000000001');

describe('sessions.repository SQL', () => {
  it('resolves a session with its user and its memberships: the queries of every request', async () => {
    expect(
      await compiledSqlOf(async (db) => {
        await findSessionWithUser(db, 'f'.repeat(64));
        await listActiveGrantsWithOffices(db, USER);
      }),
    ).toMatchInlineSnapshot(`
      [
        "select "sessions"."token_hash", "sessions"."user_id", "sessions"."step", "sessions"."csrf_token", "sessions"."active_office_id", "sessions"."last_seen_at", "sessions"."expires_at", "sessions"."ended_at", "users"."username", "users"."display_name", "users"."is_disabled" from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where "sessions"."token_hash" = $1",
        "select "offices"."id", "offices"."name", "offices"."level", "offices"."path", "role_grants"."role", "role_grants"."is_principal" from "role_grants" inner join "offices" on "offices"."id" = "role_grants"."office_id" where "role_grants"."user_id" = $1 and "role_grants"."status" = $2 order by "offices"."path", "role_grants"."role"",
      ]
    `);
  });

  it('ends the other live sessions of a user', async () => {
    expect(await compiledSqlOf((db) => endSessionsOfUser(db, USER, new Date(0), 'f'.repeat(64))))
      .toMatchInlineSnapshot(`
      [
        "update "sessions" set "ended_at" = $1 where "user_id" = $2 and "token_hash" <> $3 and "ended_at" is null",
      ]
    `);
  });
});
