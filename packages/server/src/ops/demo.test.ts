import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../access/actor.js';
import { verifyAuditChains } from '../audit/audit-verify.js';
import { listPendingApprovals } from '../modules/approvals/approvals.service.js';
import { loadOfficeSettings } from '../modules/office-settings/office-settings.service.js';
import { TestClock } from '../test-support/test-clock.js';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db.js';
import { opsContextFor } from '../test-support/ops-fixtures.js';
import { TEST_AUDIT_KEY, TEST_DATA_KEY } from '../test-support/test-key.js';
import { seedDemo } from './demo.js';
import { operatorActor } from './operations.js';

describe('demo complaints', () => {
  const clock = new TestClock();
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.destroy();
  });

  const seed = () => seedDemo({ ...opsContextFor(database, clock), key: TEST_DATA_KEY }, operatorActor('cli:demo'));

  /** The complaints with their office's name, oldest received first. */
  const complaints = () =>
    database.db
      .selectFrom('complaints')
      .innerJoin('offices', 'offices.id', 'complaints.office_id')
      .selectAll('complaints')
      .select('offices.name as office_name')
      .orderBy('complaints.received_at')
      .execute();

  const countBy = <T>(rows: readonly T[], keyOf: (row: T) => string): Record<string, number> =>
    rows.reduce<Record<string, number>>((counts, row) => {
      counts[keyOf(row)] = (counts[keyOf(row)] ?? 0) + 1;
      return counts;
    }, {});

  it('registers the sample complaints through the services, in the past, sealed and audited', async () => {
    expect(await seed()).not.toBeNull();
    const rows = await complaints();
    const donghu = rows.filter((row) => row.office_name === '东湖镇纪委');
    const district = rows.filter((row) => row.office_name === '示范区纪委监委');
    expect(rows).toHaveLength(19);
    expect(countBy(donghu, (row) => row.status)).toEqual({
      registered: 14,
      passed_up: 1,
      transfer_pending: 1,
      incoming: 1,
    });
    expect(countBy(district, (row) => row.status)).toEqual({ registered: 1, sent_down: 1 });
    expect(countBy(donghu, (row) => row.channel)).toEqual({ letter: 8, online: 4, phone: 2, visit: 1, referred: 2 });
    expect(rows.every((row) => new Date(row.received_at).getTime() <= clock.now().getTime())).toBe(true);
    expect(donghu.filter((row) => row.has_no_substance)).toHaveLength(1);
    expect(donghu.filter((row) => row.referring_organ === '示范区信访局')).toHaveLength(1);

    // The township's numbers carry its prefix; its settings hold the village election as a key period.
    expect(donghu.every((row) => row.number.startsWith('东纪〔2026〕信字第'))).toBe(true);
    expect(district.every((row) => row.number.startsWith('示区纪〔2026〕信字第'))).toBe(true);
    const settings = await loadOfficeSettings(database.db, donghu[0]!.office_id);
    expect(settings.keyPeriods).toMatchObject([{ name: '村“两委”换届 2026', kind: 'village_election' }]);

    // Identities are sealed: no reporter's or co-signer's name is stored in the clear.
    const reporters = await database.db.selectFrom('complaint_reporters').selectAll().execute();
    const cosigners = await database.db.selectFrom('complaint_cosigners').selectAll().execute();
    expect(JSON.stringify([reporters, cosigners])).not.toMatch(/陈桂兰|何建华|陈大河|13807301122/);

    // Entries per chain: a transfer is in both offices' chains, a settings change in the office's and the admin's.
    const actions = await database.db.selectFrom('audit_entries').select('action').execute();
    expect(countBy(actions, (entry) => entry.action)).toMatchObject({
      'complaint.registered': 15,
      'complaint.passed_up': 2,
      'complaint.sent_down': 2,
      'complaint.accepted': 1,
      'complaint.reporter_status_set': 1,
      'complaint.notice_sent': 1,
      'complaint.cosigner_denied': 1,
      'lead.routed': 1,
      'approval.proposed': 2,
      'office.settings_updated': 4,
      'demo.seeded': 1,
    });
    expect((await verifyAuditChains(database.db, TEST_AUDIT_KEY)).ok).toBe(true);
  });

  it('shows the seed case, a confirmed complaint with its repeat, a denied co-signer, a stub and its arrival', async () => {
    await seed();
    const rows = await complaints();
    const subjects = await database.db
      .selectFrom('complaint_subjects')
      .select(['complaint_id', 'name', 'lead_id'])
      .execute();
    const subjectOf = new Map(subjects.map((s) => [s.complaint_id, s]));
    const about = (name: string) => rows.filter((row) => subjectOf.get(row.id)?.name === name);

    // Seven near-identical complaints on one lead; two different names sharing a phone are two reporters (the
    // shared phone is a screening signal), so every real-name one is owed its notice.
    const seedCase = about('刘德旺');
    expect(seedCase).toHaveLength(7);
    expect(new Set(seedCase.map((row) => subjectOf.get(row.id)?.lead_id)).size).toBe(1);
    expect(seedCase.filter((row) => row.is_anonymous)).toHaveLength(1);
    expect(seedCase.filter((row) => row.is_repeat)).toHaveLength(0);
    expect(seedCase.filter((row) => row.notice_owed)).toHaveLength(6);
    const days = seedCase.map((row) => new Date(row.received_at).getTime());
    expect(Math.max(...days) - Math.min(...days)).toBeLessThan(4 * 86_400_000);

    // The honest complaint: confirmed by phone, notice sent; its repeat joins the lead without a notice.
    const [honest, repeat] = about('郑海波');
    expect(honest).toMatchObject({ reporter_status: 'confirmed', reporter_check_method: 'phone', notice_owed: true });
    expect(honest?.notice_sent_on).not.toBeNull();
    expect(repeat).toMatchObject({ is_repeat: true, notice_owed: false, channel: 'phone' });
    expect(subjectOf.get(repeat!.id)?.lead_id).toBe(subjectOf.get(honest!.id)?.lead_id);

    // The joint letter: three co-signers, the second denies having signed.
    const [joint] = about('王有才');
    expect(joint?.cosigner_count).toBe(3);
    const cosigners = await database.db
      .selectFrom('complaint_cosigners')
      .select(['position', 'is_denied', 'denial_method'])
      .where('complaint_id', '=', joint!.id)
      .orderBy('position')
      .execute();
    expect(cosigners).toEqual([
      { position: 1, is_denied: false, denial_method: null },
      { position: 2, is_denied: true, denial_method: 'phone' },
      { position: 3, is_denied: false, denial_method: null },
    ]);

    // About the township's principal: a stub at the township, its arrival accepted at the district.
    const stub = rows.find((row) => row.status === 'passed_up');
    expect(stub).toMatchObject({ office_name: '东湖镇纪委', is_stub: true, text: null, jurisdiction: 'up_principal' });
    const arrival = rows.find((row) => row.id === stub?.transferred_complaint_id);
    expect(arrival).toMatchObject({
      office_name: '示范区纪委监委',
      status: 'registered',
      channel: 'referred',
      source_complaint_id: stub?.id,
    });
    expect(subjectOf.get(arrival!.id)?.name).toBe('马建军');

    // Sent down from the district: a stub there, an arrival waiting for the township's decision.
    const down = rows.find((row) => row.status === 'sent_down');
    expect(rows.find((row) => row.id === down?.transferred_complaint_id)).toMatchObject({
      office_name: '东湖镇纪委',
      status: 'incoming',
    });
  });

  it('leaves a routed lead and two approvals waiting in the leader’s inbox', async () => {
    await seed();
    const users = await database.db.selectFrom('users').select(['id', 'username']).execute();
    const idOf = (username: string) => users.find((u) => u.username === username)!.id;
    const team = await database.db.selectFrom('lead_team_members').selectAll().execute();
    expect(team).toMatchObject([{ user_id: idOf('supervisor'), role: 'supervisor' }]);

    const city = await database.db
      .selectFrom('offices')
      .select('id')
      .where('name', '=', '示范市纪委监委')
      .executeTakeFirstOrThrow();
    const leader: Actor = { kind: 'user', userId: idOf('leader'), activeOfficeId: city.id, activeRoles: ['leader'] };
    const inbox = await listPendingApprovals(database.db, leader);
    expect(inbox.map((a) => a.kind).sort()).toEqual(['identity_reveal', 'pass_up']);
    const approvals = await database.db.selectFrom('approvals').selectAll().execute();
    expect(approvals.find((a) => a.kind === 'identity_reveal')).toMatchObject({
      status: 'pending',
      proposed_by: idOf('supervisor'),
    });
    expect(approvals.find((a) => a.kind === 'pass_up')).toMatchObject({
      status: 'pending',
      requires_principal: true,
      proposed_by: idOf('intake'),
    });
  });

  it('does not seed twice', async () => {
    await seed();
    const before = await complaints();
    expect(await seed()).toBeNull();
    expect(await complaints()).toHaveLength(before.length);
    expect(await database.db.selectFrom('approvals').select('id').execute()).toHaveLength(2);
  });
});
