import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateComplaintInput, Role } from '@zhengming/contracts';
import { buildMatrixWorld, type MatrixOfficeKey, type MatrixWorld } from '../../test-support/matrix-harness.js';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';
import { buildSession } from '../../test-support/builders.js';
import { buildComplaintInput } from '../../test-support/complaint-builders.js';

describe('complaint steps through approvals', () => {
  let t: TestApp;
  let world: MatrixWorld;

  beforeAll(async () => {
    t = await buildTestApp();
    world = await buildMatrixWorld(t);
    // The township's leader is its principal (主要负责人).
    await t.deps.db
      .updateTable('role_grants')
      .set({ is_principal: true })
      .where('user_id', '=', world.userOf('leader', 'townA1').userId)
      .execute();
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const as = (role: Role, office: MatrixOfficeKey) => world.userOf(role, office).session.headers;
  const register = async (office: MatrixOfficeKey, input: CreateComplaintInput) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/complaints',
      headers: as('intake', office),
      payload: input,
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string; number: string; leadIds: string[]; status: string; transfer: unknown }>();
  };
  const get = (role: Role, office: MatrixOfficeKey, url: string) =>
    t.app.inject({ method: 'GET', url, headers: as(role, office) });
  const post = (role: Role, office: MatrixOfficeKey, url: string, payload: object = {}) =>
    t.app.inject({ method: 'POST', url, headers: as(role, office), payload });
  const auditActions = async (action: string) =>
    t.deps.db.selectFrom('audit_entries').selectAll().where('action', '=', action).execute();

  it('reveals the identity to a supervisor for a time after a leader approves, every read audited', async () => {
    const complaint = await register('townA1', buildComplaintInput({ subjects: [{ name: '冯志刚', unit: '柳林村' }] }));
    const supervisorId = world.userOf('supervisor', 'townA1').userId;
    await post('intake', 'townA1', `/api/leads/${complaint.leadIds[0]}/team`, { userId: supervisorId });
    const identityUrl = `/api/complaints/${complaint.id}/identity`;
    expect((await get('supervisor', 'townA1', identityUrl)).statusCode).toBe(404);

    const asked = await post('supervisor', 'townA1', `/api/complaints/${complaint.id}/reveal-requests`, {
      reason: '核实需要与举报人当面沟通',
      hours: 24,
    });
    expect(asked.statusCode).toBe(201);
    const { approvalId } = asked.json<{ approvalId: string }>();
    // Four eyes: the requester cannot approve; a leader of the district above can.
    expect((await post('supervisor', 'townA1', `/api/approvals/${approvalId}/approve`)).statusCode).toBe(404);
    const inbox = (await get('leader', 'districtA', '/api/approvals/pending')).json<{ id: string; kind: string }[]>();
    expect(inbox.find((a) => a.id === approvalId)).toMatchObject({ kind: 'identity_reveal' });
    const approved = await post('leader', 'districtA', `/api/approvals/${approvalId}/approve`, { reason: '同意' });
    expect(approved.statusCode).toBe(200);

    const identity = await get('supervisor', 'townA1', identityUrl);
    expect(identity.statusCode).toBe(200);
    expect(identity.json()).toMatchObject({ via: 'reveal', reporter: { name: '贾明远', phone: '13912345678' } });
    const detail = (await get('supervisor', 'townA1', `/api/complaints/${complaint.id}`)).json<{
      access: { canReadIdentity: boolean; revealUntil: string };
    }>();
    expect(detail.access.canReadIdentity).toBe(true);
    expect(new Date(detail.access.revealUntil).getTime()).toBe(t.clock.now().getTime() + 24 * 3_600_000);
    const reads = await auditActions('complaint.identity_read');
    expect(reads.at(-1)?.details).toMatchObject({ via: 'reveal' });
    expect(JSON.stringify(reads)).not.toContain('贾明远');

    // A day later the reveal has lapsed (a fresh session: the old one timed out meanwhile).
    const before = t.clock.now();
    t.clock.advanceMinutes(24 * 60 + 1);
    const later = await buildSession(t, { userId: supervisorId });
    expect((await t.app.inject({ method: 'GET', url: identityUrl, headers: later.headers })).statusCode).toBe(404);
    t.clock.set(before);
  });

  it('passes a complaint up only after the principal leader approves, leaving a stub', async () => {
    const complaint = await register('townA1', buildComplaintInput({ jurisdiction: 'up' }));
    expect(complaint.status).toBe('transfer_pending');
    const { approvalId } = complaint.transfer as { approvalId: string };
    // The principal is "assigned" through the approval step: they read the letter they are to sign off.
    const seen = (await get('leader', 'townA1', `/api/complaints/${complaint.id}`)).json<{ content: unknown }>();
    expect(seen.content).not.toBeNull();
    expect((await post('leader', 'districtA', `/api/approvals/${approvalId}/approve`)).statusCode).toBe(404);
    const approved = await post('leader', 'townA1', `/api/approvals/${approvalId}/approve`);
    expect(approved.statusCode).toBe(200);
    const stub = (await get('intake', 'townA1', `/api/complaints/${complaint.id}`)).json<Record<string, unknown>>();
    expect(stub).toMatchObject({ status: 'passed_up', isStub: true, content: null });
    const rows = await t.deps.db
      .selectFrom('complaint_subjects')
      .select('complaint_id')
      .where('complaint_id', '=', complaint.id as never)
      .execute();
    expect(rows).toHaveLength(0);
    const arrivals = (await get('intake', 'districtA', '/api/complaints?status=incoming&pageSize=100')).json<{
      items: { id: string }[];
    }>();
    expect(arrivals.items.length).toBeGreaterThan(0);
  });

  it('routes through a leader where the office requires it', async () => {
    await t.deps.db
      .insertInto('office_settings')
      .values({
        office_id: world.offices.townA1,
        number_prefix: '一镇纪委',
        number_word: '信',
        key_periods: '[]',
        records_online_identifiers: true,
        routing_requires_approval: true,
        shared_endpoints: JSON.stringify([{ kind: 'ip', value: '10.0.0.0/8', note: '镇内网' }]),
        updated_by: null,
        updated_at: t.clock.now(),
      })
      .execute();
    const complaint = await register('townA1', buildComplaintInput({ subjects: [{ name: '蒋立', unit: '南坪村' }] }));
    expect(complaint.number).toMatch(/^一镇纪委〔2026〕信字第\d+号$/);
    const investigatorId = world.userOf('investigator', 'townA1').userId;
    const routed = await post('intake', 'townA1', `/api/leads/${complaint.leadIds[0]}/team`, {
      userId: investigatorId,
    });
    const { approvalId, lead } = routed.json<{ approvalId: string; lead: { team: unknown[] } }>();
    expect(lead.team).toEqual([]);
    expect((await get('investigator', 'townA1', `/api/complaints/${complaint.id}`)).json()).toMatchObject({
      content: null,
    });
    expect((await post('leader', 'townA1', `/api/approvals/${approvalId}/approve`)).statusCode).toBe(200);
    const detail = (await get('investigator', 'townA1', `/api/complaints/${complaint.id}`)).json<{
      content: unknown;
    }>();
    expect(detail.content).not.toBeNull();
  });

  it('records online IP and device where the office enables it, never a shared endpoint', async () => {
    const online = (ip: string) =>
      buildComplaintInput({ channel: 'online', reporter: { name: '贾明远', ip, deviceId: 'phone-778899' } });
    const outside = await register('townA1', online('203.0.113.9'));
    const shared = await register('townA1', online('10.1.2.3'));
    const read = async (id: string) =>
      (await get('intake', 'townA1', `/api/complaints/${id}/identity`)).json<{ reporter: Record<string, string> }>();
    expect((await read(outside.id)).reporter).toMatchObject({ ip: '203.0.113.9', deviceId: 'phone-778899' });
    expect((await read(shared.id)).reporter.ip).toBeUndefined();
  });

  it('keeps a complaint about the principal, its stub and its reveal requests from the principal', async () => {
    const principal = world.userOf('leader', 'townA1');
    const stub = await register('townA1', buildComplaintInput({ jurisdiction: 'up_principal' }));
    expect((await get('leader', 'townA1', `/api/complaints/${stub.id}`)).statusCode).toBe(404);
    const list = (await get('leader', 'townA1', '/api/complaints?pageSize=100')).json<{ items: { id: string }[] }>();
    expect(list.items.map((item) => item.id)).not.toContain(stub.id);

    // A complaint handled here about the principal (their account named): they never see its reveal requests.
    const about = await register(
      'townA1',
      buildComplaintInput({ subjects: [{ name: '镇书记乙', unit: '一镇', userId: principal.userId }] }),
    );
    await post('intake', 'townA1', `/api/leads/${about.leadIds[0]}/team`, {
      userId: world.userOf('supervisor', 'townA1').userId,
    });
    const asked = await post('supervisor', 'townA1', `/api/complaints/${about.id}/reveal-requests`, { reason: '核实' });
    const { approvalId } = asked.json<{ approvalId: string }>();
    const inbox = (await get('leader', 'townA1', '/api/approvals/pending')).json<{ id: string }[]>();
    expect(inbox.map((a) => a.id)).not.toContain(approvalId);
    expect(
      (await post('leader', 'townA1', `/api/approvals/${approvalId}/return`, { reason: '不同意' })).statusCode,
    ).toBe(404);
    expect((await get('leader', 'townA1', `/api/approvals/${approvalId}`)).statusCode).toBe(404);
    expect((await post('leader', 'districtA', `/api/approvals/${approvalId}/approve`)).statusCode).toBe(200);
  });

  it('recuses the account of a subject picked from the register, from every complaint about them', async () => {
    const investigator = world.userOf('investigator', 'townA1');
    const first = await register('townA1', buildComplaintInput({ subjects: [{ name: '韩立', unit: '东坡村' }] }));
    await post('intake', 'townA1', `/api/leads/${first.leadIds[0]}/team`, { userId: investigator.userId });
    expect((await get('investigator', 'townA1', `/api/leads/${first.leadIds[0]}`)).statusCode).toBe(200);
    // Intake learns the subject has an account: named on the next complaint, it is linked in the register.
    await register(
      'townA1',
      buildComplaintInput({ subjects: [{ name: '韩立', unit: '东坡村', userId: investigator.userId }] }),
    );
    expect((await get('investigator', 'townA1', `/api/leads/${first.leadIds[0]}`)).statusCode).toBe(404);
    expect((await get('investigator', 'townA1', `/api/complaints/${first.id}`)).statusCode).toBe(404);
  });

  it('brings a returned passing up back to intake, and passes an arrival up through the principal', async () => {
    const complaint = await register('townA1', buildComplaintInput({ jurisdiction: 'up' }));
    const { approvalId } = complaint.transfer as { approvalId: string };
    expect(
      (await post('leader', 'townA1', `/api/approvals/${approvalId}/return`, { reason: '应由本机关办理' })).statusCode,
    ).toBe(200);
    const back = (await get('intake', 'townA1', `/api/complaints/${complaint.id}`)).json<Record<string, unknown>>();
    expect(back).toMatchObject({
      status: 'incoming',
      decisionDue: { count: 5 },
      content: { text: expect.any(String) },
    });
    const again = await post('intake', 'townA1', `/api/complaints/${complaint.id}/jurisdiction`, {
      jurisdiction: 'up',
    });
    expect(again.json()).toMatchObject({ status: 'transfer_pending', transfer: { approvalId: expect.any(String) } });
  });

  it('owes a notice for a matter new to the reporter, none after a denied claim, and masks summaries', async () => {
    const reporter = { name: '曾庆', phone: '13722223333' };
    await register('townA1', buildComplaintInput({ reporter, subjects: [{ name: '罗成', unit: '北岭村' }] }));
    const both = (
      await t.app.inject({
        method: 'POST',
        url: '/api/complaints',
        headers: as('intake', 'townA1'),
        payload: buildComplaintInput({
          reporter,
          subjects: [
            { name: '罗成', unit: '北岭村' },
            { name: '苏明', unit: '北岭村' },
          ],
          allegations: [{ category: 'integrity', summary: '曾庆（13722223333）称罗成收受红包' }],
        }),
      })
    ).json<{ id: string; isRepeat: boolean; acceptanceNotice: unknown; leadIds: string[] }>();
    expect(both.isRepeat).toBe(false);
    expect(both.acceptanceNotice).toMatchObject({ isOwed: true });
    const denied = await post('intake', 'townA1', `/api/complaints/${both.id}/reporter-status`, {
      status: 'denied',
      method: 'phone',
    });
    expect(denied.json()).toMatchObject({ reporterStatus: 'denied', acceptanceNotice: { isOwed: false, due: null } });
    // This office routes through a leader (set by an earlier test).
    const routed = await post('intake', 'townA1', `/api/leads/${both.leadIds[0]}/team`, {
      userId: world.userOf('supervisor', 'townA1').userId,
    });
    const routing = routed.json<{ approvalId: string }>().approvalId;
    expect((await post('leader', 'townA1', `/api/approvals/${routing}/approve`)).statusCode).toBe(200);
    const lead = await get('supervisor', 'townA1', `/api/leads/${both.leadIds[0]}`);
    expect(lead.body, lead.body).toContain('收受红包');
    expect(lead.body).not.toContain('13722223333');
    expect(lead.body).not.toContain('曾庆');
    const detail = await get('supervisor', 'townA1', `/api/complaints/${both.id}`);
    expect(detail.body).toContain('收受红包');
    expect(detail.body).not.toContain('曾庆');
  });
});
