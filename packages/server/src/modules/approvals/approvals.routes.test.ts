import { randomUUID } from 'node:crypto';
import type { ApprovalId, OfficeId } from '@zhengming/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildActor, buildOffice, buildSession, buildUser, type TestSession } from '../../test-support/builders.js';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';
import { approvalRoutes } from './approvals.routes.js';
import { proposeApproval, type ApprovalHandlers } from './approvals.service.js';

/**
 * The same plugin under `/handled` gets a test-only handler for `route`, and under `/unhandled` none at all (the
 * app's own routes carry the complaints module's handlers).
 */
const routed: string[] = [];
const handlers: ApprovalHandlers = {
  route: {
    async onApproved(_trx, approval) {
      routed.push(approval.id);
    },
  },
};

describe('approval routes', () => {
  let t: TestApp;
  let intake: TestSession;
  let leader: TestSession;
  let districtLeader: TestSession;
  let siblingLeader: TestSession;
  let proposerId: string;
  let townId: OfficeId;
  let proposeAs: () => Promise<ApprovalId>;

  beforeAll(async () => {
    t = await buildTestApp({
      extraPlugins: [
        async (scope, deps) => {
          await scope.register(approvalRoutes, { deps, handlers, prefix: '/handled' });
          await scope.register(approvalRoutes, { deps, handlers: {}, prefix: '/unhandled' });
        },
      ],
    });
    const district = await buildOffice(t, { name: '区纪委监委' });
    const town = await buildOffice(t, { parentId: district.id, name: '东湖镇纪委', level: 'township' });
    townId = town.id;
    const sibling = await buildOffice(t, { parentId: district.id, name: '西湖镇纪委', level: 'township' });
    const proposer = await buildUser(t, {
      displayName: '信访干部甲',
      password: null,
      roles: [{ officeId: town.id, role: 'intake' }],
    });
    proposerId = proposer.id;
    const townLeader = await buildUser(t, {
      displayName: '镇领导乙',
      password: null,
      roles: [{ officeId: town.id, role: 'leader' }],
    });
    const upLeader = await buildUser(t, { password: null, roles: [{ officeId: district.id, role: 'leader' }] });
    const otherLeader = await buildUser(t, { password: null, roles: [{ officeId: sibling.id, role: 'leader' }] });
    intake = await buildSession(t, { userId: proposer.id });
    leader = await buildSession(t, { userId: townLeader.id });
    districtLeader = await buildSession(t, { userId: upLeader.id });
    siblingLeader = await buildSession(t, { userId: otherLeader.id });
    const actor = buildActor({ userId: proposer.id, activeOfficeId: town.id, activeRoles: ['intake'] });
    proposeAs = async () =>
      (
        await t.deps.db.transaction().execute((trx) =>
          proposeApproval(trx, t.deps.audit, actor, {
            officeId: town.id,
            kind: 'route',
            itemType: 'lead',
            itemId: randomUUID(),
            itemLabel: 'XS-2026-007',
            reason: '建议分办',
            requiredRole: 'leader',
          }),
        )
      ).id;
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, session: TestSession) => t.app.inject({ method: 'GET', url, headers: session.headers });
  const post = (url: string, session: TestSession, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers: session.headers, ...(payload === undefined ? {} : { payload }) });

  it('shows the inbox to the leaders above, with the proposer, and never to the proposer', async () => {
    const id = await proposeAs();
    for (const session of [leader, districtLeader]) {
      const inbox = await get('/api/approvals/pending', session);
      expect(inbox.statusCode).toBe(200);
      expect(inbox.json()).toContainEqual(
        expect.objectContaining({ id, proposedBy: { id: proposerId, displayName: '信访干部甲' }, status: 'pending' }),
      );
    }
    const sibling = await get('/api/approvals/pending', siblingLeader);
    expect(sibling.json()).toEqual([]);
    expect((await get('/api/approvals/pending', intake)).statusCode).toBe(404);
    const mine = await get('/api/approvals/mine', intake);
    expect(mine.json()).toContainEqual(expect.objectContaining({ id }));
    expect((await get(`/api/approvals/${id}`, intake)).statusCode).toBe(200);
    expect((await get(`/api/approvals/${id}`, siblingLeader)).json()).toEqual({
      code: 'NOT_FOUND',
      message: '未找到该内容。',
    });
  });

  it('approves through the handler and answers with both proposer and approver (four eyes)', async () => {
    const id = await proposeAs();
    const approved = await post(`/handled/api/approvals/${id}/approve`, leader);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      proposedBy: { displayName: '信访干部甲' },
      decidedBy: { displayName: '镇领导乙' },
    });
    expect(routed).toContain(id);
    expect((await post(`/handled/api/approvals/${id}/approve`, districtLeader)).statusCode).toBe(409);
  });

  it('fails loudly where no handler is registered, changing nothing', async () => {
    const id = await proposeAs();
    const response = await post(`/unhandled/api/approvals/${id}/approve`, leader, {});
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'INTERNAL' });
    expect((await get(`/api/approvals/${id}`, leader)).json()).toMatchObject({ status: 'pending' });
  });

  it('needs reasons to return, and refuses outsiders as not found', async () => {
    const id = await proposeAs();
    expect((await post(`/handled/api/approvals/${id}/return`, leader, {})).statusCode).toBe(400);
    expect((await post(`/handled/api/approvals/${id}/return`, siblingLeader, { reason: '退回' })).statusCode).toBe(404);
    const returned = await post(`/handled/api/approvals/${id}/return`, leader, { reason: '请补充核实材料' });
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toMatchObject({ status: 'returned', decisionReason: '请补充核实材料' });
  });

  it('lets the proposer withdraw, and refuses the proposer an approval as SELF_APPROVAL', async () => {
    const id = await proposeAs();
    // The intake officer is no leader: the route itself is closed to it, like any missing route.
    expect((await post(`/handled/api/approvals/${id}/approve`, intake)).statusCode).toBe(404);
    const withdrawn = await post(`/api/approvals/${id}/withdraw`, intake);
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn' });
    expect((await post(`/api/approvals/${randomUUID()}/withdraw`, intake)).statusCode).toBe(404);
  });

  it('refuses a leader deciding its own proposal with SELF_APPROVAL', async () => {
    const leaderActor = buildActor({ userId: leader.userId, activeOfficeId: townId, activeRoles: ['leader'] });
    const own = await t.deps.db.transaction().execute((trx) =>
      proposeApproval(trx, t.deps.audit, leaderActor, {
        officeId: townId,
        kind: 'route',
        itemType: 'lead',
        itemId: randomUUID(),
        itemLabel: 'XS-2026-008',
        reason: '拟分办',
        requiredRole: 'leader',
      }),
    );
    const response = await post(`/handled/api/approvals/${own.id}/approve`, leader);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'SELF_APPROVAL' });
  });
});
