import type { ResetRequestId, UserId } from '@zhengming/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../access/actor.js';
import { buildActor, buildSession } from '../../test-support/builders.js';
import { buildUsersFixture, userIdOf, type UsersFixture } from '../../test-support/users-fixture.js';
import { AccountResetService } from './account-resets.service.js';
import type { ResetOutcome } from './users.service.js';

const operator = buildActor();

/*
 * The account-takeover finding of issue 10: an admin reset a leader's password, signed in as the leader and
 * approved content grants. An account holding a content role or `auditor` is now reset only after a leader above
 * it — not the admin, not the owner — approved; until then nothing about the account changes.
 */
describe('resetting a guarded account', () => {
  let f: UsersFixture;
  let resets: AccountResetService;

  beforeAll(async () => {
    f = await buildUsersFixture();
    resets = new AccountResetService({ db: f.t.deps.db, clock: f.t.clock, audit: f.t.deps.audit });
  }, 120_000);
  afterAll(async () => {
    await f.t.close();
  });

  const credentialsOf = (userId: UserId) =>
    f.t.deps.db
      .selectFrom('users')
      .select(['password_hash', 'totp_secret_sealed', 'must_change_password'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();

  const pendingId = (outcome: ResetOutcome): ResetRequestId => {
    if (outcome.kind !== 'pending') {
      throw new Error(`expected a pending reset, got ${outcome.kind}`);
    }
    return outcome.resetRequest.id;
  };

  /** A user holding `role` in township A1, approved by district A's leader, with TOTP and a live session. */
  const guardedUser = async (role: 'intake' | 'leader' | 'auditor') => {
    const userId = await f.newUser();
    await f.grants.grantWithApprover(
      operator,
      userId,
      { officeId: f.tree.townA1, role, isPrincipal: false },
      userIdOf(f.leaderA),
    );
    await f.t.deps.db
      .updateTable('users')
      .set({ totp_secret_sealed: 'sealed-secret', must_change_password: false })
      .where('id', '=', userId)
      .execute();
    const session = await buildSession(f.t, { userId });
    return { userId, session };
  };

  it('changes nothing on an admin’s reset of a leader until another leader above approves', async () => {
    const target = userIdOf(f.leaderA1);
    await f.t.deps.db
      .updateTable('users')
      .set({ totp_secret_sealed: 'sealed-secret' })
      .where('id', '=', target)
      .execute();
    const before = await credentialsOf(target);
    const session = await buildSession(f.t, { userId: target });

    const first = await f.users.resetUser(f.adminA, target);
    expect(first).toMatchObject({
      kind: 'pending',
      resetRequest: { status: 'pending', officeId: f.tree.townA1, roles: [{ role: 'leader' }] },
    });
    expect(first).not.toHaveProperty('oneTimePassword');
    expect(await credentialsOf(target)).toEqual(before);
    expect(await f.t.sessions.authenticate(session.token)).not.toBeNull();
    // Asking again finds the same request.
    const id = pendingId(first);
    expect(pendingId(await f.users.resetUser(f.adminA, target))).toBe(id);
    expect(await credentialsOf(target)).toEqual(before);

    // The owner does not see or approve its own reset; a sibling district's leader does not see it.
    expect((await resets.listPending(f.leaderA1)).map((r) => r.id)).not.toContain(id);
    await expect(resets.approve(f.leaderA1, id)).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
    await expect(resets.approve(f.leaderB, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await resets.listPending(f.leaderA)).map((r) => r.id)).toContain(id);

    await expect(resets.approve(f.leaderA, id)).resolves.toMatchObject({ status: 'approved', decidedByName: '用户2' });
    // Another admin cannot carry out an approval given to the admin who asked.
    const other = await f.users.resetUser(f.adminCity, target);
    expect(other).toMatchObject({ kind: 'pending', resetRequest: { id, status: 'approved' } });
    expect(await credentialsOf(target)).toEqual(before);

    const done = await f.users.resetUser(f.adminA, target);
    expect(done).toMatchObject({ kind: 'done', user: { id: target, hasTotp: false } });
    expect(await credentialsOf(target)).toMatchObject({ totp_secret_sealed: null, must_change_password: true });
    expect(await f.t.sessions.authenticate(session.token)).toBeNull();

    const entries = await f.auditFor(target);
    const actions = entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.reset_requested', 'user.reset_approved', 'user.reset']));
    const resetEntry = entries.find((e) => e.action === 'user.reset');
    expect(resetEntry?.details).toMatchObject({ resetRequestId: id, approvedBy: userIdOf(f.leaderA) });
    // The approval is used up: the next reset asks again.
    expect((await f.users.resetUser(f.adminA, target)).kind).toBe('pending');
  });

  it('treats intake and auditor accounts alike, and lets a leader reject', async () => {
    for (const role of ['intake', 'auditor'] as const) {
      const { userId, session } = await guardedUser(role);
      const before = await credentialsOf(userId);
      const id = pendingId(await f.users.resetUser(f.adminA, userId));
      await expect(resets.reject(f.leaderA, id, { reason: '未经本人申请' })).resolves.toMatchObject({
        status: 'rejected',
      });
      expect(await credentialsOf(userId)).toEqual(before);
      expect(await f.t.sessions.authenticate(session.token)).not.toBeNull();
      const rejected = (await f.auditFor(userId)).find((e) => e.action === 'user.reset_rejected');
      expect(rejected?.details).toMatchObject({ reason: '未经本人申请' });
      // A rejected request is closed: asking again opens a new one.
      expect(pendingId(await f.users.resetUser(f.adminA, userId))).not.toBe(id);
    }
  });

  it('does not let the admin who asked approve, nor use an approval after it went stale', async () => {
    const { userId } = await guardedUser('intake');
    const id = pendingId(await f.users.resetUser(f.adminA, userId));
    const adminAsLeader: Actor = buildActor({
      userId: userIdOf(f.adminA),
      activeOfficeId: f.tree.districtA,
      activeRoles: ['leader'],
    });
    await expect(resets.approve(adminAsLeader, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await resets.approve(f.leaderA, id);
    f.t.clock.advanceMinutes(25 * 60);
    const again = await f.users.resetUser(f.adminA, userId);
    expect(again).toMatchObject({ kind: 'pending', resetRequest: { status: 'pending' } });
    expect(pendingId(again)).not.toBe(id);
    const stale = await f.t.deps.db
      .selectFrom('account_reset_requests')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stale.status).toBe('expired');
  });

  it('leaves the lone root leader to the operator’s audited break-glass step', async () => {
    const root = userIdOf(f.leaderCity);
    await expect(f.users.resetUser(f.adminCity, root)).rejects.toMatchObject({ code: 'RESET_NOT_ALLOWED' });
    await expect(f.users.resetUser(operator, root)).rejects.toMatchObject({ code: 'RESET_NOT_ALLOWED' });
    // A district leader is not above the root office.
    await expect(f.users.resetUser(operator, root, { approvedBy: userIdOf(f.leaderA) })).rejects.toMatchObject({
      code: 'RESET_NOT_ALLOWED',
    });
    const done = await f.users.resetUser(operator, root, { breakGlassReason: '唯一领导遗失动态验证码' });
    expect(done.kind).toBe('done');
    const entry = (await f.auditFor(root)).at(-1);
    expect(entry).toMatchObject({ action: 'user.reset_break_glass' });
    expect(entry?.details).toMatchObject({ reason: '唯一领导遗失动态验证码', operator: 'test-operator' });
  });

  it('refuses the operator’s break-glass where a leader could approve, and takes a named leader', async () => {
    const { userId } = await guardedUser('intake');
    await expect(f.users.resetUser(operator, userId, { breakGlassReason: 'x' })).rejects.toMatchObject({
      code: 'RESET_NOT_ALLOWED',
    });
    await expect(f.users.resetUser(operator, userId, { approvedBy: userId })).rejects.toMatchObject({
      code: 'RESET_NOT_ALLOWED',
    });
    const done = await f.users.resetUser(operator, userId, { approvedBy: userIdOf(f.leaderA) });
    expect(done.kind).toBe('done');
    expect((await f.auditFor(userId)).at(-1)?.details).toMatchObject({ approvedBy: userIdOf(f.leaderA) });
  });

  it('resets an account without guarded roles at once, as before', async () => {
    const userId = await f.newUser(f.adminA);
    await f.grants.requestGrant(f.adminA, userId, { officeId: f.tree.townA1, role: 'monitor', isPrincipal: false });
    expect((await f.users.resetUser(f.adminA, userId)).kind).toBe('done');
  });
});

describe('admin and auditor', () => {
  let f: UsersFixture;

  beforeAll(async () => {
    f = await buildUsersFixture();
  }, 120_000);
  afterAll(async () => {
    await f.t.close();
  });

  it('never go together, whichever comes first', async () => {
    const admin = await f.newAdmin(f.tree.townA1);
    await expect(
      f.grants.grantWithApprover(
        operator,
        userIdOf(admin),
        { officeId: f.tree.townA1, role: 'auditor', isPrincipal: false },
        userIdOf(f.leaderA),
      ),
    ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
    const auditor = await f.newUser();
    await f.grants.grantWithApprover(
      operator,
      auditor,
      { officeId: f.tree.townA1, role: 'auditor', isPrincipal: false },
      userIdOf(f.leaderA),
    );
    await expect(
      f.grants.grantWithApprover(
        operator,
        auditor,
        { officeId: f.tree.townA1, role: 'admin', isPrincipal: false },
        null,
      ),
    ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
  });

  it('an admin’s auditor grant waits for a leader, and the operator must name one', async () => {
    const userId = await f.newUser(f.adminA);
    const grant = await f.grants.requestGrant(f.adminA, userId, {
      officeId: f.tree.townA1,
      role: 'auditor',
      isPrincipal: false,
    });
    expect(grant.status).toBe('pending');
    await expect(f.grants.approveGrant(f.leaderA, grant.id)).resolves.toMatchObject({ status: 'active' });
    const other = await f.newUser();
    await expect(
      f.grants.grantWithApprover(
        operator,
        other,
        { officeId: f.tree.townA1, role: 'auditor', isPrincipal: false },
        null,
      ),
    ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
  });

  it('records a refused escalation attempt after the refused change rolled back', async () => {
    const self = userIdOf(f.adminA);
    await expect(
      f.grants.requestGrant(f.adminA, self, { officeId: f.tree.townA1, role: 'leader', isPrincipal: false }),
    ).rejects.toMatchObject({ code: 'GRANT_NOT_ALLOWED' });
    await expect(f.users.resetUser(f.adminA, self)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const refused = (await f.auditFor(self)).filter((e) => e.action === 'access.escalation_refused');
    expect(refused.map((e) => [e.chain_id, e.actor_id, e.details.attempt, e.details.code])).toEqual([
      [f.tree.districtA, self, 'grant.request', 'GRANT_NOT_ALLOWED'],
      [f.tree.districtA, self, 'user.reset', 'FORBIDDEN'],
    ]);
    expect((await f.grantsOf(self)).map((g) => g.role)).toEqual(['admin']);
  });
});
