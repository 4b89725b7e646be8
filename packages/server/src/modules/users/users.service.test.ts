import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Role } from '@zhengming/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../access/actor.js';
import { buildOfficeTree, type OfficeTree } from '../../test-support/matrix-harness.js';
import { startTestSession } from '../../test-support/sessions.js';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';
import { verifyPassword } from '../auth/passwords.js';
import { UserService } from './users.service.js';

const operator: Actor = { kind: 'operator', label: 'test-operator' };

const actorOf = (userId: string, officeId: string, roles: Role[]): Actor => ({
  kind: 'user',
  userId,
  activeOfficeId: officeId,
  activeRoles: roles,
});

describe('UserService', () => {
  let t: TestApp;
  let users: UserService;
  let tree: OfficeTree;
  let counter = 0;
  /** Admins and leaders set up through the services themselves. */
  let adminCity: Actor;
  let adminA: Actor;
  let adminB: Actor;
  let leaderCity: Actor;
  let leaderA: Actor;
  let leaderA1: Actor;
  let leaderB: Actor;

  const newUser = async (by: Actor = operator): Promise<string> => {
    counter += 1;
    const { user } = await users.createUser(by, { username: `user${counter}`, displayName: `用户${counter}` });
    return user.id;
  };
  const userIdOf = (actor: Actor): string => (actor.kind === 'user' ? actor.userId : '');
  /** A user with an active leader grant, approved by `approver` (or bootstrapped at the root). */
  const newLeader = async (officeId: string, approver: Actor | null): Promise<Actor> => {
    const userId = await newUser();
    if (approver === null) {
      await users.bootstrapRootLeader(operator, userId, { isPrincipal: true });
    } else {
      await users.grantWithApprover(
        operator,
        userId,
        { officeId, role: 'leader', isPrincipal: false },
        userIdOf(approver),
      );
    }
    return actorOf(userId, officeId, ['leader']);
  };
  const newAdmin = async (officeId: string): Promise<Actor> => {
    const userId = await newUser();
    await users.grantWithApprover(operator, userId, { officeId, role: 'admin', isPrincipal: false }, null);
    return actorOf(userId, officeId, ['admin']);
  };
  const grantsOf = async (userId: string) =>
    t.deps.db.selectFrom('role_grants').selectAll().where('user_id', '=', userId).execute();
  const auditFor = async (targetId: string) =>
    t.deps.db
      .selectFrom('audit_entries')
      .selectAll()
      .where(sql<boolean>`${targetId} = any(target_ids)`)
      .orderBy('seq')
      .execute();

  beforeAll(async () => {
    t = await buildTestApp();
    users = new UserService({ db: t.deps.db, clock: t.clock, sessions: t.sessions });
    tree = await buildOfficeTree(t);
    leaderCity = await newLeader(tree.city, null);
    leaderA = await newLeader(tree.districtA, leaderCity);
    leaderA1 = await newLeader(tree.townA1, leaderA);
    leaderB = await newLeader(tree.districtB, leaderCity);
    adminCity = await newAdmin(tree.city);
    adminA = await newAdmin(tree.districtA);
    adminB = await newAdmin(tree.districtB);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  describe('createUser', () => {
    it('creates an account with a one-time password to change at first sign-in, in the admin’s office', async () => {
      const { user, oneTimePassword } = await users.createUser(adminA, { username: 'wang.fang', displayName: '王芳' });
      expect(user).toMatchObject({
        username: 'wang.fang',
        displayName: '王芳',
        isDisabled: false,
        hasTotp: false,
        grants: [],
      });
      const row = await t.deps.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(row.must_change_password).toBe(true);
      expect(row.home_office_id).toBe(tree.districtA);
      expect(await verifyPassword(row.password_hash, oneTimePassword)).toBe(true);
      const [entry] = await auditFor(user.id);
      expect(entry).toMatchObject({ action: 'user.created', chain_id: tree.districtA, actor_id: userIdOf(adminA) });
      expect(JSON.stringify(entry)).not.toContain(oneTimePassword);
    });

    it('refuses a username that is taken', async () => {
      await expect(
        users.createUser(adminB, { username: 'wang.fang', displayName: '另一个王芳' }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    });

    it('is for admins and the operator only', async () => {
      await expect(users.createUser(leaderA, { username: 'nobody', displayName: '无' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });
  });

  describe('listUsers', () => {
    it('shows an admin the users with a grant in its subtree and those it created without a grant', async () => {
      const fresh = await newUser(adminA);
      const elsewhere = await newUser(adminB);
      const listed = await users.listUsers(adminA);
      const ids = listed.map((u) => u.id);
      expect(ids).toEqual(expect.arrayContaining([fresh, userIdOf(leaderA), userIdOf(leaderA1), userIdOf(adminA)]));
      expect(ids).not.toContain(elsewhere);
      expect(ids).not.toContain(userIdOf(leaderB));
      expect(ids).not.toContain(userIdOf(leaderCity));
      expect(ids).not.toContain(userIdOf(adminCity));
      await expect(users.getUser(adminA, userIdOf(leaderB))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('shows a user’s grants only inside the admin’s subtree', async () => {
      const userId = await newUser();
      await users.grantWithApprover(
        operator,
        userId,
        { officeId: tree.townA1, role: 'monitor', isPrincipal: false },
        null,
      );
      await users.grantWithApprover(
        operator,
        userId,
        { officeId: tree.districtB, role: 'monitor', isPrincipal: false },
        null,
      );
      const seenByA = await users.getUser(adminA, userId);
      expect(seenByA.grants.map((g) => g.officeId)).toEqual([tree.townA1]);
      const seenByOperator = await users.getUser(operator, userId);
      expect(seenByOperator.grants.map((g) => g.officeId).sort()).toEqual([tree.townA1, tree.districtB].sort());
    });

    it('shows the operator every user', async () => {
      const ids = (await users.listUsers(operator)).map((u) => u.id);
      expect(ids).toEqual(expect.arrayContaining([userIdOf(leaderB), userIdOf(adminCity), userIdOf(leaderCity)]));
    });
  });

  describe('requestGrant', () => {
    it('refuses a grant to oneself', async () => {
      await expect(
        users.requestGrant(adminA, userIdOf(adminA), { officeId: tree.townA1, role: 'monitor', isPrincipal: false }),
      ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
    });

    it('refuses a content role to a user who holds admin anywhere', async () => {
      const userId = await newUser(adminA);
      await users.requestGrant(adminA, userId, { officeId: tree.townA1, role: 'admin', isPrincipal: false });
      await expect(
        users.requestGrant(adminCity, userId, { officeId: tree.districtB, role: 'intake', isPrincipal: false }),
      ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
      await expect(
        users.grantWithApprover(
          operator,
          userId,
          { officeId: tree.townA1, role: 'leader', isPrincipal: false },
          userIdOf(leaderA),
        ),
      ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
    });

    it('refuses admin to a user who holds or awaits a content role', async () => {
      const pendingUser = await newUser(adminA);
      await users.requestGrant(adminA, pendingUser, { officeId: tree.townA1, role: 'supervisor', isPrincipal: false });
      await expect(
        users.requestGrant(adminA, pendingUser, { officeId: tree.townA2, role: 'admin', isPrincipal: false }),
      ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
      await expect(
        users.requestGrant(adminCity, userIdOf(leaderA1), {
          officeId: tree.districtB,
          role: 'admin',
          isPrincipal: false,
        }),
      ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
    });

    it('creates a content grant pending, and it opens nothing until approved', async () => {
      const userId = await newUser(adminA);
      const grant = await users.requestGrant(adminA, userId, {
        officeId: tree.townA1,
        role: 'intake',
        isPrincipal: false,
      });
      expect(grant).toMatchObject({
        status: 'pending',
        role: 'intake',
        officeId: tree.townA1,
        officeName: '甲区一镇纪委',
      });
      expect(await t.sessions.membershipsOf(userId)).toEqual([]);
      const [row] = await grantsOf(userId);
      expect(row).toMatchObject({ requested_by: userIdOf(adminA), approved_by: null, status: 'pending' });
      expect((await auditFor(grant.id)).map((e) => [e.action, e.chain_id])).toEqual([['grant.requested', tree.townA1]]);
    });

    it('makes monitor and auditor active at once', async () => {
      const userId = await newUser(adminA);
      for (const role of ['monitor', 'auditor'] as const) {
        const grant = await users.requestGrant(adminA, userId, { officeId: tree.districtA, role, isPrincipal: false });
        expect(grant.status).toBe('active');
      }
      expect((await t.sessions.membershipsOf(userId))[0]?.roles.sort()).toEqual(['auditor', 'monitor']);
    });

    it('grants admin only from above: not at the admin’s own level, yes below it', async () => {
      const userId = await newUser(adminA);
      await expect(
        users.requestGrant(adminA, userId, { officeId: tree.districtA, role: 'admin', isPrincipal: false }),
      ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
      await expect(
        users.requestGrant(adminA, userId, { officeId: tree.townA2, role: 'admin', isPrincipal: false }),
      ).resolves.toMatchObject({ status: 'active', role: 'admin' });
    });

    it('keeps a sibling admin out: the office and the user are not found', async () => {
      const userId = await newUser(adminA);
      await expect(
        users.requestGrant(adminB, userId, { officeId: tree.districtB, role: 'monitor', isPrincipal: false }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(
        users.requestGrant(adminB, userIdOf(leaderB), { officeId: tree.townA1, role: 'monitor', isPrincipal: false }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('refuses the principal flag on any role but leader, and a second principal in an office', async () => {
      const userId = await newUser(adminA);
      await expect(
        users.requestGrant(adminA, userId, { officeId: tree.townA1, role: 'supervisor', isPrincipal: true }),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      const first = await users.requestGrant(adminA, userId, {
        officeId: tree.townA2,
        role: 'leader',
        isPrincipal: true,
      });
      expect(first.isPrincipal).toBe(true);
      const other = await newUser(adminA);
      await expect(
        users.requestGrant(adminA, other, { officeId: tree.townA2, role: 'leader', isPrincipal: true }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      // The root's principal is the bootstrapped leader.
      await expect(
        users.grantWithApprover(
          operator,
          other,
          { officeId: tree.city, role: 'leader', isPrincipal: true },
          userIdOf(leaderCity),
        ),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('refuses the same live role twice in one office', async () => {
      const userId = await newUser(adminA);
      await users.requestGrant(adminA, userId, { officeId: tree.townA1, role: 'reviewer', isPrincipal: false });
      await expect(
        users.requestGrant(adminA, userId, { officeId: tree.townA1, role: 'reviewer', isPrincipal: false }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });

  describe('approveGrant', () => {
    const pendingIntakeIn = async (officeId: string, admin: Actor = adminA) => {
      const userId = await newUser(admin);
      const grant = await users.requestGrant(admin, userId, { officeId, role: 'intake', isPrincipal: false });
      return { userId, grantId: grant.id };
    };

    it('lets a leader of the grant’s own office approve it, which opens the role', async () => {
      const { userId, grantId } = await pendingIntakeIn(tree.townA1);
      const approved = await users.approveGrant(leaderA1, grantId);
      expect(approved.status).toBe('active');
      expect((await t.sessions.membershipsOf(userId)).map((m) => [m.officeId, m.roles])).toEqual([
        [tree.townA1, ['intake']],
      ]);
      const [row] = await grantsOf(userId);
      expect(row).toMatchObject({ approved_by: userIdOf(leaderA1), approval_kind: 'leader' });
      expect((await auditFor(grantId)).map((e) => e.action)).toEqual(['grant.requested', 'grant.approved']);
    });

    it('lets a leader of an ancestor approve, and audits in both offices', async () => {
      const { grantId } = await pendingIntakeIn(tree.townA2);
      await expect(users.approveGrant(leaderCity, grantId)).resolves.toMatchObject({ status: 'active' });
      const approvals = (await auditFor(grantId)).filter((e) => e.action === 'grant.approved');
      expect(approvals.map((e) => e.chain_id).sort()).toEqual([tree.city, tree.townA2].sort());
    });

    it('does not let a leader of a child office or of a sibling approve', async () => {
      const { grantId } = await pendingIntakeIn(tree.districtA);
      await expect(users.approveGrant(leaderA1, grantId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(users.approveGrant(leaderB, grantId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const [row] = await t.deps.db.selectFrom('role_grants').select('status').where('id', '=', grantId).execute();
      expect(row?.status).toBe('pending');
    });

    it('does not let a leader approve a grant to itself', async () => {
      const grant = await users.requestGrant(adminA, userIdOf(leaderA), {
        officeId: tree.townA1,
        role: 'reviewer',
        isPrincipal: false,
      });
      await expect(users.approveGrant(leaderA, grant.id)).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
      await expect(users.approveGrant(leaderCity, grant.id)).resolves.toMatchObject({ status: 'active' });
    });

    it('does not let the requester approve', async () => {
      // Admins cannot be leaders, so this comes only from older data; the rule holds regardless.
      const userId = await newUser(adminA);
      const grantId = randomUUID();
      await t.deps.db
        .insertInto('role_grants')
        .values({
          id: grantId,
          user_id: userId,
          office_id: tree.townA1,
          role: 'supervisor',
          status: 'pending',
          requested_by: userIdOf(leaderA1),
          approved_by: null,
          approval_kind: null,
          created_at: t.clock.now(),
          decided_at: null,
        })
        .execute();
      await expect(users.approveGrant(leaderA1, grantId)).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
    });

    it('does not let a non-leader, or a user merely claiming the role, approve', async () => {
      const { grantId } = await pendingIntakeIn(tree.townA1);
      await expect(users.approveGrant(adminA, grantId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const impostor = actorOf(userIdOf(adminCity), tree.city, ['leader']);
      await expect(users.approveGrant(impostor, grantId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(users.approveGrant(operator, grantId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('refuses to approve twice, or a revoked grant', async () => {
      const { grantId } = await pendingIntakeIn(tree.townA1);
      await users.approveGrant(leaderA1, grantId);
      await expect(users.approveGrant(leaderA, grantId)).rejects.toMatchObject({ code: 'CONFLICT' });
      const other = await pendingIntakeIn(tree.townA1);
      await users.revokeGrant(adminA, other.grantId);
      await expect(users.approveGrant(leaderA1, other.grantId)).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('lists to a leader the pending grants it may approve: its office and below, not its own', async () => {
      const below = await pendingIntakeIn(tree.townA2);
      const above = await pendingIntakeIn(tree.city, adminCity);
      const own = await users.requestGrant(adminA, userIdOf(leaderA), {
        officeId: tree.townA2,
        role: 'supervisor',
        isPrincipal: false,
      });
      const listed = await users.listPendingGrants(leaderA);
      const ids = listed.map((g) => g.id);
      expect(ids).toContain(below.grantId);
      expect(ids).not.toContain(above.grantId);
      expect(ids).not.toContain(own.id);
      expect(listed.find((g) => g.id === below.grantId)).toMatchObject({
        role: 'intake',
        officeId: tree.townA2,
        requestedByName: expect.any(String),
        createdAt: t.clock.now().toISOString(),
      });
      expect((await users.listPendingGrants(leaderB)).map((g) => g.id)).not.toContain(below.grantId);
      await expect(users.listPendingGrants(adminA)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });

  describe('rejectGrant', () => {
    const pendingIntakeIn = async (officeId: string, admin: Actor = adminA) => {
      const userId = await newUser(admin);
      const grant = await users.requestGrant(admin, userId, { officeId, role: 'intake', isPrincipal: false });
      return { userId, grantId: grant.id };
    };
    const statusOf = async (grantId: string) =>
      (await t.deps.db.selectFrom('role_grants').select('status').where('id', '=', grantId).executeTakeFirst())?.status;

    it('lets a leader reject a pending grant: revoked by that leader, with the reason in the audit log', async () => {
      const { userId, grantId } = await pendingIntakeIn(tree.townA2);
      const rejected = await users.rejectGrant(leaderA, grantId, { reason: '  该同志尚未完成岗前培训  ' });
      expect(rejected).toMatchObject({ id: grantId, status: 'revoked', role: 'intake' });
      expect(await t.sessions.membershipsOf(userId)).toEqual([]);
      const [row] = await grantsOf(userId);
      expect(row).toMatchObject({ status: 'revoked', revoked_by: userIdOf(leaderA), approved_by: null });
      expect(new Date(row!.revoked_at!).toISOString()).toBe(t.clock.now().toISOString());
      const entries = (await auditFor(grantId)).filter((e) => e.action === 'grant.rejected');
      expect(entries.map((e) => e.chain_id).sort()).toEqual([tree.districtA, tree.townA2].sort());
      expect(entries[0]).toMatchObject({
        actor_id: userIdOf(leaderA),
        details: { role: 'intake', isPrincipal: false, reason: '该同志尚未完成岗前培训' },
      });
      expect((await users.listPendingGrants(leaderA)).map((g) => g.id)).not.toContain(grantId);
      // A rejected grant can be asked for again.
      await expect(
        users.requestGrant(adminA, userId, { officeId: tree.townA2, role: 'intake', isPrincipal: false }),
      ).resolves.toMatchObject({ status: 'pending' });
    });

    it('records no reason when none, or only blanks, is given', async () => {
      for (const input of [{}, { reason: '   ' }]) {
        const { grantId } = await pendingIntakeIn(tree.townA1);
        await users.rejectGrant(leaderA1, grantId, input);
        const [entry] = (await auditFor(grantId)).filter((e) => e.action === 'grant.rejected');
        expect(entry?.details).not.toHaveProperty('reason');
      }
    });

    it('does not let a leader of a child office or of a sibling reject', async () => {
      const { grantId } = await pendingIntakeIn(tree.districtA);
      await expect(users.rejectGrant(leaderA1, grantId, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(users.rejectGrant(leaderB, grantId, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await statusOf(grantId)).toBe('pending');
      expect((await auditFor(grantId)).map((e) => e.action)).toEqual(['grant.requested']);
    });

    it('does not let the grantee or the requester reject', async () => {
      const own = await users.requestGrant(adminA, userIdOf(leaderA), {
        officeId: tree.townA1,
        role: 'investigator',
        isPrincipal: false,
      });
      await expect(users.rejectGrant(leaderA, own.id, {})).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
      await expect(users.rejectGrant(leaderCity, own.id, {})).resolves.toMatchObject({ status: 'revoked' });

      const userId = await newUser(adminA);
      const grantId = randomUUID();
      await t.deps.db
        .insertInto('role_grants')
        .values({
          id: grantId,
          user_id: userId,
          office_id: tree.townA1,
          role: 'supervisor',
          status: 'pending',
          requested_by: userIdOf(leaderA1),
          approved_by: null,
          approval_kind: null,
          created_at: t.clock.now(),
          decided_at: null,
        })
        .execute();
      await expect(users.rejectGrant(leaderA1, grantId, {})).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
      expect(await statusOf(grantId)).toBe('pending');
    });

    it('does not let a non-leader, a user merely claiming the role, or the operator reject', async () => {
      const { grantId } = await pendingIntakeIn(tree.townA1);
      await expect(users.rejectGrant(adminA, grantId, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const impostor = actorOf(userIdOf(adminCity), tree.city, ['leader']);
      await expect(users.rejectGrant(impostor, grantId, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(users.rejectGrant(operator, grantId, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await statusOf(grantId)).toBe('pending');
    });

    it('refuses a grant that is no longer pending: approved, rejected or revoked', async () => {
      const approved = await pendingIntakeIn(tree.townA1);
      await users.approveGrant(leaderA1, approved.grantId);
      await expect(users.rejectGrant(leaderA, approved.grantId, {})).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await statusOf(approved.grantId)).toBe('active');
      const rejected = await pendingIntakeIn(tree.townA1);
      await users.rejectGrant(leaderA1, rejected.grantId, {});
      await expect(users.rejectGrant(leaderA, rejected.grantId, {})).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(users.approveGrant(leaderA, rejected.grantId)).rejects.toMatchObject({ code: 'CONFLICT' });
      const revoked = await pendingIntakeIn(tree.townA1);
      await users.revokeGrant(adminA, revoked.grantId);
      await expect(users.rejectGrant(leaderA1, revoked.grantId, {})).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });

  describe('grantWithApprover (CLI)', () => {
    it('creates a content grant approved by the named leader of the office or an ancestor', async () => {
      const userId = await newUser();
      const grant = await users.grantWithApprover(
        operator,
        userId,
        { officeId: tree.townA1, role: 'investigator', isPrincipal: false },
        userIdOf(leaderA),
      );
      expect(grant.status).toBe('active');
      expect((await grantsOf(userId))[0]).toMatchObject({
        approved_by: userIdOf(leaderA),
        approval_kind: 'cli-leader',
      });
    });

    it('obeys the same rule: no approver, a child-office leader or the grantee is refused', async () => {
      const userId = await newUser();
      const input = { officeId: tree.districtA, role: 'supervisor', isPrincipal: false } as const;
      await expect(users.grantWithApprover(operator, userId, input, null)).rejects.toMatchObject({
        code: 'GRANT_NOT_ALLOWED',
      });
      await expect(users.grantWithApprover(operator, userId, input, userIdOf(leaderA1))).rejects.toMatchObject({
        code: 'GRANT_NOT_ALLOWED',
      });
      await expect(users.grantWithApprover(operator, userId, input, userIdOf(leaderB))).rejects.toMatchObject({
        code: 'GRANT_NOT_ALLOWED',
      });
      await expect(
        users.grantWithApprover(
          operator,
          userIdOf(leaderA),
          { ...input, role: 'investigator', officeId: tree.townA2 },
          userIdOf(leaderA),
        ),
      ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
      expect(await grantsOf(userId)).toEqual([]);
    });

    it('is the operator’s path only', async () => {
      const userId = await newUser();
      await expect(
        users.grantWithApprover(adminCity, userId, { officeId: tree.city, role: 'monitor', isPrincipal: false }, null),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });

  describe('bootstrapRootLeader', () => {
    it('was recorded and audited for the first root leader', async () => {
      const [row] = await grantsOf(userIdOf(leaderCity));
      expect(row).toMatchObject({ role: 'leader', office_id: tree.city, status: 'active', approval_kind: 'bootstrap' });
      expect(row?.is_principal).toBe(true);
      const [entry] = (await auditFor(row!.id)).filter((e) => e.action === 'grant.bootstrap');
      expect(entry).toMatchObject({ chain_id: tree.city, actor_id: null });
      expect(entry?.details).toMatchObject({ operator: 'test-operator' });
    });

    it('works only while the root office has no active leader', async () => {
      const userId = await newUser();
      await expect(users.bootstrapRootLeader(operator, userId, { isPrincipal: false })).rejects.toMatchObject({
        code: 'GRANT_NOT_ALLOWED',
      });
      expect(await grantsOf(userId)).toEqual([]);
    });

    it('is the operator’s path only', async () => {
      const userId = await newUser();
      await expect(users.bootstrapRootLeader(adminCity, userId, { isPrincipal: false })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });
  });

  describe('revokeGrant', () => {
    it('revokes a grant in the admin’s subtree, which closes the role', async () => {
      const userId = await newUser(adminA);
      const grant = await users.requestGrant(adminA, userId, {
        officeId: tree.townA1,
        role: 'monitor',
        isPrincipal: false,
      });
      const revoked = await users.revokeGrant(adminA, grant.id);
      expect(revoked.status).toBe('revoked');
      expect(await t.sessions.membershipsOf(userId)).toEqual([]);
      expect((await grantsOf(userId))[0]).toMatchObject({ revoked_by: userIdOf(adminA) });
      await expect(users.revokeGrant(adminA, grant.id)).rejects.toMatchObject({ code: 'CONFLICT' });
      // Once revoked, the same role can be granted again.
      await expect(
        users.requestGrant(adminA, userId, { officeId: tree.townA1, role: 'monitor', isPrincipal: false }),
      ).resolves.toMatchObject({ status: 'active' });
    });

    it('refuses a sibling admin, and an admin revoking an admin grant of its own level', async () => {
      const userId = await newUser(adminA);
      const grant = await users.requestGrant(adminA, userId, {
        officeId: tree.townA1,
        role: 'monitor',
        isPrincipal: false,
      });
      await expect(users.revokeGrant(adminB, grant.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const adminGrant = (await grantsOf(userIdOf(adminA)))[0]!;
      await expect(users.revokeGrant(adminA, adminGrant.id)).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
    });
  });

  describe('disableUser and resetUser', () => {
    it('disables a user and ends all its sessions', async () => {
      const userId = await newUser(adminA);
      await users.requestGrant(adminA, userId, { officeId: tree.townA1, role: 'monitor', isPrincipal: false });
      const sessions = [await startTestSession(t, userId), await startTestSession(t, userId)];
      const disabled = await users.disableUser(adminA, userId);
      expect(disabled.isDisabled).toBe(true);
      for (const session of sessions) {
        expect(await t.sessions.authenticate(session.token)).toBeNull();
      }
      const ended = await t.deps.db.selectFrom('sessions').select('ended_at').where('user_id', '=', userId).execute();
      expect(ended.every((s) => s.ended_at !== null)).toBe(true);
      expect((await auditFor(userId)).map((e) => [e.action, e.chain_id])).toContainEqual([
        'user.disabled',
        tree.townA1,
      ]);
    });

    it('resets the password and TOTP and ends the sessions', async () => {
      const userId = await newUser(adminA);
      await t.deps.db
        .updateTable('users')
        .set({ totp_secret_sealed: 'sealed', must_change_password: false })
        .where('id', '=', userId)
        .execute();
      const session = await startTestSession(t, userId);
      const { user, oneTimePassword } = await users.resetUser(adminA, userId);
      expect(user.hasTotp).toBe(false);
      const row = await t.deps.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ totp_secret_sealed: null, must_change_password: true });
      expect(await verifyPassword(row.password_hash, oneTimePassword)).toBe(true);
      expect(await t.sessions.authenticate(session.token)).toBeNull();
      const reset = (await auditFor(userId)).find((e) => e.action === 'user.reset');
      expect(reset).toBeDefined();
      expect(JSON.stringify(reset)).not.toContain(oneTimePassword);
    });

    it('refuses an admin acting on itself, on a peer admin, or on a user with roles outside its subtree', async () => {
      await expect(users.disableUser(adminA, userIdOf(adminA))).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const peer = await newAdmin(tree.districtA);
      await expect(users.resetUser(adminA, userIdOf(peer))).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const twoPlaces = await newUser();
      await users.grantWithApprover(
        operator,
        twoPlaces,
        { officeId: tree.townA1, role: 'monitor', isPrincipal: false },
        null,
      );
      await users.grantWithApprover(
        operator,
        twoPlaces,
        { officeId: tree.districtB, role: 'monitor', isPrincipal: false },
        null,
      );
      await expect(users.disableUser(adminA, twoPlaces)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(users.disableUser(adminCity, twoPlaces)).resolves.toMatchObject({ isDisabled: true });
    });

    it('keeps a sibling admin out', async () => {
      await expect(users.disableUser(adminB, userIdOf(leaderA1))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(users.enableUser(adminB, userIdOf(leaderA1))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(users.resetUser(adminB, userIdOf(leaderA1))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('enableUser', () => {
    it('re-enables a disabled user, who can sign in again, and audits it in the user’s offices', async () => {
      const userId = await newUser(adminA);
      await users.requestGrant(adminA, userId, { officeId: tree.townA1, role: 'monitor', isPrincipal: false });
      await users.disableUser(adminA, userId);
      const blocked = await startTestSession(t, userId);
      expect(await t.sessions.authenticate(blocked.token)).toBeNull();

      const enabled = await users.enableUser(adminA, userId);
      expect(enabled).toMatchObject({ id: userId, isDisabled: false, grants: [{ role: 'monitor', status: 'active' }] });
      const session = await startTestSession(t, userId);
      expect(await t.sessions.authenticate(session.token)).not.toBeNull();
      // In the chains of its grant's office and of the office it was created in, like its disabling.
      const entries = (await auditFor(userId)).filter((e) => e.action === 'user.enabled');
      expect(entries.map((e) => e.chain_id).sort()).toEqual([tree.districtA, tree.townA1].sort());
      expect(entries.every((e) => e.actor_id === userIdOf(adminA))).toBe(true);
    });

    it('changes nothing and records nothing for a user who is not disabled', async () => {
      const userId = await newUser(adminA);
      const before = (await auditFor(userId)).length;
      await expect(users.enableUser(adminA, userId)).resolves.toMatchObject({ isDisabled: false });
      expect(await auditFor(userId)).toHaveLength(before);
    });

    it('follows the scope rules of disabling: not oneself, not a peer admin, not roles outside the subtree', async () => {
      await expect(users.enableUser(adminA, userIdOf(adminA))).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const peer = await newAdmin(tree.districtA);
      await users.disableUser(adminCity, userIdOf(peer));
      await expect(users.enableUser(adminA, userIdOf(peer))).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const twoPlaces = await newUser();
      for (const officeId of [tree.townA1, tree.districtB]) {
        await users.grantWithApprover(operator, twoPlaces, { officeId, role: 'monitor', isPrincipal: false }, null);
      }
      await users.disableUser(adminCity, twoPlaces);
      await expect(users.enableUser(adminA, twoPlaces)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(users.enableUser(leaderA, twoPlaces)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(users.enableUser(adminCity, twoPlaces)).resolves.toMatchObject({ isDisabled: false });
      await expect(users.enableUser(operator, userIdOf(peer))).resolves.toMatchObject({ isDisabled: false });
      const rows = await t.deps.db
        .selectFrom('users')
        .select('is_disabled')
        .where('id', 'in', [twoPlaces, userIdOf(peer)])
        .execute();
      expect(rows.map((r) => r.is_disabled)).toEqual([false, false]);
    });
  });

  describe('bootstrapRootLeader on a fresh database', () => {
    let fresh: TestApp;
    let freshUsers: UserService;
    beforeAll(async () => {
      fresh = await buildTestApp();
      freshUsers = new UserService({ db: fresh.deps.db, clock: fresh.clock, sessions: fresh.sessions });
    });
    afterAll(async () => {
      await fresh.close();
    });

    it('needs a root office, refuses an admin, and is open again only once the root has lost every leader', async () => {
      const first = (await freshUsers.createUser(operator, { username: 'first.leader', displayName: '首任领导' })).user;
      await expect(freshUsers.bootstrapRootLeader(operator, first.id, { isPrincipal: true })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      const freshTree = await buildOfficeTree(fresh);
      const admin = (await freshUsers.createUser(operator, { username: 'root.admin', displayName: '管理员' })).user;
      await freshUsers.grantWithApprover(
        operator,
        admin.id,
        { officeId: freshTree.city, role: 'admin', isPrincipal: false },
        null,
      );
      await expect(freshUsers.bootstrapRootLeader(operator, admin.id, { isPrincipal: false })).rejects.toMatchObject({
        code: 'GRANT_NOT_ALLOWED',
      });
      await freshUsers.bootstrapRootLeader(operator, first.id, { isPrincipal: true });
      const second = (await freshUsers.createUser(operator, { username: 'second.leader', displayName: '次任领导' }))
        .user;
      await expect(freshUsers.bootstrapRootLeader(operator, second.id, { isPrincipal: false })).rejects.toMatchObject({
        code: 'GRANT_NOT_ALLOWED',
      });
      await freshUsers.disableUser(operator, first.id);
      await expect(freshUsers.bootstrapRootLeader(operator, second.id, { isPrincipal: false })).resolves.toMatchObject({
        status: 'active',
        role: 'leader',
      });
      const bootstraps = await fresh.deps.db
        .selectFrom('role_grants')
        .select('user_id')
        .where('approval_kind', '=', 'bootstrap')
        .execute();
      expect(bootstraps.map((b) => b.user_id).sort()).toEqual([first.id, second.id].sort());
    });
  });
});
