import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateComplaintInput, Role } from '@zhengming/contracts';
import { buildComplaintInput } from '../../test-support/complaint-builders.js';
import { buildMatrixWorld, type MatrixOfficeKey, type MatrixWorld } from '../../test-support/matrix-harness.js';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';

/*
 * The whole intake path of one township office through the API, as the complaints-and-leads issue states it is
 * done: every channel, a joint letter with a denial and a repeat; routing to a supervisor who sees the content
 * masked and without identity, asks to reveal it, and a leader approves; a sibling office sees nothing; a complaint
 * about the township's principal leaves only a stub and arrives at the district.
 */
describe('intake of a township office, end to end through the API', () => {
  let t: TestApp;
  let world: MatrixWorld;

  beforeAll(async () => {
    t = await buildTestApp();
    world = await buildMatrixWorld(t);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  const request = async (role: Role, office: MatrixOfficeKey, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: world.userOf(role, office).session.headers,
      ...(payload === undefined ? {} : { payload }),
    });
  const register = async (input: CreateComplaintInput) => {
    const response = await request('intake', 'townA1', 'POST', '/api/complaints', input);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; number: string; leadIds: string[]; isRepeat: boolean; status: string }>();
  };

  it('registers, routes, masks, reveals by approval, hides from siblings, and passes the principal up', async () => {
    const subjects = [{ name: '王建国', unit: '红星村村委会', position: '村委会主任', candidate: true }];
    const numbers: string[] = [];
    for (const channel of ['letter', 'visit', 'phone', 'online', 'referred'] as const) {
      const created = await register(
        buildComplaintInput({ channel, subjects, ...(channel === 'referred' ? { referringOrgan: '县信访局' } : {}) }),
      );
      numbers.push(created.number);
    }
    expect(new Set(numbers).size).toBe(5);

    const joint = await register(
      buildComplaintInput({
        subjects,
        reporter: { name: '林海燕', phone: '13511112222' },
        cosigners: [{ name: '许文' }, { name: '邓小兵' }],
        text: '我们联名反映王建国挪用救灾款。',
      }),
    );
    const denied = await request('intake', 'townA1', 'POST', `/api/complaints/${joint.id}/cosigners/2/denial`, {
      method: 'in_person',
    });
    expect(denied.json()).toMatchObject({ content: { cosigners: [{ isDenied: false }, { isDenied: true }] } });
    const repeat = await register(
      buildComplaintInput({ subjects, reporter: { name: '林海燕', phone: '13511112222' } }),
    );
    expect(repeat.isRepeat).toBe(true);
    expect(repeat.leadIds).toEqual(joint.leadIds);

    const supervisor = world.userOf('supervisor', 'townA1');
    const routed = await request('intake', 'townA1', 'POST', `/api/leads/${joint.leadIds[0]}/team`, {
      userId: supervisor.userId,
    });
    expect(routed.statusCode).toBe(200);
    const seen = (await request('supervisor', 'townA1', 'GET', `/api/complaints/${joint.id}`)).json<{
      content: { text: string; isMasked: boolean };
    }>();
    expect(seen.content.isMasked).toBe(true);
    expect(seen.content.text).toContain('挪用救灾款');
    expect((await request('supervisor', 'townA1', 'GET', `/api/complaints/${joint.id}/identity`)).statusCode).toBe(404);
    const asked = await request('supervisor', 'townA1', 'POST', `/api/complaints/${joint.id}/reveal-requests`, {
      reason: '需向联名人核实签名情况',
    });
    const { approvalId } = asked.json<{ approvalId: string }>();
    expect((await request('leader', 'townA1', 'POST', `/api/approvals/${approvalId}/approve`, {})).statusCode).toBe(
      200,
    );
    const identity = await request('supervisor', 'townA1', 'GET', `/api/complaints/${joint.id}/identity`);
    expect(identity.json()).toMatchObject({
      via: 'reveal',
      reporter: { name: '林海燕' },
      cosigners: [{ name: '许文' }, { name: '邓小兵', isDenied: true }],
    });

    for (const role of ['intake', 'supervisor', 'leader', 'monitor'] as const) {
      expect((await request(role, 'townA2', 'GET', `/api/complaints/${joint.id}`)).statusCode).toBe(404);
      const list = (await request(role, 'townA2', 'GET', '/api/complaints?pageSize=100')).json<{ total: number }>();
      expect(list.total).toBe(0);
    }

    const aboutPrincipal = await register(
      buildComplaintInput({ jurisdiction: 'up_principal', subjects: [{ name: '镇纪委书记甲', unit: '一镇纪委' }] }),
    );
    expect(aboutPrincipal.status).toBe('passed_up');
    const stub = (await request('intake', 'townA1', 'GET', `/api/complaints/${aboutPrincipal.id}`)).json<
      Record<string, unknown>
    >();
    expect(stub).toMatchObject({ isStub: true, content: null, channel: 'letter' });
    const arrivals = (
      await request('intake', 'districtA', 'GET', '/api/complaints?status=incoming&pageSize=100')
    ).json<{ items: { id: string }[] }>();
    expect(arrivals.items).toHaveLength(1);
    const arrival = (await request('intake', 'districtA', 'GET', `/api/complaints/${arrivals.items[0]?.id}`)).json<{
      content: { subjects: { name: string }[] };
      arrivedFrom: { officeName: string };
    }>();
    expect(arrival.content.subjects[0]?.name).toBe('镇纪委书记甲');
    expect(arrival.arrivedFrom.officeName).toBe('甲区一镇纪委');
  });
});
