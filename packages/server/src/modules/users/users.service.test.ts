import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildActor, buildSession } from '../../test-support/builders.js';
import { buildUsersFixture, userIdOf, type UsersFixture } from '../../test-support/users-fixture.js';
import { verifyPassword } from '../auth/passwords.js';

const operator = buildActor();

describe('UserService', () => {
  let f: UsersFixture;

  beforeAll(async () => {
    f = await buildUsersFixture();
  }, 120_000);
  afterAll(async () => {
    await f.t.close();
  });

  describe('createUser', () => {
    it('creates an account with a one-time password to change at first sign-in, in the admin’s office', async () => {
      const { user, oneTimePassword } = await f.users.createUser(f.adminA, {
        username: 'wang.fang',
        displayName: '王芳',
      });
      expect(user).toMatchObject({
        username: 'wang.fang',
        displayName: '王芳',
        isDisabled: false,
        hasTotp: false,
        grants: [],
      });
      const row = await f.t.deps.db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
      expect(row.must_change_password).toBe(true);
      expect(row.home_office_id).toBe(f.tree.districtA);
      expect(await verifyPassword(row.password_hash, oneTimePassword)).toBe(true);
      const [entry] = await f.auditFor(user.id);
      expect(entry).toMatchObject({ action: 'user.created', chain_id: f.tree.districtA, actor_id: userIdOf(f.adminA) });
      expect(JSON.stringify(entry)).not.toContain(oneTimePassword);
    });

    it('refuses a username that is taken', async () => {
      await expect(
        f.users.createUser(f.adminB, { username: 'wang.fang', displayName: '另一个王芳' }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    });

    it('is for admins and the operator only', async () => {
      await expect(f.users.createUser(f.leaderA, { username: 'nobody', displayName: '无' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });
  });

  describe('listUsers', () => {
    it('shows an admin the users with a grant in its subtree and those it created without a grant', async () => {
      const fresh = await f.newUser(f.adminA);
      const elsewhere = await f.newUser(f.adminB);
      const listed = await f.users.listUsers(f.adminA);
      const ids = listed.map((u) => u.id);
      expect(ids).toEqual(
        expect.arrayContaining([fresh, userIdOf(f.leaderA), userIdOf(f.leaderA1), userIdOf(f.adminA)]),
      );
      expect(ids).not.toContain(elsewhere);
      expect(ids).not.toContain(userIdOf(f.leaderB));
      expect(ids).not.toContain(userIdOf(f.leaderCity));
      expect(ids).not.toContain(userIdOf(f.adminCity));
      await expect(f.users.getUser(f.adminA, userIdOf(f.leaderB))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('shows a user’s grants only inside the admin’s subtree', async () => {
      const userId = await f.newUser();
      await f.grants.grantWithApprover(
        operator,
        userId,
        { officeId: f.tree.townA1, role: 'monitor', isPrincipal: false },
        null,
      );
      await f.grants.grantWithApprover(
        operator,
        userId,
        { officeId: f.tree.districtB, role: 'monitor', isPrincipal: false },
        null,
      );
      const seenByA = await f.users.getUser(f.adminA, userId);
      expect(seenByA.grants.map((g) => g.officeId)).toEqual([f.tree.townA1]);
      const seenByOperator = await f.users.getUser(operator, userId);
      expect(seenByOperator.grants.map((g) => g.officeId).sort()).toEqual([f.tree.townA1, f.tree.districtB].sort());
    });

    it('shows the operator every user', async () => {
      const ids = (await f.users.listUsers(operator)).map((u) => u.id);
      expect(ids).toEqual(expect.arrayContaining([userIdOf(f.leaderB), userIdOf(f.adminCity), userIdOf(f.leaderCity)]));
    });
  });

  describe('disableUser and resetUser', () => {
    it('disables a user and ends all its sessions', async () => {
      const userId = await f.newUser(f.adminA);
      await f.grants.requestGrant(f.adminA, userId, { officeId: f.tree.townA1, role: 'monitor', isPrincipal: false });
      const sessions = [await buildSession(f.t, { userId }), await buildSession(f.t, { userId })];
      const disabled = await f.users.disableUser(f.adminA, userId);
      expect(disabled.isDisabled).toBe(true);
      for (const session of sessions) {
        expect(await f.t.sessions.authenticate(session.token)).toBeNull();
      }
      const ended = await f.t.deps.db.selectFrom('sessions').select('ended_at').where('user_id', '=', userId).execute();
      expect(ended.every((s) => s.ended_at !== null)).toBe(true);
      expect((await f.auditFor(userId)).map((e) => [e.action, e.chain_id])).toContainEqual([
        'user.disabled',
        f.tree.townA1,
      ]);
    });

    it('resets the password and TOTP and ends the sessions', async () => {
      const userId = await f.newUser(f.adminA);
      await f.t.deps.db
        .updateTable('users')
        .set({ totp_secret_sealed: 'sealed', must_change_password: false })
        .where('id', '=', userId)
        .execute();
      const session = await buildSession(f.t, { userId });
      const outcome = await f.users.resetUser(f.adminA, userId);
      if (outcome.kind !== 'done') {
        throw new Error('an account without guarded roles is reset at once');
      }
      const { user, oneTimePassword } = outcome;
      expect(user.hasTotp).toBe(false);
      const row = await f.t.deps.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ totp_secret_sealed: null, must_change_password: true });
      expect(await verifyPassword(row.password_hash, oneTimePassword)).toBe(true);
      expect(await f.t.sessions.authenticate(session.token)).toBeNull();
      const reset = (await f.auditFor(userId)).find((e) => e.action === 'user.reset');
      expect(reset).toBeDefined();
      expect(JSON.stringify(reset)).not.toContain(oneTimePassword);
    });

    it('refuses an admin acting on itself, on a peer admin, or on a user with roles outside its subtree', async () => {
      await expect(f.users.disableUser(f.adminA, userIdOf(f.adminA))).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const peer = await f.newAdmin(f.tree.districtA);
      await expect(f.users.resetUser(f.adminA, userIdOf(peer))).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const twoPlaces = await f.newUser();
      await f.grants.grantWithApprover(
        operator,
        twoPlaces,
        { officeId: f.tree.townA1, role: 'monitor', isPrincipal: false },
        null,
      );
      await f.grants.grantWithApprover(
        operator,
        twoPlaces,
        { officeId: f.tree.districtB, role: 'monitor', isPrincipal: false },
        null,
      );
      await expect(f.users.disableUser(f.adminA, twoPlaces)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(f.users.disableUser(f.adminCity, twoPlaces)).resolves.toMatchObject({ isDisabled: true });
    });

    it('keeps a sibling admin out', async () => {
      await expect(f.users.disableUser(f.adminB, userIdOf(f.leaderA1))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(f.users.enableUser(f.adminB, userIdOf(f.leaderA1))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(f.users.resetUser(f.adminB, userIdOf(f.leaderA1))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('enableUser', () => {
    it('re-enables a disabled user, who can sign in again, and audits it in the user’s offices', async () => {
      const userId = await f.newUser(f.adminA);
      await f.grants.requestGrant(f.adminA, userId, { officeId: f.tree.townA1, role: 'monitor', isPrincipal: false });
      await f.users.disableUser(f.adminA, userId);
      const blocked = await buildSession(f.t, { userId });
      expect(await f.t.sessions.authenticate(blocked.token)).toBeNull();

      const enabled = await f.users.enableUser(f.adminA, userId);
      expect(enabled).toMatchObject({ id: userId, isDisabled: false, grants: [{ role: 'monitor', status: 'active' }] });
      const session = await buildSession(f.t, { userId });
      expect(await f.t.sessions.authenticate(session.token)).not.toBeNull();
      // In the chains of its grant's office and of the office it was created in, like its disabling.
      const entries = (await f.auditFor(userId)).filter((e) => e.action === 'user.enabled');
      expect(entries.map((e) => e.chain_id).sort()).toEqual([f.tree.districtA, f.tree.townA1].sort());
      expect(entries.every((e) => e.actor_id === userIdOf(f.adminA))).toBe(true);
    });

    it('changes nothing and records nothing for a user who is not disabled', async () => {
      const userId = await f.newUser(f.adminA);
      const before = (await f.auditFor(userId)).length;
      await expect(f.users.enableUser(f.adminA, userId)).resolves.toMatchObject({ isDisabled: false });
      expect(await f.auditFor(userId)).toHaveLength(before);
    });

    it('follows the scope rules of disabling: not oneself, not a peer admin, not roles outside the subtree', async () => {
      await expect(f.users.enableUser(f.adminA, userIdOf(f.adminA))).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const peer = await f.newAdmin(f.tree.districtA);
      await f.users.disableUser(f.adminCity, userIdOf(peer));
      await expect(f.users.enableUser(f.adminA, userIdOf(peer))).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const twoPlaces = await f.newUser();
      for (const officeId of [f.tree.townA1, f.tree.districtB]) {
        await f.grants.grantWithApprover(operator, twoPlaces, { officeId, role: 'monitor', isPrincipal: false }, null);
      }
      await f.users.disableUser(f.adminCity, twoPlaces);
      await expect(f.users.enableUser(f.adminA, twoPlaces)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(f.users.enableUser(f.leaderA, twoPlaces)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(f.users.enableUser(f.adminCity, twoPlaces)).resolves.toMatchObject({ isDisabled: false });
      await expect(f.users.enableUser(operator, userIdOf(peer))).resolves.toMatchObject({ isDisabled: false });
      const rows = await f.t.deps.db
        .selectFrom('users')
        .select('is_disabled')
        .where('id', 'in', [twoPlaces, userIdOf(peer)])
        .execute();
      expect(rows.map((r) => r.is_disabled)).toEqual([false, false]);
    });
  });
});
