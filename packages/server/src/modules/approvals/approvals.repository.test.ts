import { ApprovalIdSchema, OfficeIdSchema, UserIdSchema } from '@zhengming/contracts';
import { describe, expect, it } from 'vitest';
import { compiledSqlOf } from '../../test-support/compiled-sql.js';
import { findApproval, holdsActiveGrant, listApprovalsOfItem, listDecidableApprovals } from './approvals.repository.js';

const USER = UserIdSchema.parse('00000000-0000-4000-8000-000000000001');
const OFFICE = OfficeIdSchema.parse('00000000-0000-4000-8000-000000000002');
const APPROVAL = ApprovalIdSchema.parse('00000000-0000-4000-8000-000000000003');

describe('approvals.repository SQL', () => {
  it('lists the inbox in one query: pending, internal, below the active office, role held there, not the proposer', async () => {
    expect(await compiledSqlOf((db) => listDecidableApprovals(db, { userId: USER, activeOfficeId: OFFICE })))
      .toMatchInlineSnapshot(`
        [
          "select "a".*, "office"."name" as "office_name", "office"."path" as "office_path", "proposer"."display_name" as "proposed_by_name", "decider"."display_name" as "decided_by_name", "recorder"."display_name" as "recorded_by_name" from "approvals" as "a" inner join "offices" as "office" on "office"."id" = "a"."office_id" inner join "users" as "proposer" on "proposer"."id" = "a"."proposed_by" left join "users" as "decider" on "decider"."id" = "a"."decided_by" left join "users" as "recorder" on "recorder"."id" = "a"."external_recorded_by" inner join "offices" as "active" on "active"."id" = $1 where "a"."status" = $2 and "a"."approver_kind" = $3 and "a"."proposed_by" <> $4 and "office"."path" like concat("active"."path", '%') and exists (select "g"."id" from "role_grants" as "g" inner join "users" as "approver" on "approver"."id" = "g"."user_id" where "g"."user_id" = $5 and "g"."office_id" = "active"."id" and "g"."role" = "a"."required_role" and "g"."status" = $6 and "approver"."is_disabled" = $7 and ("a"."requires_principal" = $8 or "g"."is_principal" = $9)) order by "a"."proposed_at", "a"."id"",
        ]
      `);
  });

  it('reads one approval, and the approvals of an item, with their names', async () => {
    expect(
      await compiledSqlOf(async (db) => {
        await findApproval(db, APPROVAL);
        await listApprovalsOfItem(db, 'complaint', APPROVAL);
      }),
    ).toMatchInlineSnapshot(`
      [
        "select "a".*, "office"."name" as "office_name", "office"."path" as "office_path", "proposer"."display_name" as "proposed_by_name", "decider"."display_name" as "decided_by_name", "recorder"."display_name" as "recorded_by_name" from "approvals" as "a" inner join "offices" as "office" on "office"."id" = "a"."office_id" inner join "users" as "proposer" on "proposer"."id" = "a"."proposed_by" left join "users" as "decider" on "decider"."id" = "a"."decided_by" left join "users" as "recorder" on "recorder"."id" = "a"."external_recorded_by" where "a"."id" = $1",
        "select "a".*, "office"."name" as "office_name", "office"."path" as "office_path", "proposer"."display_name" as "proposed_by_name", "decider"."display_name" as "decided_by_name", "recorder"."display_name" as "recorded_by_name" from "approvals" as "a" inner join "offices" as "office" on "office"."id" = "a"."office_id" inner join "users" as "proposer" on "proposer"."id" = "a"."proposed_by" left join "users" as "decider" on "decider"."id" = "a"."decided_by" left join "users" as "recorder" on "recorder"."id" = "a"."external_recorded_by" where "a"."item_type" = $1 and "a"."item_id" = $2 order by "a"."proposed_at", "a"."id"",
      ]
    `);
  });

  it('checks an approver’s grant in the database', async () => {
    expect(
      await compiledSqlOf((db) =>
        holdsActiveGrant(db, { userId: USER, officeId: OFFICE, role: 'leader', isPrincipalRequired: true }),
      ),
    ).toMatchInlineSnapshot(`
      [
        "select "role_grants"."id" from "role_grants" inner join "users" on "users"."id" = "role_grants"."user_id" where "role_grants"."user_id" = $1 and "role_grants"."office_id" = $2 and "role_grants"."role" = $3 and "role_grants"."status" = $4 and "users"."is_disabled" = $5 and "role_grants"."is_principal" = $6",
      ]
    `);
  });
});
