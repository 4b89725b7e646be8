import type { GrantId, OfficeId } from '@zhengming/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../access/actor.js';
import { buildActor, buildGrant } from '../../test-support/builders.js';
import { buildOfficeTree } from '../../test-support/matrix-harness.js';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';
import { buildUsersFixture, userIdOf, type UsersFixture } from '../../test-support/users-fixture.js';
import { GrantService } from './grants.service.js';
import { UserService } from './users.service.js';

const operator = buildActor();

describe('GrantService', () => {
  let f: UsersFixture;

  beforeAll(async () => {
    f = await buildUsersFixture();
  }, 120_000);
  afterAll(async () => {
    await f.t.close();
  });

  /** A pending intake grant in the office for a new user, requested by `admin`. */
  const pendingIntakeIn = async (officeId: OfficeId, admin: Actor = f.adminA) => {
    const userId = await f.newUser(admin);
    const grant = await f.grants.requestGrant(admin, userId, { officeId, role: 'intake', isPrincipal: false });
    return { userId, grantId: grant.id };
  };
  /** A pending supervisor grant in township A1 for a new user, requested by that township's leader (inserted directly). */
  const pendingSupervisorRequestedByLeaderA1 = async (): Promise<GrantId> => {
    const userId = await f.newUser(f.adminA);
    return buildGrant(f.t, {
      userId,
      officeId: f.tree.townA1,
      role: 'supervisor',
      status: 'pending',
      requestedBy: userIdOf(f.leaderA1),
    });
  };

  describe('requestGrant', () => {
    it('refuses a grant to oneself', async () => {
      await expect(
        f.grants.requestGrant(f.adminA, userIdOf(f.adminA), {
          officeId: f.tree.townA1,
          role: 'monitor',
          isPrincipal: false,
        }),
      ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
    });

    it('refuses a content role to a user who holds admin anywhere', async () => {
      const userId = await f.newUser(f.adminA);
      await f.grants.requestGrant(f.adminA, userId, { officeId: f.tree.townA1, role: 'admin', isPrincipal: false });
      await expect(
        f.grants.requestGrant(f.adminCity, userId, { officeId: f.tree.districtB, role: 'intake', isPrincipal: false }),
      ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
      await expect(
        f.grants.grantWithApprover(
          operator,
          userId,
          { officeId: f.tree.townA1, role: 'leader', isPrincipal: false },
          userIdOf(f.leaderA),
        ),
      ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
    });

    it('refuses admin to a user who holds or awaits a content role', async () => {
      const pendingUser = await f.newUser(f.adminA);
      await f.grants.requestGrant(f.adminA, pendingUser, {
        officeId: f.tree.townA1,
        role: 'supervisor',
        isPrincipal: false,
      });
      await expect(
        f.grants.requestGrant(f.adminA, pendingUser, { officeId: f.tree.townA2, role: 'admin', isPrincipal: false }),
      ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
      await expect(
        f.grants.requestGrant(f.adminCity, userIdOf(f.leaderA1), {
          officeId: f.tree.districtB,
          role: 'admin',
          isPrincipal: false,
        }),
      ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
    });

    it('creates a content grant pending, and it opens nothing until approved', async () => {
      const userId = await f.newUser(f.adminA);
      const grant = await f.grants.requestGrant(f.adminA, userId, {
        officeId: f.tree.townA1,
        role: 'intake',
        isPrincipal: false,
      });
      expect(grant).toMatchObject({
        status: 'pending',
        role: 'intake',
        officeId: f.tree.townA1,
        officeName: '甲区一镇纪委',
      });
      expect(await f.t.sessions.membershipsOf(userId)).toEqual([]);
      const [row] = await f.grantsOf(userId);
      expect(row).toMatchObject({ requested_by: userIdOf(f.adminA), approved_by: null, status: 'pending' });
      expect((await f.auditFor(grant.id)).map((e) => [e.action, e.chain_id])).toEqual([
        ['grant.requested', f.tree.townA1],
      ]);
    });

    it('makes monitor active at once, and auditor wait for a leader like a content role', async () => {
      const userId = await f.newUser(f.adminA);
      const request = (role: 'monitor' | 'auditor') =>
        f.grants.requestGrant(f.adminA, userId, { officeId: f.tree.districtA, role, isPrincipal: false });
      expect((await request('monitor')).status).toBe('active');
      expect((await request('auditor')).status).toBe('pending');
      expect((await f.t.sessions.membershipsOf(userId))[0]?.roles).toEqual(['monitor']);
    });

    it('grants admin only from above: not at the admin’s own level, yes below it', async () => {
      const userId = await f.newUser(f.adminA);
      await expect(
        f.grants.requestGrant(f.adminA, userId, { officeId: f.tree.districtA, role: 'admin', isPrincipal: false }),
      ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
      await expect(
        f.grants.requestGrant(f.adminA, userId, { officeId: f.tree.townA2, role: 'admin', isPrincipal: false }),
      ).resolves.toMatchObject({ status: 'active', role: 'admin' });
    });

    it('keeps a sibling admin out: the office and the user are not found', async () => {
      const userId = await f.newUser(f.adminA);
      await expect(
        f.grants.requestGrant(f.adminB, userId, { officeId: f.tree.districtB, role: 'monitor', isPrincipal: false }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(
        f.grants.requestGrant(f.adminB, userIdOf(f.leaderB), {
          officeId: f.tree.townA1,
          role: 'monitor',
          isPrincipal: false,
        }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('refuses the principal flag on any role but leader, and a second principal in an office', async () => {
      const userId = await f.newUser(f.adminA);
      await expect(
        f.grants.requestGrant(f.adminA, userId, { officeId: f.tree.townA1, role: 'supervisor', isPrincipal: true }),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      const first = await f.grants.requestGrant(f.adminA, userId, {
        officeId: f.tree.townA2,
        role: 'leader',
        isPrincipal: true,
      });
      expect(first.isPrincipal).toBe(true);
      const other = await f.newUser(f.adminA);
      await expect(
        f.grants.requestGrant(f.adminA, other, { officeId: f.tree.townA2, role: 'leader', isPrincipal: true }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      // The root's principal is the bootstrapped leader.
      await expect(
        f.grants.grantWithApprover(
          operator,
          other,
          { officeId: f.tree.city, role: 'leader', isPrincipal: true },
          userIdOf(f.leaderCity),
        ),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('refuses the same live role twice in one office', async () => {
      const userId = await f.newUser(f.adminA);
      await f.grants.requestGrant(f.adminA, userId, { officeId: f.tree.townA1, role: 'reviewer', isPrincipal: false });
      await expect(
        f.grants.requestGrant(f.adminA, userId, { officeId: f.tree.townA1, role: 'reviewer', isPrincipal: false }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });

  describe('approveGrant', () => {
    it('lets a leader of the grant’s own office approve it, which opens the role', async () => {
      const { userId, grantId } = await pendingIntakeIn(f.tree.townA1);
      const approved = await f.grants.approveGrant(f.leaderA1, grantId);
      expect(approved.status).toBe('active');
      expect((await f.t.sessions.membershipsOf(userId)).map((m) => [m.officeId, m.roles])).toEqual([
        [f.tree.townA1, ['intake']],
      ]);
      const [row] = await f.grantsOf(userId);
      expect(row).toMatchObject({ approved_by: userIdOf(f.leaderA1), approval_kind: 'leader' });
      expect((await f.auditFor(grantId)).map((e) => e.action)).toEqual(['grant.requested', 'grant.approved']);
    });

    it('lets a leader of an ancestor approve, and audits in both offices', async () => {
      const { grantId } = await pendingIntakeIn(f.tree.townA2);
      await expect(f.grants.approveGrant(f.leaderCity, grantId)).resolves.toMatchObject({ status: 'active' });
      const approvals = (await f.auditFor(grantId)).filter((e) => e.action === 'grant.approved');
      expect(approvals.map((e) => e.chain_id).sort()).toEqual([f.tree.city, f.tree.townA2].sort());
    });

    it('does not let a leader of a child office or of a sibling approve', async () => {
      const { grantId } = await pendingIntakeIn(f.tree.districtA);
      await expect(f.grants.approveGrant(f.leaderA1, grantId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(f.grants.approveGrant(f.leaderB, grantId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const [row] = await f.t.deps.db.selectFrom('role_grants').select('status').where('id', '=', grantId).execute();
      expect(row?.status).toBe('pending');
    });

    it('does not let a leader approve a grant to itself', async () => {
      const grant = await f.grants.requestGrant(f.adminA, userIdOf(f.leaderA), {
        officeId: f.tree.townA1,
        role: 'reviewer',
        isPrincipal: false,
      });
      await expect(f.grants.approveGrant(f.leaderA, grant.id)).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
      await expect(f.grants.approveGrant(f.leaderCity, grant.id)).resolves.toMatchObject({ status: 'active' });
    });

    it('does not let the requester approve', async () => {
      // Admins cannot be leaders, so this comes only from older data; the rule holds regardless.
      const grantId = await pendingSupervisorRequestedByLeaderA1();
      await expect(f.grants.approveGrant(f.leaderA1, grantId)).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
    });

    it('does not let a non-leader, or a user merely claiming the role, approve', async () => {
      const { grantId } = await pendingIntakeIn(f.tree.townA1);
      await expect(f.grants.approveGrant(f.adminA, grantId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const impostor = buildActor({
        userId: userIdOf(f.adminCity),
        activeOfficeId: f.tree.city,
        activeRoles: ['leader'],
      });
      await expect(f.grants.approveGrant(impostor, grantId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(f.grants.approveGrant(operator, grantId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });

    it('refuses to approve twice, or a revoked grant', async () => {
      const { grantId } = await pendingIntakeIn(f.tree.townA1);
      await f.grants.approveGrant(f.leaderA1, grantId);
      await expect(f.grants.approveGrant(f.leaderA, grantId)).rejects.toMatchObject({ code: 'CONFLICT' });
      const other = await pendingIntakeIn(f.tree.townA1);
      await f.grants.revokeGrant(f.adminA, other.grantId);
      await expect(f.grants.approveGrant(f.leaderA1, other.grantId)).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('lists to a leader the pending grants it may approve: its office and below, not its own', async () => {
      const below = await pendingIntakeIn(f.tree.townA2);
      const above = await pendingIntakeIn(f.tree.city, f.adminCity);
      const own = await f.grants.requestGrant(f.adminA, userIdOf(f.leaderA), {
        officeId: f.tree.townA2,
        role: 'supervisor',
        isPrincipal: false,
      });
      const listed = await f.grants.listPendingGrants(f.leaderA);
      const ids = listed.map((g) => g.id);
      expect(ids).toContain(below.grantId);
      expect(ids).not.toContain(above.grantId);
      expect(ids).not.toContain(own.id);
      expect(listed.find((g) => g.id === below.grantId)).toMatchObject({
        role: 'intake',
        officeId: f.tree.townA2,
        requestedByName: expect.any(String),
        createdAt: f.t.clock.now().toISOString(),
      });
      expect((await f.grants.listPendingGrants(f.leaderB)).map((g) => g.id)).not.toContain(below.grantId);
      await expect(f.grants.listPendingGrants(f.adminA)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });

  describe('rejectGrant', () => {
    const statusOf = async (grantId: GrantId) =>
      (await f.t.deps.db.selectFrom('role_grants').select('status').where('id', '=', grantId).executeTakeFirst())
        ?.status;

    it('lets a leader reject a pending grant: revoked by that leader, with the reason in the audit log', async () => {
      const { userId, grantId } = await pendingIntakeIn(f.tree.townA2);
      const rejected = await f.grants.rejectGrant(f.leaderA, grantId, { reason: '  该同志尚未完成岗前培训  ' });
      expect(rejected).toMatchObject({ id: grantId, status: 'revoked', role: 'intake' });
      expect(await f.t.sessions.membershipsOf(userId)).toEqual([]);
      const [row] = await f.grantsOf(userId);
      expect(row).toMatchObject({ status: 'revoked', revoked_by: userIdOf(f.leaderA), approved_by: null });
      expect(new Date(row!.revoked_at!).toISOString()).toBe(f.t.clock.now().toISOString());
      const entries = (await f.auditFor(grantId)).filter((e) => e.action === 'grant.rejected');
      expect(entries.map((e) => e.chain_id).sort()).toEqual([f.tree.districtA, f.tree.townA2].sort());
      expect(entries[0]).toMatchObject({
        actor_id: userIdOf(f.leaderA),
        details: { role: 'intake', isPrincipal: false, reason: '该同志尚未完成岗前培训' },
      });
      expect((await f.grants.listPendingGrants(f.leaderA)).map((g) => g.id)).not.toContain(grantId);
      // A rejected grant can be asked for again.
      await expect(
        f.grants.requestGrant(f.adminA, userId, { officeId: f.tree.townA2, role: 'intake', isPrincipal: false }),
      ).resolves.toMatchObject({ status: 'pending' });
    });

    it('records no reason when none, or only blanks, is given', async () => {
      for (const input of [{}, { reason: '   ' }]) {
        const { grantId } = await pendingIntakeIn(f.tree.townA1);
        await f.grants.rejectGrant(f.leaderA1, grantId, input);
        const [entry] = (await f.auditFor(grantId)).filter((e) => e.action === 'grant.rejected');
        expect(entry?.details).not.toHaveProperty('reason');
      }
    });

    it('does not let a leader of a child office or of a sibling reject', async () => {
      const { grantId } = await pendingIntakeIn(f.tree.districtA);
      await expect(f.grants.rejectGrant(f.leaderA1, grantId, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(f.grants.rejectGrant(f.leaderB, grantId, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await statusOf(grantId)).toBe('pending');
      expect((await f.auditFor(grantId)).map((e) => e.action)).toEqual(['grant.requested']);
    });

    it('does not let the grantee or the requester reject', async () => {
      const own = await f.grants.requestGrant(f.adminA, userIdOf(f.leaderA), {
        officeId: f.tree.townA1,
        role: 'investigator',
        isPrincipal: false,
      });
      await expect(f.grants.rejectGrant(f.leaderA, own.id, {})).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
      await expect(f.grants.rejectGrant(f.leaderCity, own.id, {})).resolves.toMatchObject({ status: 'revoked' });

      const grantId = await pendingSupervisorRequestedByLeaderA1();
      await expect(f.grants.rejectGrant(f.leaderA1, grantId, {})).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
      expect(await statusOf(grantId)).toBe('pending');
    });

    it('does not let a non-leader, a user merely claiming the role, or the operator reject', async () => {
      const { grantId } = await pendingIntakeIn(f.tree.townA1);
      await expect(f.grants.rejectGrant(f.adminA, grantId, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const impostor = buildActor({
        userId: userIdOf(f.adminCity),
        activeOfficeId: f.tree.city,
        activeRoles: ['leader'],
      });
      await expect(f.grants.rejectGrant(impostor, grantId, {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(f.grants.rejectGrant(operator, grantId, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await statusOf(grantId)).toBe('pending');
    });

    it('refuses a grant that is no longer pending: approved, rejected or revoked', async () => {
      const approved = await pendingIntakeIn(f.tree.townA1);
      await f.grants.approveGrant(f.leaderA1, approved.grantId);
      await expect(f.grants.rejectGrant(f.leaderA, approved.grantId, {})).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await statusOf(approved.grantId)).toBe('active');
      const rejected = await pendingIntakeIn(f.tree.townA1);
      await f.grants.rejectGrant(f.leaderA1, rejected.grantId, {});
      await expect(f.grants.rejectGrant(f.leaderA, rejected.grantId, {})).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(f.grants.approveGrant(f.leaderA, rejected.grantId)).rejects.toMatchObject({ code: 'CONFLICT' });
      const revoked = await pendingIntakeIn(f.tree.townA1);
      await f.grants.revokeGrant(f.adminA, revoked.grantId);
      await expect(f.grants.rejectGrant(f.leaderA1, revoked.grantId, {})).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });

  describe('grantWithApprover (CLI)', () => {
    it('creates a content grant approved by the named leader of the office or an ancestor', async () => {
      const userId = await f.newUser();
      const grant = await f.grants.grantWithApprover(
        operator,
        userId,
        { officeId: f.tree.townA1, role: 'investigator', isPrincipal: false },
        userIdOf(f.leaderA),
      );
      expect(grant.status).toBe('active');
      expect((await f.grantsOf(userId))[0]).toMatchObject({
        approved_by: userIdOf(f.leaderA),
        approval_kind: 'cli-leader',
      });
    });

    it('obeys the same rule: no approver, a child-office leader or the grantee is refused', async () => {
      const userId = await f.newUser();
      const input = { officeId: f.tree.districtA, role: 'supervisor', isPrincipal: false } as const;
      await expect(f.grants.grantWithApprover(operator, userId, input, null)).rejects.toMatchObject({
        code: 'GRANT_NOT_ALLOWED',
      });
      await expect(f.grants.grantWithApprover(operator, userId, input, userIdOf(f.leaderA1))).rejects.toMatchObject({
        code: 'GRANT_NOT_ALLOWED',
      });
      await expect(f.grants.grantWithApprover(operator, userId, input, userIdOf(f.leaderB))).rejects.toMatchObject({
        code: 'GRANT_NOT_ALLOWED',
      });
      await expect(
        f.grants.grantWithApprover(
          operator,
          userIdOf(f.leaderA),
          { ...input, role: 'investigator', officeId: f.tree.townA2 },
          userIdOf(f.leaderA),
        ),
      ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
      expect(await f.grantsOf(userId)).toEqual([]);
    });

    it('is the operator’s path only', async () => {
      const userId = await f.newUser();
      await expect(
        f.grants.grantWithApprover(
          f.adminCity,
          userId,
          { officeId: f.tree.city, role: 'monitor', isPrincipal: false },
          null,
        ),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });

  describe('bootstrapRootLeader', () => {
    it('was recorded and audited for the first root leader', async () => {
      const [row] = await f.grantsOf(userIdOf(f.leaderCity));
      expect(row).toMatchObject({
        role: 'leader',
        office_id: f.tree.city,
        status: 'active',
        approval_kind: 'bootstrap',
      });
      expect(row?.is_principal).toBe(true);
      const [entry] = (await f.auditFor(row!.id)).filter((e) => e.action === 'grant.bootstrap');
      expect(entry).toMatchObject({ chain_id: f.tree.city, actor_id: null });
      expect(entry?.details).toMatchObject({ operator: 'test-operator' });
    });

    it('works only while the root office has no active leader', async () => {
      const userId = await f.newUser();
      await expect(f.grants.bootstrapRootLeader(operator, userId, { isPrincipal: false })).rejects.toMatchObject({
        code: 'GRANT_NOT_ALLOWED',
      });
      expect(await f.grantsOf(userId)).toEqual([]);
    });

    it('is the operator’s path only', async () => {
      const userId = await f.newUser();
      await expect(f.grants.bootstrapRootLeader(f.adminCity, userId, { isPrincipal: false })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });
  });

  describe('revokeGrant', () => {
    it('revokes a grant in the admin’s subtree, which closes the role', async () => {
      const userId = await f.newUser(f.adminA);
      const grant = await f.grants.requestGrant(f.adminA, userId, {
        officeId: f.tree.townA1,
        role: 'monitor',
        isPrincipal: false,
      });
      const revoked = await f.grants.revokeGrant(f.adminA, grant.id);
      expect(revoked.status).toBe('revoked');
      expect(await f.t.sessions.membershipsOf(userId)).toEqual([]);
      expect((await f.grantsOf(userId))[0]).toMatchObject({ revoked_by: userIdOf(f.adminA) });
      await expect(f.grants.revokeGrant(f.adminA, grant.id)).rejects.toMatchObject({ code: 'CONFLICT' });
      // Once revoked, the same role can be granted again.
      await expect(
        f.grants.requestGrant(f.adminA, userId, { officeId: f.tree.townA1, role: 'monitor', isPrincipal: false }),
      ).resolves.toMatchObject({ status: 'active' });
    });

    it('refuses a sibling admin, and an admin revoking an admin grant of its own level', async () => {
      const userId = await f.newUser(f.adminA);
      const grant = await f.grants.requestGrant(f.adminA, userId, {
        officeId: f.tree.townA1,
        role: 'monitor',
        isPrincipal: false,
      });
      await expect(f.grants.revokeGrant(f.adminB, grant.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const adminGrant = (await f.grantsOf(userIdOf(f.adminA)))[0]!;
      await expect(f.grants.revokeGrant(f.adminA, adminGrant.id)).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
    });
  });

  describe('bootstrapRootLeader on a fresh database', () => {
    let fresh: TestApp;
    let freshUsers: UserService;
    let freshGrants: GrantService;
    beforeAll(async () => {
      fresh = await buildTestApp();
      freshUsers = new UserService({
        db: fresh.deps.db,
        clock: fresh.clock,
        audit: fresh.deps.audit,
        sessions: fresh.sessions,
      });
      freshGrants = new GrantService({ db: fresh.deps.db, clock: fresh.clock, audit: fresh.deps.audit });
    });
    afterAll(async () => {
      await fresh.close();
    });

    it('needs a root office, refuses an admin, and is open again only once the root has lost every leader', async () => {
      const first = (await freshUsers.createUser(operator, { username: 'first.leader', displayName: '首任领导' })).user;
      await expect(freshGrants.bootstrapRootLeader(operator, first.id, { isPrincipal: true })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      const freshTree = await buildOfficeTree(fresh);
      const admin = (await freshUsers.createUser(operator, { username: 'root.admin', displayName: '管理员' })).user;
      await freshGrants.grantWithApprover(
        operator,
        admin.id,
        { officeId: freshTree.city, role: 'admin', isPrincipal: false },
        null,
      );
      await expect(freshGrants.bootstrapRootLeader(operator, admin.id, { isPrincipal: false })).rejects.toMatchObject({
        code: 'GRANT_NOT_ALLOWED',
      });
      await freshGrants.bootstrapRootLeader(operator, first.id, { isPrincipal: true });
      const second = (await freshUsers.createUser(operator, { username: 'second.leader', displayName: '次任领导' }))
        .user;
      await expect(freshGrants.bootstrapRootLeader(operator, second.id, { isPrincipal: false })).rejects.toMatchObject({
        code: 'GRANT_NOT_ALLOWED',
      });
      await freshUsers.disableUser(operator, first.id);
      await expect(freshGrants.bootstrapRootLeader(operator, second.id, { isPrincipal: false })).resolves.toMatchObject(
        {
          status: 'active',
          role: 'leader',
        },
      );
      const bootstraps = await fresh.deps.db
        .selectFrom('role_grants')
        .select('user_id')
        .where('approval_kind', '=', 'bootstrap')
        .execute();
      expect(bootstraps.map((b) => b.user_id).sort()).toEqual([first.id, second.id].sort());
    });
  });
});
