import { UserIdSchema, OfficeIdSchema } from '@zhengming/contracts';
import { describe, expect, it } from 'vitest';
import { findOfficePaths } from '../../access/access.repository.js';
import { compiledSqlOf } from '../../test-support/compiled-sql.js';
import { listOffices, listOfficesOfMember } from './offices.repository.js';

const USER = UserIdSchema.parse('00000000-0000-4000-8000-000000000001');
const OFFICE = OfficeIdSchema.parse('00000000-0000-4000-8000-000000000002');
const OTHER_OFFICE = OfficeIdSchema.parse('00000000-0000-4000-8000-000000000003');

describe('offices.repository SQL', () => {
  it('lists a subtree by its materialised path', async () => {
    expect(await compiledSqlOf((db) => listOffices(db, '/root/district/'))).toMatchInlineSnapshot(`
      [
        "select * from "offices" where "path" like $1 order by "path"",
      ]
    `);
  });

  it('lists the offices where a user holds a grant', async () => {
    expect(await compiledSqlOf((db) => listOfficesOfMember(db, USER))).toMatchInlineSnapshot(`
      [
        "select * from "offices" where exists (select "role_grants"."id" from "role_grants" where "role_grants"."office_id" = "offices"."id" and "role_grants"."user_id" = $1 and "role_grants"."status" = $2) order by "path"",
      ]
    `);
  });

  it('reads the paths the access matrix compares', async () => {
    expect(await compiledSqlOf((db) => findOfficePaths(db, [OFFICE, OTHER_OFFICE]))).toMatchInlineSnapshot(`
      [
        "select "id", "path" from "offices" where "id" in ($1, $2)",
      ]
    `);
  });
});
