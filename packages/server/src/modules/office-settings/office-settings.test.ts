import { randomUUID } from 'node:crypto';
import { OfficeIdSchema, type OfficeSettings, type UserId } from '@zhengming/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildActor, buildSession, buildUser, type TestSession } from '../../test-support/builders.js';
import { buildOfficeTree, type OfficeTree } from '../../test-support/matrix-harness.js';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';
import { loadOfficeSettings, OfficeSettingsService } from './office-settings.service.js';
import { isSharedEndpoint } from './shared-endpoints.js';

const NOT_FOUND_BODY = { code: 'NOT_FOUND', message: '未找到该内容。' };

describe('office settings', () => {
  let t: TestApp;
  let tree: OfficeTree;
  let adminId: UserId;
  /** `admin` of district A (甲区纪委监委): its subtree is district A and townships A1, A2. */
  let admin: TestSession;
  let townAdmin: TestSession;
  let leader: TestSession;
  let intake: TestSession;

  beforeAll(async () => {
    t = await buildTestApp();
    tree = await buildOfficeTree(t);
    const built = await buildUser(t, {
      username: 'admin.a',
      displayName: '甲区管理员',
      password: null,
      roles: [{ officeId: tree.districtA, role: 'admin' }],
    });
    adminId = built.id;
    admin = await buildSession(t, { userId: adminId });
    const town = await buildUser(t, { password: null, roles: [{ officeId: tree.townA1, role: 'admin' }] });
    townAdmin = await buildSession(t, { userId: town.id });
    const leaderUser = await buildUser(t, { password: null, roles: [{ officeId: tree.districtA, role: 'leader' }] });
    leader = await buildSession(t, { userId: leaderUser.id });
    const intakeUser = await buildUser(t, { password: null, roles: [{ officeId: tree.townA1, role: 'intake' }] });
    intake = await buildSession(t, { userId: intakeUser.id });
  });
  afterAll(async () => {
    await t.close();
  });

  const url = (officeId: string) => `/api/offices/${officeId}/settings`;
  const get = (session: TestSession, officeId: string) =>
    t.app.inject({ method: 'GET', url: url(officeId), headers: session.headers });
  const put = (session: TestSession, officeId: string, payload: object) =>
    t.app.inject({ method: 'PUT', url: url(officeId), headers: session.headers, payload });
  const entries = (officeId: string) =>
    t.deps.db
      .selectFrom('audit_entries')
      .selectAll()
      .where('action', '=', 'office.settings_updated')
      .where('chain_id', '=', officeId)
      .orderBy('seq')
      .execute();

  const SETTINGS = {
    numberPrefix: '甲区一镇纪委',
    numberWord: '访',
    keyPeriods: [
      { name: '2026年村（社区）“两委”换届', kind: 'village_election', from: '2026-03-01', to: '2026-05-31' },
      { name: '东湖村补选', from: '2026-07-01', to: '2026-07-15', units: ['东湖村'] },
    ],
    recordsOnlineIdentifiers: true,
    routingRequiresApproval: true,
    sharedEndpoints: [
      { kind: 'ip', value: '10.20.30.0/24', note: '镇政府内网' },
      { kind: 'device', value: 'KIOSK-01', note: '信访大厅自助机' },
    ],
  };

  it('answers the defaults while nothing was saved: the office name as prefix, 信, nothing recorded', async () => {
    const response = await get(admin, tree.townA1);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      officeId: tree.townA1,
      numberPrefix: '甲区一镇纪委',
      numberWord: '信',
      keyPeriods: [],
      recordsOnlineIdentifiers: false,
      routingRequiresApproval: false,
      sharedEndpoints: [],
      updatedAt: null,
      updatedBy: null,
    });
  });

  it('replaces the settings, answers them with who saved them and when, and audits what changed', async () => {
    const response = await put(admin, tree.townA1, SETTINGS);
    expect(response.statusCode).toBe(200);
    const saved = response.json<OfficeSettings>();
    expect(saved).toEqual({
      officeId: tree.townA1,
      ...SETTINGS,
      updatedAt: t.clock.now().toISOString(),
      updatedBy: '甲区管理员',
    });
    expect((await get(admin, tree.townA1)).json()).toEqual(saved);

    // One entry in the office's chain and one in the admin's active office's chain.
    const [entry] = await entries(tree.townA1);
    expect(await entries(tree.districtA)).toHaveLength(1);
    expect(entry).toMatchObject({ actor_id: adminId, target_ids: [tree.townA1] });
    expect(entry?.details).toEqual({
      changedFields: [
        'numberWord',
        'keyPeriods',
        'recordsOnlineIdentifiers',
        'routingRequiresApproval',
        'sharedEndpoints',
      ],
      numberWord: '访',
      keyPeriodCount: 2,
      recordsOnlineIdentifiers: true,
      routingRequiresApproval: true,
      sharedEndpointCount: 2,
    });
    // The shared endpoints' values are never in the log.
    const log = JSON.stringify(await t.deps.db.selectFrom('audit_entries').selectAll().execute());
    expect(log).not.toContain('10.20.30.0');
    expect(log).not.toContain('KIOSK');
  });

  it('replaces the whole settings: a field left out goes back to its default', async () => {
    t.clock.advanceMinutes(1);
    const response = await put(admin, tree.townA1, { numberPrefix: '东湖镇纪委' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      numberPrefix: '东湖镇纪委',
      numberWord: '信',
      keyPeriods: [],
      recordsOnlineIdentifiers: false,
      sharedEndpoints: [],
    });
    const last = (await entries(tree.townA1)).at(-1);
    expect(last?.details).toEqual({
      changedFields: [
        'numberPrefix',
        'numberWord',
        'keyPeriods',
        'recordsOnlineIdentifiers',
        'routingRequiresApproval',
        'sharedEndpoints',
      ],
      numberPrefix: '东湖镇纪委',
      numberWord: '信',
      keyPeriodCount: 0,
      recordsOnlineIdentifiers: false,
      routingRequiresApproval: false,
      sharedEndpointCount: 0,
    });
    // Saving the same again changes nothing, and says so.
    await put(admin, tree.townA1, { numberPrefix: '东湖镇纪委' });
    expect((await entries(tree.townA1)).at(-1)?.details).toMatchObject({ changedFields: [] });
  });

  it('lets an admin act on its own office too, and a township admin on its own township', async () => {
    expect((await put(admin, tree.districtA, { numberPrefix: '甲区纪委监委' })).statusCode).toBe(200);
    expect((await get(townAdmin, tree.townA1)).statusCode).toBe(200);
  });

  it('answers an office outside the admin subtree exactly like a missing office', async () => {
    const missing = await get(admin, randomUUID());
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual(NOT_FOUND_BODY);
    for (const officeId of [tree.city, tree.districtB]) {
      for (const response of [await get(admin, officeId), await put(admin, officeId, SETTINGS)]) {
        expect(response.statusCode).toBe(404);
        expect(response.body).toBe(missing.body);
      }
    }
    // A township admin does not reach its district or a sibling township.
    for (const officeId of [tree.districtA, tree.townA2]) {
      expect((await get(townAdmin, officeId)).body).toBe(missing.body);
    }
  });

  it('answers content roles exactly like a missing office, even about their own office', async () => {
    const missing = await get(admin, randomUUID());
    for (const [session, officeId] of [
      [leader, tree.districtA],
      [leader, tree.townA1],
      [intake, tree.townA1],
    ] as const) {
      for (const response of [await get(session, officeId), await put(session, officeId, SETTINGS)]) {
        expect(response.statusCode).toBe(404);
        expect(response.body).toBe(missing.body);
      }
    }
  });

  it('refuses invalid settings with the paths of the fields, and changes nothing', async () => {
    const before = (await get(admin, tree.townA2)).json<OfficeSettings>();
    const response = await put(admin, tree.townA2, {
      numberPrefix: '',
      keyPeriods: [{ name: '换届', from: '2026-05-01', to: '2026-04-01' }],
      sharedEndpoints: [
        { kind: 'ip', value: '300.1.1.1', note: '' },
        { kind: 'device', value: 'x\u0007', note: '' },
      ],
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ code: string; details: { path: string; message: string }[] }>();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.map((d) => d.path)).toEqual([
      'numberPrefix',
      'keyPeriods.0.to',
      'sharedEndpoints.0.value',
      'sharedEndpoints.1.value',
    ]);
    expect(body.details[1]?.message).toMatch(/结束日期不得早于开始日期/);
    expect((await get(admin, tree.townA2)).json()).toEqual(before);
    expect((await put(admin, 'not-an-office', SETTINGS)).statusCode).toBe(400);
  });

  describe('for other modules', () => {
    it('loads the saved settings, or the defaults, and refuses a missing office', async () => {
      expect(await loadOfficeSettings(t.deps.db, tree.townA1)).toMatchObject({ numberPrefix: '东湖镇纪委' });
      expect(await loadOfficeSettings(t.deps.db, tree.districtB)).toMatchObject({
        numberPrefix: '乙区纪委监委',
        numberWord: '信',
        recordsOnlineIdentifiers: false,
        updatedAt: null,
      });
      await expect(loadOfficeSettings(t.deps.db, OfficeIdSchema.parse(randomUUID()))).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });

    it('tells shared endpoints from the settings it loaded', async () => {
      await put(admin, tree.townA2, SETTINGS);
      const settings = await loadOfficeSettings(t.deps.db, tree.townA2);
      expect(isSharedEndpoint(settings, 'ip', '10.20.30.77')).toBe(true);
      expect(isSharedEndpoint(settings, 'ip', '10.20.31.1')).toBe(false);
      expect(isSharedEndpoint(settings, 'device', 'kiosk01')).toBe(true);
    });
  });

  describe('OfficeSettingsService', () => {
    it('lets the operator save any office (no user recorded) and refuses a non-admin actor', async () => {
      const service = new OfficeSettingsService({ db: t.deps.db, clock: t.clock, audit: t.deps.audit });
      const saved = await service.updateSettings(buildActor({ label: 'ops' }), tree.city, {
        numberPrefix: '某市纪委监委',
        numberWord: '信',
        keyPeriods: [],
        recordsOnlineIdentifiers: false,
        routingRequiresApproval: false,
        sharedEndpoints: [],
      });
      expect(saved).toMatchObject({ officeId: tree.city, updatedBy: null, updatedAt: expect.any(String) });
      const [entry] = await entries(tree.city);
      expect(entry).toMatchObject({ actor_id: null, details: { changedFields: [], operator: 'ops' } });
      const leaderActor = buildActor({ userId: adminId, activeOfficeId: tree.districtA, activeRoles: ['leader'] });
      await expect(service.getSettings(leaderActor, tree.districtA)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});
