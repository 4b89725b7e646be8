import type { OfficeId, UserId } from '@zhengming/contracts';
import { sql } from 'kysely';
import type { Actor } from '../access/actor.js';
import { GrantService } from '../modules/users/grants.service.js';
import { UserService } from '../modules/users/users.service.js';
import { buildActor } from './builders.js';
import { buildOfficeTree, type OfficeTree } from './matrix-harness.js';
import { buildTestApp, type TestApp } from './test-app.js';

/*
 * The shared setting of the user and grant service tests: the matrix office tree (builders), and admins and
 * leaders set up through the services themselves — unlike buildUser, which inserts directly — because these tests
 * check what the services recorded for them (the root leader's bootstrap grant and its audit entry, the home
 * offices and approvals). The operator is `buildActor()`, whose label the audit details show. Typical use:
 *
 *   let f: UsersFixture;
 *   beforeAll(async () => { f = await buildUsersFixture(); }, 120_000);
 *   afterAll(async () => { await f.t.close(); });
 */

/** The user id of a user actor ('' for the operator). */
export function userIdOf(actor: Actor): UserId {
  if (actor.kind !== 'user') {
    throw new Error('userIdOf: the operator has no user id');
  }
  return actor.userId;
}

/** A test app with the services, the office tree and its admins and leaders, and helpers to add more. */
export interface UsersFixture {
  t: TestApp;
  users: UserService;
  grants: GrantService;
  tree: OfficeTree;
  adminCity: Actor;
  adminA: Actor;
  adminB: Actor;
  leaderCity: Actor;
  leaderA: Actor;
  leaderA1: Actor;
  leaderB: Actor;
  /** A new account without roles, created by `by` (the operator by default); its id. */
  newUser(by?: Actor): Promise<UserId>;
  /** A new user with an active admin grant in the office, as an actor there. */
  newAdmin(officeId: OfficeId): Promise<Actor>;
  /** The user's role_grants rows, in any status. */
  grantsOf(userId: UserId): ReturnType<typeof selectGrantsOf>;
  /** The audit entries that name `targetId` among their targets, oldest first. */
  auditFor(targetId: string): ReturnType<typeof selectAuditFor>;
}

const selectGrantsOf = (t: TestApp, userId: UserId) =>
  t.deps.db.selectFrom('role_grants').selectAll().where('user_id', '=', userId).execute();

const selectAuditFor = (t: TestApp, targetId: string) =>
  t.deps.db
    .selectFrom('audit_entries')
    .selectAll()
    .where(sql<boolean>`${targetId} = any(target_ids)`)
    .orderBy('seq')
    .execute();

/**
 * Builds the fixture on a private database: root leader of the city (principal), leaders of district A (approved
 * by the city's), of township A1 (by district A's) and of district B (by the city's), and admins of the city and of
 * both districts. Usernames are `user1`, `user2` … in creation order.
 */
export async function buildUsersFixture(): Promise<UsersFixture> {
  const t = await buildTestApp();
  const users = new UserService({ db: t.deps.db, clock: t.clock, audit: t.deps.audit, sessions: t.sessions });
  const grants = new GrantService({ db: t.deps.db, clock: t.clock, audit: t.deps.audit });
  const tree = await buildOfficeTree(t);
  const operator = buildActor();
  let counter = 0;

  const newUser = async (by: Actor = operator): Promise<UserId> => {
    counter += 1;
    const { user } = await users.createUser(by, { username: `user${counter}`, displayName: `用户${counter}` });
    return user.id;
  };
  /** A user with an active leader grant, approved by `approver` (or bootstrapped at the root). */
  const newLeader = async (officeId: OfficeId, approver: Actor | null): Promise<Actor> => {
    const userId = await newUser();
    if (approver === null) {
      await grants.bootstrapRootLeader(operator, userId, { isPrincipal: true });
    } else {
      await grants.grantWithApprover(
        operator,
        userId,
        { officeId, role: 'leader', isPrincipal: false },
        userIdOf(approver),
      );
    }
    return buildActor({ userId, activeOfficeId: officeId, activeRoles: ['leader'] });
  };
  const newAdmin = async (officeId: OfficeId): Promise<Actor> => {
    const userId = await newUser();
    await grants.grantWithApprover(operator, userId, { officeId, role: 'admin', isPrincipal: false }, null);
    return buildActor({ userId, activeOfficeId: officeId, activeRoles: ['admin'] });
  };

  const leaderCity = await newLeader(tree.city, null);
  const leaderA = await newLeader(tree.districtA, leaderCity);
  const leaderA1 = await newLeader(tree.townA1, leaderA);
  const leaderB = await newLeader(tree.districtB, leaderCity);
  const adminCity = await newAdmin(tree.city);
  const adminA = await newAdmin(tree.districtA);
  const adminB = await newAdmin(tree.districtB);
  return {
    t,
    users,
    grants,
    tree,
    adminCity,
    adminA,
    adminB,
    leaderCity,
    leaderA,
    leaderA1,
    leaderB,
    newUser,
    newAdmin,
    grantsOf: (userId) => selectGrantsOf(t, userId),
    auditFor: (targetId) => selectAuditFor(t, targetId),
  };
}
