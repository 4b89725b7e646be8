import { randomUUID } from 'node:crypto';
import type { ApprovalId, Role, UserId } from '@zhengming/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../access/actor.js';
import { buildActor, buildOffice, buildUser, type TestOffice } from '../../test-support/builders.js';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';
import { findApproval } from './approvals.repository.js';
import {
  decideApproval,
  findApprovals,
  findApprovedApproval,
  getApproval,
  isEligibleApprover,
  listMyProposals,
  listPendingApprovals,
  proposeApproval,
  recordExternalApproval,
  withdrawApproval,
  type ApprovalHandlers,
  type ApprovalRow,
  type ProposeApprovalInput,
} from './approvals.service.js';

/** A test-only handler for kind `route`: records its calls, writes a marker row, and throws when told to. */
function recordingHandler() {
  const calls: { event: 'approved' | 'returned'; approval: ApprovalRow; approver: Actor }[] = [];
  const state = { shouldThrow: false };
  const handlers: ApprovalHandlers = {
    route: {
      async onApproved(trx, approval, approver) {
        calls.push({ event: 'approved', approval, approver });
        // The effect writes in the decision's transaction, so a failure later must undo it too.
        await trx
          .insertInto('settings')
          .values({ key: `routed:${approval.id}`, value: approval.item_id, updated_at: new Date() })
          .execute();
        if (state.shouldThrow) {
          throw new Error('the handler failed');
        }
      },
      async onReturned(_trx, approval, approver) {
        calls.push({ event: 'returned', approval, approver });
      },
    },
  };
  return { calls, state, handlers };
}

describe('approvals', () => {
  let t: TestApp;
  let city: TestOffice;
  let district: TestOffice;
  let town: TestOffice;
  let sibling: TestOffice;
  let child: TestOffice;
  const people: Record<string, { id: UserId; actor: Actor }> = {};
  const recorder = recordingHandler();
  const handlers = recorder.handlers;
  let deps: TestApp['deps'];

  /** A user with one role in one office, acting there. */
  async function person(key: string, office: TestOffice, role: Role, isPrincipal = false) {
    const user = await buildUser(t, { password: null, roles: [{ officeId: office.id, role, isPrincipal }] });
    people[key] = {
      id: user.id,
      actor: buildActor({ userId: user.id, activeOfficeId: office.id, activeRoles: [role] }),
    };
  }
  const actorOf = (key: string): Actor => people[key]!.actor;

  async function propose(
    proposerKey: string,
    overrides: Partial<ProposeApprovalInput> = {},
  ): Promise<{ id: ApprovalId; row: ApprovalRow }> {
    const row = await deps.db.transaction().execute((trx) =>
      proposeApproval(trx, deps.audit, actorOf(proposerKey), {
        officeId: town.id,
        kind: 'route',
        itemType: 'lead',
        itemId: randomUUID(),
        itemLabel: 'XS-2026-001',
        reason: '建议分办至第一监督检查室',
        requiredRole: 'leader',
        ...overrides,
      }),
    );
    return { id: row.id, row };
  }

  const statusOf = async (id: ApprovalId) => (await findApproval(deps.db, id))?.status;
  const auditActionsOf = async (id: ApprovalId) =>
    (
      await deps.db
        .selectFrom('audit_entries')
        .select(['action', 'office_id', 'details'])
        .where(sql<boolean>`${id} = any(target_ids)`)
        .orderBy('at')
        .orderBy('seq')
        .execute()
    ).map((entry) => entry.action);

  beforeAll(async () => {
    t = await buildTestApp();
    deps = t.deps;
    city = await buildOffice(t, { parentId: null, name: '市纪委监委', level: 'prefecture' });
    district = await buildOffice(t, { parentId: city.id, name: '区纪委监委', level: 'county' });
    town = await buildOffice(t, { parentId: district.id, name: '东湖镇纪委', level: 'township' });
    sibling = await buildOffice(t, { parentId: district.id, name: '西湖镇纪委', level: 'township' });
    child = await buildOffice(t, { parentId: town.id, name: '东湖镇派驻组', level: 'accredited' });
    await person('intake', town, 'intake');
    await person('supervisor', town, 'supervisor');
    await person('leaderTown', town, 'leader');
    await person('principalTown', town, 'leader', true);
    await person('leaderSibling', sibling, 'leader');
    await person('leaderChild', child, 'leader');
    await person('leaderDistrict', district, 'leader');
    await person('principalDistrict', district, 'leader', true);
    await person('leaderCity', city, 'leader');
    await person('monitorTown', town, 'monitor');
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('approves by an eligible leader: the effect, the status and both audit entries, four eyes shown', async () => {
    const { id, row } = await propose('intake');
    expect(row).toMatchObject({ status: 'pending', proposed_by: people.intake!.id, approver_kind: 'internal' });
    const before = recorder.calls.length;
    const approved = await decideApproval(deps, actorOf('leaderTown'), id, { decision: 'approve' }, handlers);
    expect(approved).toMatchObject({
      status: 'approved',
      proposedBy: { id: people.intake!.id },
      decidedBy: { id: people.leaderTown!.id },
      itemLabel: 'XS-2026-001',
    });
    expect(recorder.calls.slice(before)).toMatchObject([
      { event: 'approved', approval: { id, status: 'approved', decided_by: people.leaderTown!.id } },
    ]);
    expect(await auditActionsOf(id)).toEqual(['approval.proposed', 'approval.approved']);
    const entry = await deps.db
      .selectFrom('audit_entries')
      .select(['details', 'office_id'])
      .where('action', '=', 'approval.approved')
      .where(sql<boolean>`${id} = any(target_ids)`)
      .executeTakeFirstOrThrow();
    expect(entry.office_id).toBe(town.id);
    expect(entry.details).toMatchObject({ approvalKind: 'route', itemType: 'lead', itemLabel: 'XS-2026-001' });
    expect(JSON.stringify(entry.details)).not.toContain('第一监督检查室');
    expect(await findApprovedApproval(deps.db, { itemType: 'lead', itemId: row.item_id, kind: 'route' })).toMatchObject(
      { id },
    );
  });

  it('changes nothing when the effect fails: no status change, no audit entry, no effect row', async () => {
    const { id } = await propose('intake');
    recorder.state.shouldThrow = true;
    try {
      await expect(decideApproval(deps, actorOf('leaderTown'), id, { decision: 'approve' }, handlers)).rejects.toThrow(
        'the handler failed',
      );
    } finally {
      recorder.state.shouldThrow = false;
    }
    expect(await statusOf(id)).toBe('pending');
    expect(await auditActionsOf(id)).toEqual(['approval.proposed']);
    const marker = await deps.db.selectFrom('settings').select('key').where('key', '=', `routed:${id}`).execute();
    expect(marker).toEqual([]);
  });

  it('refuses the proposer deciding its own proposal with SELF_APPROVAL, even a leader', async () => {
    const { id } = await propose('leaderTown');
    for (const decision of ['approve', 'return'] as const) {
      await expect(
        decideApproval(deps, actorOf('leaderTown'), id, { decision, reason: '理由' }, handlers),
      ).rejects.toMatchObject({ code: 'SELF_APPROVAL' });
    }
    expect(await statusOf(id)).toBe('pending');
    // Another leader of the office may.
    await expect(
      decideApproval(deps, actorOf('principalTown'), id, { decision: 'approve' }, handlers),
    ).resolves.toMatchObject({ status: 'approved' });
  });

  it('answers a leader of a sibling or child office, and other roles, as if the approval did not exist', async () => {
    const { id } = await propose('intake');
    for (const key of ['leaderSibling', 'leaderChild', 'monitorTown', 'supervisor']) {
      await expect(
        decideApproval(deps, actorOf(key), id, { decision: 'approve' }, handlers),
        key,
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(getApproval(deps.db, actorOf(key), id, handlers), key).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    await expect(
      decideApproval(deps, actorOf('leaderTown'), randomUUID() as ApprovalId, { decision: 'approve' }, handlers),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(decideApproval(deps, buildActor(), id, { decision: 'approve' }, handlers)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await statusOf(id)).toBe('pending');
  });

  it('lets a leader of an ancestor office decide, acting in that office', async () => {
    const first = await propose('intake');
    await expect(
      decideApproval(deps, actorOf('leaderDistrict'), first.id, { decision: 'approve' }, handlers),
    ).resolves.toMatchObject({ status: 'approved', decidedBy: { id: people.leaderDistrict!.id } });
    const second = await propose('intake');
    await expect(
      decideApproval(deps, actorOf('leaderCity'), second.id, { decision: 'return', reason: '请补充材料' }, handlers),
    ).resolves.toMatchObject({ status: 'returned', decisionReason: '请补充材料' });
    // The same leader acting in another office (views never merge offices) is not an approver there.
    const third = await propose('intake');
    const cityLeaderInSibling = buildActor({
      userId: people.leaderCity!.id,
      activeOfficeId: sibling.id,
      activeRoles: ['leader'],
    });
    await expect(
      decideApproval(deps, cityLeaderInSibling, third.id, { decision: 'approve' }, handlers),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('checks the grant in the database, not the roles a session claims', async () => {
    const { id } = await propose('intake');
    const claimsLeader = buildActor({
      userId: people.supervisor!.id,
      activeOfficeId: town.id,
      activeRoles: ['leader'],
    });
    await expect(decideApproval(deps, claimsLeader, id, { decision: 'approve' }, handlers)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const revoked = await buildUser(t, { password: null });
    await deps.db
      .insertInto('role_grants')
      .values({
        id: randomUUID() as never,
        user_id: revoked.id,
        office_id: town.id,
        role: 'leader',
        status: 'revoked',
        created_at: new Date(),
        requested_by: null,
        approved_by: null,
        approval_kind: null,
        decided_at: null,
      })
      .execute();
    const revokedLeader = buildActor({ userId: revoked.id, activeOfficeId: town.id, activeRoles: ['leader'] });
    await expect(decideApproval(deps, revokedLeader, id, { decision: 'approve' }, handlers)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('requires the principal leader where the step says so', async () => {
    const { id } = await propose('intake', { requiresPrincipal: true, kind: 'route' });
    for (const key of ['leaderTown', 'leaderDistrict']) {
      await expect(
        decideApproval(deps, actorOf(key), id, { decision: 'approve' }, handlers),
        key,
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    await expect(
      decideApproval(deps, actorOf('principalTown'), id, { decision: 'approve' }, handlers),
    ).resolves.toMatchObject({ status: 'approved', requiresPrincipal: true });
  });

  it('needs reasons to return, and runs the return hook', async () => {
    const { id } = await propose('intake');
    for (const reason of [undefined, '', '   ']) {
      await expect(
        decideApproval(deps, actorOf('leaderTown'), id, { decision: 'return', reason }, handlers),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect(await statusOf(id)).toBe('pending');
    const before = recorder.calls.length;
    await expect(
      decideApproval(deps, actorOf('leaderTown'), id, { decision: 'return', reason: '事实不清' }, handlers),
    ).resolves.toMatchObject({ status: 'returned', decisionReason: '事实不清' });
    expect(recorder.calls.slice(before)).toMatchObject([{ event: 'returned', approval: { id } }]);
    expect(await auditActionsOf(id)).toEqual(['approval.proposed', 'approval.returned']);
  });

  it('refuses a second decision', async () => {
    const { id } = await propose('intake');
    await decideApproval(deps, actorOf('leaderTown'), id, { decision: 'approve' }, handlers);
    const before = recorder.calls.length;
    await expect(
      decideApproval(deps, actorOf('principalTown'), id, { decision: 'return', reason: '不同意' }, handlers),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      decideApproval(deps, actorOf('leaderTown'), id, { decision: 'approve' }, handlers),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(recorder.calls.length).toBe(before);
  });

  it('fails loudly for a kind without a handler, and changes nothing', async () => {
    const { id } = await propose('intake', { kind: 'pass_up' });
    await expect(
      decideApproval(deps, actorOf('leaderTown'), id, { decision: 'approve' }, handlers),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(
      decideApproval(deps, actorOf('leaderTown'), id, { decision: 'return', reason: '退回' }, handlers),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await statusOf(id)).toBe('pending');
  });

  it('refuses a second pending proposal of the same kind by the same proposer for an item', async () => {
    const { row } = await propose('intake');
    await expect(propose('intake', { itemId: row.item_id })).rejects.toMatchObject({ code: 'CONFLICT' });
    // Another proposer, or another kind, may.
    await expect(propose('supervisor', { itemId: row.item_id })).resolves.toBeDefined();
    await expect(propose('intake', { itemId: row.item_id, kind: 'pass_up' })).resolves.toBeDefined();
    // Only in the proposer's active office or below.
    await expect(propose('intake', { officeId: district.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(propose('intake', { officeId: sibling.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      deps.db.transaction().execute((trx) =>
        proposeApproval(trx, deps.audit, buildActor(), {
          officeId: town.id,
          kind: 'route',
          itemType: 'lead',
          itemId: randomUUID(),
          itemLabel: 'X',
          reason: 'r',
          requiredRole: 'leader',
        }),
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('records an external approval: by the proposer or a leader of the office, running the effect', async () => {
    const external = { approverKind: 'external' as const, requiredRole: 'leader' as const };
    const { id, row } = await propose('intake', external);
    // Nobody decides it in the system.
    await expect(
      decideApproval(deps, actorOf('leaderTown'), id, { decision: 'approve' }, handlers),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await listPendingApprovals(deps.db, actorOf('leaderTown'))).not.toContainEqual(
      expect.objectContaining({ id }),
    );
    const record = {
      approverName: '李某',
      approverPosition: '镇党委书记',
      date: '2026-11-30',
      document: '东党〔2026〕12号',
      outcome: 'approved' as const,
    };
    await expect(recordExternalApproval(deps, actorOf('leaderSibling'), id, record, handlers)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const before = recorder.calls.length;
    const recorded = await recordExternalApproval(deps, actorOf('intake'), id, record, handlers);
    expect(recorded).toMatchObject({
      status: 'approved',
      approverKind: 'external',
      external: {
        approverName: '李某',
        approverPosition: '镇党委书记',
        date: '2026-11-30',
        document: '东党〔2026〕12号',
        recordedBy: { id: people.intake!.id },
      },
    });
    expect(recorded.decidedBy).toBeUndefined();
    expect(recorder.calls.slice(before)).toMatchObject([{ event: 'approved', approval: { id } }]);
    expect(await auditActionsOf(id)).toEqual(['approval.proposed', 'approval.external_recorded']);
    await expect(recordExternalApproval(deps, actorOf('leaderTown'), id, record, handlers)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await findApprovals(deps.db, { itemType: 'lead', itemId: row.item_id })).toMatchObject([
      { id, status: 'approved' },
    ]);

    // A leader of the office records a return; an internal approval cannot be recorded.
    const second = await propose('intake', external);
    await expect(
      recordExternalApproval(
        deps,
        actorOf('leaderTown'),
        second.id,
        { ...record, outcome: 'returned', reason: '不同意' },
        handlers,
      ),
    ).resolves.toMatchObject({ status: 'returned', decisionReason: '不同意' });
    const internal = await propose('intake');
    await expect(recordExternalApproval(deps, actorOf('intake'), internal.id, record, handlers)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('lets only the proposer withdraw a pending proposal', async () => {
    const { id } = await propose('supervisor');
    await expect(withdrawApproval(deps, actorOf('leaderTown'), id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(withdrawApproval(deps, actorOf('leaderSibling'), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(withdrawApproval(deps, actorOf('supervisor'), id)).resolves.toMatchObject({ status: 'withdrawn' });
    await expect(withdrawApproval(deps, actorOf('supervisor'), id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      decideApproval(deps, actorOf('leaderTown'), id, { decision: 'approve' }, handlers),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await auditActionsOf(id)).toEqual(['approval.proposed', 'approval.withdrawn']);
    expect(await listMyProposals(deps.db, actorOf('supervisor'))).toContainEqual(
      expect.objectContaining({ id, status: 'withdrawn' }),
    );
  });

  it('shows an approval to its proposer, its approvers, and whom the handler lets see it', async () => {
    const { id } = await propose('intake');
    await expect(getApproval(deps.db, actorOf('intake'), id, handlers)).resolves.toMatchObject({ id });
    await expect(getApproval(deps.db, actorOf('leaderDistrict'), id, handlers)).resolves.toMatchObject({ id });
    await expect(getApproval(deps.db, actorOf('monitorTown'), id, handlers)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const monitorId = people.monitorTown!.id;
    const withView: ApprovalHandlers = {
      route: { ...handlers.route!, canView: async (_db, actor) => actor.kind === 'user' && actor.userId === monitorId },
    };
    await expect(getApproval(deps.db, actorOf('monitorTown'), id, withView)).resolves.toMatchObject({ id });
  });

  it('lists in the inbox exactly the approvals the per-item rule lets the actor decide', async () => {
    // A fresh little world: approvals in every office, some needing the principal, some external or decided.
    const offices = [city, district, town, sibling, child].map((office) => ({ office }));
    const proposers: { key: string; office: TestOffice }[] = [
      { key: 'intake', office: town },
      { key: 'leaderTown', office: town },
      { key: 'supervisor', office: town },
      { key: 'leaderDistrict', office: district },
      { key: 'principalDistrict', office: district },
      { key: 'leaderCity', office: city },
    ];
    let n = 0;
    for (const { office } of offices) {
      for (const { key: proposer, office: proposerOffice } of proposers) {
        if (!office.path.startsWith(proposerOffice.path)) {
          continue;
        }
        n += 1;
        const { id } = await propose(proposer, {
          officeId: office.id,
          requiresPrincipal: n % 3 === 0,
          approverKind: n % 7 === 0 ? 'external' : 'internal',
          itemLabel: `G-${n}`,
        });
        if (n % 5 === 0) {
          await withdrawApproval(deps, actorOf(proposer), id);
        }
      }
    }
    const all = await deps.db
      .selectFrom('approvals as a')
      .innerJoin('offices', 'offices.id', 'a.office_id')
      .select(['a.id', 'a.status', 'a.approver_kind', 'a.proposed_by', 'a.required_role', 'a.requires_principal'])
      .select('offices.path as office_path')
      .execute();
    const actors: Actor[] = [
      ...Object.values(people).map((p) => p.actor),
      // A leader of the city acting in the district office where it holds nothing.
      buildActor({ userId: people.leaderCity!.id, activeOfficeId: district.id, activeRoles: ['leader'] }),
      buildActor({ userId: people.leaderCity!.id, activeOfficeId: null, activeRoles: [] }),
    ];
    let nonEmpty = 0;
    for (const actor of actors) {
      const expected: string[] = [];
      for (const approval of all) {
        if (
          approval.status === 'pending' &&
          approval.approver_kind === 'internal' &&
          (await isEligibleApprover(deps.db, actor, approval))
        ) {
          expected.push(approval.id);
        }
      }
      const inbox = await listPendingApprovals(deps.db, actor);
      expect(inbox.map((a) => a.id).sort()).toEqual(expected.sort());
      // Oldest first, and the proposer shown.
      const times = inbox.map((a) => a.proposedAt);
      expect([...times].sort()).toEqual(times);
      expect(inbox.every((a) => a.proposedBy.displayName !== '')).toBe(true);
      nonEmpty += inbox.length > 0 ? 1 : 0;
    }
    expect(nonEmpty).toBeGreaterThan(3);
  });

  it('keeps the office of an approval the office whose step it is', async () => {
    const { id } = await propose('intake', { officeId: town.id });
    await expect(getApproval(deps.db, actorOf('intake'), id, handlers)).resolves.toMatchObject({
      officeId: town.id,
      officeName: '东湖镇纪委',
    });
  });
});
