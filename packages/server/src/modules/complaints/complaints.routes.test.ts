import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateComplaintInput } from '@zhengming/contracts';
import { buildComplaintInput } from '../../test-support/complaint-builders.js';
import { buildMatrixWorld, type MatrixOfficeKey, type MatrixWorld } from '../../test-support/matrix-harness.js';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';
import type { Role } from '@zhengming/contracts';

const NOT_FOUND = { code: 'NOT_FOUND', message: '未找到该内容。' };

describe('complaint and lead routes', () => {
  let t: TestApp;
  let world: MatrixWorld;

  beforeAll(async () => {
    t = await buildTestApp();
    world = await buildMatrixWorld(t);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const as = (role: Role, office: MatrixOfficeKey) => world.userOf(role, office).session.headers;
  const register = (office: MatrixOfficeKey, input: CreateComplaintInput) =>
    t.app.inject({ method: 'POST', url: '/api/complaints', headers: as('intake', office), payload: input });
  const get = (role: Role, office: MatrixOfficeKey, url: string) =>
    t.app.inject({ method: 'GET', url, headers: as(role, office) });
  const post = (role: Role, office: MatrixOfficeKey, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: as(role, office), payload });

  it('registers a letter with a number of the office and year, and owes the real-name reporter a notice', async () => {
    const response = await register('townA1', buildComplaintInput());
    expect(response.statusCode).toBe(201);
    const created = response.json<{ id: string; number: string; leadIds: string[]; acceptanceNotice: unknown }>();
    expect(created.number).toMatch(/^甲区一镇纪委〔2026〕信字第\d+号$/);
    expect(created.leadIds).toHaveLength(1);
    expect(created.acceptanceNotice).toMatchObject({ isOwed: true, due: { unit: 'working_days', count: 15 } });
    const detail = await get('intake', 'townA1', `/api/complaints/${created.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      status: 'registered',
      channel: 'letter',
      reporterStatus: 'claimed',
      content: { isMasked: false, text: expect.stringContaining('贾明远') },
    });
  });

  it('registers from every channel; a referred one names its organ, online records no IP unless enabled', async () => {
    for (const channel of ['letter', 'visit', 'phone', 'online', 'referred'] as const) {
      const response = await register(
        'townA1',
        buildComplaintInput({
          channel,
          ...(channel === 'referred' ? { referringOrgan: '县信访局' } : {}),
          ...(channel === 'online'
            ? { reporter: { name: '贾明远', phone: '13912345678', ip: '203.0.113.7', deviceId: 'dev-123456' } }
            : {}),
        }),
      );
      expect(response.statusCode, channel).toBe(201);
    }
    const refused = await register('townA1', buildComplaintInput({ channel: 'referred' }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ details: { path: string }[] }>().details[0]?.path).toBe('referringOrgan');
  });

  it('refuses identity on an anonymous complaint and a missing name on a real-name one', async () => {
    const anonymousWithName = await register('townA1', buildComplaintInput({ anonymous: true }));
    expect(anonymousWithName.statusCode).toBe(400);
    const realNameWithout = await register('townA1', buildComplaintInput({ reporter: { phone: '13912345678' } }));
    expect(realNameWithout.statusCode).toBe(400);
    const anonymous = await register('townA1', buildComplaintInput({ anonymous: true, reporter: null }));
    expect(anonymous.statusCode).toBe(201);
    expect(anonymous.json()).toMatchObject({ acceptanceNotice: null });
  });

  it('records a joint letter with a co-signer who denies signing', async () => {
    const created = await register(
      'townA1',
      buildComplaintInput({ cosigners: [{ name: '李秀英' }, { name: '赵大海', denied: true }, { name: '孙小明' }] }),
    );
    const { id } = created.json<{ id: string }>();
    const denied = await post('intake', 'townA1', `/api/complaints/${id}/cosigners/3/denial`, { method: 'phone' });
    expect(denied.statusCode).toBe(200);
    expect(denied.json()).toMatchObject({
      cosignerCount: 3,
      content: {
        cosigners: [
          { position: 1, isDenied: false },
          { position: 2, isDenied: true },
          { position: 3, isDenied: true },
        ],
      },
    });
    const identity = await get('intake', 'townA1', `/api/complaints/${id}/identity`);
    expect(identity.json()).toMatchObject({
      via: 'role',
      cosigners: [{ name: '李秀英' }, { name: '赵大海' }, { name: '孙小明' }],
    });
  });

  it('attaches a repeat of the same reporter to the lead without a new notice; another reporter is owed one', async () => {
    const subjects = [{ name: '周立新', unit: '青山村村委会' }];
    const first = (await register('townA1', buildComplaintInput({ subjects }))).json<{ leadIds: string[] }>();
    const repeat = (
      await register('townA1', buildComplaintInput({ subjects, reporter: { name: '贾明远', phone: '139 1234 5678' } }))
    ).json<{ leadIds: string[]; isRepeat: boolean; acceptanceNotice: unknown }>();
    expect(repeat.leadIds).toEqual(first.leadIds);
    expect(repeat.isRepeat).toBe(true);
    expect(repeat.acceptanceNotice).toBeNull();
    const other = (
      await register('townA1', buildComplaintInput({ subjects, reporter: { name: '钱文华', phone: '13800000001' } }))
    ).json<{ leadIds: string[]; isRepeat: boolean; acceptanceNotice: unknown }>();
    expect(other.leadIds).toEqual(first.leadIds);
    expect(other.isRepeat).toBe(false);
    expect(other.acceptanceNotice).toMatchObject({ isOwed: true });
    // A different name on the same phone is a different reporter (the shared phone is a screening signal).
    const sharedPhone = (
      await register('townA1', buildComplaintInput({ subjects, reporter: { name: '孙立平', phone: '13912345678' } }))
    ).json<{ isRepeat: boolean; acceptanceNotice: unknown }>();
    expect(sharedPhone.isRepeat).toBe(false);
    expect(sharedPhone.acceptanceNotice).toMatchObject({ isOwed: true });
    // The same name with another phone is another person of that name.
    const namesake = (
      await register('townA1', buildComplaintInput({ subjects, reporter: { name: '贾明远', phone: '13600000002' } }))
    ).json<{ isRepeat: boolean }>();
    expect(namesake.isRepeat).toBe(false);
  });

  it('leaves an uncertain subject match to a person, never refusing', async () => {
    await register('townA1', buildComplaintInput({ subjects: [{ name: '吴长青', unit: '白沙村村委会' }] }));
    const uncertain = await register('townA1', buildComplaintInput({ subjects: [{ name: '吴长青' }] }));
    expect(uncertain.statusCode).toBe(201);
    expect(uncertain.json()).toMatchObject({ subjectMatchTasks: 1 });
    const exact = await register(
      'townA1',
      buildComplaintInput({ subjects: [{ name: '吴 长青', unit: '白沙村村委会' }] }),
    );
    expect(exact.json()).toMatchObject({ subjectMatchTasks: 0 });

    const tasks = (await get('intake', 'townA1', '/api/subject-match-tasks')).json<
      { id: string; subject: { id: string; unit: string | null }; candidates: { id: string; unit: string }[] }[]
    >();
    const task = tasks.find((item) => item.subject.unit === null && item.candidates[0]?.unit === '白沙村村委会');
    expect(task).toBeDefined();
    expect((await get('supervisor', 'townA1', '/api/subject-match-tasks')).statusCode).toBe(404);
    const resolved = await post('intake', 'townA1', `/api/subject-match-tasks/${task?.id}/resolve`, {
      decision: 'same',
      candidateId: task?.candidates[0]?.id,
    });
    expect(resolved.json()).toEqual({ status: 'merged' });
    const merged = await get('intake', 'townA1', `/api/complaints?subjectId=${task?.candidates[0]?.id}`);
    expect(merged.json<{ total: number }>().total).toBe(3);
    const again = await post('intake', 'townA1', `/api/subject-match-tasks/${task?.id}/resolve`, {
      decision: 'distinct',
    });
    expect(again.statusCode).toBe(409);
  });

  it('routes a lead to a supervisor, who then reads the content masked and not the identity', async () => {
    const created = (
      await register('townA1', buildComplaintInput({ subjects: [{ name: '郑海', unit: '石桥村' }] }))
    ).json<{
      id: string;
      leadIds: string[];
    }>();
    const url = `/api/complaints/${created.id}`;
    expect((await get('supervisor', 'townA1', url)).json()).toMatchObject({ content: null });
    const supervisorId = world.userOf('supervisor', 'townA1').userId;
    const routed = await post('intake', 'townA1', `/api/leads/${created.leadIds[0]}/team`, { userId: supervisorId });
    expect(routed.statusCode).toBe(200);
    expect(routed.json()).toMatchObject({ approvalId: null, lead: { team: [{ userId: supervisorId }] } });
    const detail = (await get('supervisor', 'townA1', url)).json<{ content: { text: string; isMasked: boolean } }>();
    expect(detail.content.isMasked).toBe(true);
    expect(detail.content.text).not.toContain('贾明远');
    expect(detail.content.text).not.toContain('13912345678');
    expect(detail.content.text).toContain('王建国在2025年修路工程');
    const identity = await get('supervisor', 'townA1', `${url}/identity`);
    expect(identity.statusCode).toBe(404);
    expect(identity.json()).toEqual(NOT_FOUND);
  });

  it('shows a sibling office nothing, exactly like a missing complaint', async () => {
    const created = (await register('townA1', buildComplaintInput())).json<{ id: string }>();
    for (const role of ['intake', 'leader', 'monitor', 'supervisor'] as const) {
      const response = await get(role, 'townA2', `/api/complaints/${created.id}`);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual(NOT_FOUND);
    }
    const list = (await get('intake', 'townA2', '/api/complaints')).json<{ items: { id: string }[] }>();
    expect(list.items.map((item) => item.id)).not.toContain(created.id);
  });

  it('passes a complaint about the principal straight up: a stub here, an arrival at the district', async () => {
    const response = await register('townA1', buildComplaintInput({ jurisdiction: 'up_principal' }));
    expect(response.statusCode).toBe(201);
    const stub = response.json<{ id: string; status: string; transfer: { destinationOfficeId: string } }>();
    expect(stub.status).toBe('passed_up');
    expect(stub.transfer.destinationOfficeId).toBe(world.offices.districtA);
    const here = (await get('intake', 'townA1', `/api/complaints/${stub.id}`)).json<Record<string, unknown>>();
    expect(here).toMatchObject({ isStub: true, content: null, leadIds: [] });
    const identity = await get('intake', 'townA1', `/api/complaints/${stub.id}/identity`);
    expect(identity.statusCode).toBe(404);
    const list = (await get('intake', 'districtA', '/api/complaints?status=incoming')).json<{
      items: { id: string; channel: string }[];
    }>();
    const arrival = list.items[0];
    expect(arrival?.channel).toBe('referred');
    const detail = (await get('intake', 'districtA', `/api/complaints/${arrival?.id}`)).json<Record<string, unknown>>();
    expect(detail).toMatchObject({
      status: 'incoming',
      referringOrgan: '甲区一镇纪委',
      arrivedFrom: { officeId: world.offices.townA1 },
      content: { text: expect.stringContaining('王建国') },
    });
    const decided = await post('intake', 'districtA', `/api/complaints/${arrival?.id}/jurisdiction`, {
      jurisdiction: 'handle',
    });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'registered', leadIds: [expect.any(String)] });
  });

  it('sends a complaint down to a township, which receives it as an arrival', async () => {
    const response = await register(
      'districtA',
      buildComplaintInput({ jurisdiction: 'down', destinationOfficeId: world.offices.townA2 }),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ status: 'sent_down', transfer: { due: { count: 5 } } });
    const arrivals = (await get('intake', 'townA2', '/api/complaints?status=incoming')).json<{ total: number }>();
    expect(arrivals.total).toBeGreaterThan(0);
    const wrong = await register(
      'townA1',
      buildComplaintInput({ jurisdiction: 'down', destinationOfficeId: world.offices.townA2 }),
    );
    expect(wrong.statusCode).toBe(400);
  });

  it('never shows a subject linked to a user account the complaint, its lead or its stub', async () => {
    const linked = world.userOf('leader', 'townA1');
    const created = (
      await register(
        'townA1',
        buildComplaintInput({ subjects: [{ name: '领导甲', unit: '一镇', userId: linked.userId }] }),
      )
    ).json<{ id: string; leadIds: string[] }>();
    expect((await get('leader', 'townA1', `/api/complaints/${created.id}`)).statusCode).toBe(404);
    expect((await get('leader', 'townA1', `/api/leads/${created.leadIds[0]}`)).statusCode).toBe(404);
    const list = (await get('leader', 'townA1', '/api/complaints?pageSize=100')).json<{ items: { id: string }[] }>();
    expect(list.items.map((item) => item.id)).not.toContain(created.id);
    const stub = (
      await register(
        'townA1',
        buildComplaintInput({ jurisdiction: 'up_principal', subjects: [{ name: '领导甲', userId: linked.userId }] }),
      )
    ).json<{ id: string }>();
    expect((await get('leader', 'townA1', `/api/complaints/${stub.id}`)).statusCode).toBe(404);
  });

  it('pages by cursor from where the page before ended, like page numbers do', async () => {
    const byNumber = (await get('intake', 'townA1', '/api/complaints?pageSize=3&page=2')).json<{
      items: { id: string }[];
    }>();
    const first = (await get('intake', 'townA1', '/api/complaints?pageSize=3')).json<{ nextCursor: string }>();
    const next = (
      await get('intake', 'townA1', `/api/complaints?pageSize=3&after=${encodeURIComponent(first.nextCursor)}`)
    ).json<{ items: { id: string }[] }>();
    expect(next.items.map((item) => item.id)).toEqual(byNumber.items.map((item) => item.id));
    const bad = await get('intake', 'townA1', '/api/complaints?after=bm90LWEtY3Vyc29y');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ details: { path: string }[] }>().details[0]?.path).toBe('after');
  });

  it('lists newest first with paging and filters, never with identity', async () => {
    const page = await get('intake', 'townA1', '/api/complaints?pageSize=2&page=1&channel=letter');
    expect(page.statusCode).toBe(200);
    const body = page.json<{ items: { registeredAt: string; channel: string }[]; total: number }>();
    expect(body.items).toHaveLength(2);
    expect(body.total).toBeGreaterThan(2);
    expect(body.items.every((item) => item.channel === 'letter')).toBe(true);
    expect(page.body).not.toContain('贾明远');
    expect(page.body).not.toContain('13912345678');
    const monitor = (await get('monitor', 'city', '/api/complaints?pageSize=100')).json<{
      items: { subjectNames: unknown }[];
    }>();
    expect(monitor.items.length).toBeGreaterThan(0);
    expect(monitor.items.every((item) => item.subjectNames === null)).toBe(true);
  });
});
