import { testAction } from '../../audit/test-support/audit-fixtures.js';
import type { AuditHeadsExport, AuditLogPage, AuditVerifyResult, OfficeId, Role, UserId } from '@zhengming/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, createAuditWriter } from '../../audit/audit.js';
import { SYSTEM_CHAIN } from '../../audit/audit-hash.js';
import { parseExportedHeads } from '../../audit/audit-verify.js';
import { appendMany, disableAppendOnlyGuard } from '../../audit/test-support/audit-fixtures.js';
import { buildOffice, buildSession, buildUser } from '../../test-support/builders.js';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';
import { TestClock } from '../../test-support/test-clock.js';

describe('audit routes', () => {
  let t: TestApp;
  const clock = new TestClock({ tickMs: 1000 });
  /** Root R; county C under it, township G under C; county S, a sibling of C. */
  let office: Record<'root' | 'county' | 'township' | 'sibling', OfficeId>;
  const cookie = { rootAuditor: '', countyAuditor: '', countyLeader: '' };
  let leaderId: UserId;

  /** The session cookie of a user (auditors only read, so no CSRF header is needed). */
  async function signIn(userId: UserId): Promise<string> {
    return (await buildSession(t, { userId })).cookie;
  }

  const get = (url: string, session: string) => t.app.inject({ method: 'GET', url, headers: { cookie: session } });

  async function readsRecordedIn(officeId: string): Promise<{ actorId: string | null; details: unknown }[]> {
    const rows = await t.deps.db
      .selectFrom('audit_entries')
      .select(['actor_id', 'details'])
      .where('chain_id', '=', officeId)
      .where('action', '=', 'audit.read')
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({ actorId: row.actor_id, details: row.details }));
  }

  beforeAll(async () => {
    t = await buildTestApp();
    const db = t.deps.db;
    // The app's key with this test's own clock.
    const writer = createAuditWriter(t.key, clock);
    const root = (await buildOffice(t, { parentId: null })).id;
    const county = (await buildOffice(t, { name: '某县纪委监委', parentId: root })).id;
    const township = (await buildOffice(t, { name: '某镇纪委', parentId: county, level: 'township' })).id;
    const sibling = (await buildOffice(t, { name: '邻县纪委监委', parentId: root })).id;
    office = { root, county, township, sibling };
    /** A user holding one role in one office, who signs in only through buildSession. */
    const userWith = async (username: string, officeId: OfficeId, role: Role): Promise<UserId> =>
      (await buildUser(t, { username, password: null, roles: [{ officeId, role }] })).id;
    leaderId = await userWith('leader.county', office.county, 'leader');
    cookie.rootAuditor = await signIn(await userWith('auditor.root', office.root, 'auditor'));
    cookie.countyAuditor = await signIn(await userWith('auditor.county', office.county, 'auditor'));
    cookie.countyLeader = await signIn(leaderId);

    await appendMany(db, office.root, 2, writer);
    for (let i = 1; i <= 5; i += 1) {
      await appendAudit(
        db,
        {
          actorId: leaderId,
          officeIds: [office.county],
          action: testAction('lead.approved'),
          details: { i, 摘要: '批准处置' },
        },
        writer,
      );
    }
    await appendMany(db, office.township, 3, writer);
    await appendMany(db, office.sibling, 4, writer);
    await appendAudit(db, { actorId: null, officeIds: [], action: 'system.key_check_created' }, writer);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists one chain newest first with hashes, links and actor names, and pages on with before', async () => {
    const first = await get(`/api/audit/entries?officeId=${office.county}&limit=3`, cookie.countyAuditor);
    expect(first.statusCode).toBe(200);
    const page = first.json<AuditLogPage>();
    expect(page.chainId).toBe(office.county);
    expect(page.entries.map((e) => e.seq)).toEqual([5, 4, 3]);
    expect(page.entries[0]).toMatchObject({
      chainId: office.county,
      officeId: office.county,
      actorId: leaderId,
      actorName: 'leader.county',
      action: 'lead.approved',
      details: { i: 5, 摘要: '批准处置' },
    });
    expect(page.entries[0]!.prevHash).toBe(page.entries[1]!.hash);
    expect(page.nextBefore).toBe(3);

    const second = (
      await get(`/api/audit/entries?officeId=${office.county}&limit=3&before=3`, cookie.countyAuditor)
    ).json<AuditLogPage>();
    expect(second.entries.map((e) => e.seq)).toEqual([2, 1]);
    expect(second.nextBefore).toBeNull();
  });

  it('lists the latest entries across the chains of the subtree only when no office is named', async () => {
    const response = await get('/api/audit/entries?limit=500', cookie.countyAuditor);
    expect(response.statusCode).toBe(200);
    const page = response.json<AuditLogPage>();
    expect(page.chainId).toBeNull();
    expect(new Set(page.entries.map((e) => e.chainId))).toEqual(new Set([office.county, office.township]));
    const times = page.entries.map((e) => e.at);
    expect(times).toEqual([...times].sort().reverse());

    const limited = (await get('/api/audit/entries?limit=2', cookie.countyAuditor)).json<AuditLogPage>();
    expect(limited.entries).toHaveLength(2);
  });

  it('answers not found for a chain outside the subtree, and for the system chain below the root', async () => {
    for (const chainId of [office.sibling, office.root, SYSTEM_CHAIN]) {
      const response = await get(`/api/audit/entries?officeId=${chainId}`, cookie.countyAuditor);
      expect(response.statusCode, chainId).toBe(404);
      expect(response.json()).toEqual({ code: 'NOT_FOUND', message: '未找到该内容。' });
    }
    const deeper = await get(`/api/audit/entries?officeId=${office.township}`, cookie.countyAuditor);
    expect(deeper.statusCode).toBe(200);
  });

  it('lets an auditor of the root office read the system chain and every office chain', async () => {
    const system = (await get('/api/audit/entries?officeId=system', cookie.rootAuditor)).json<AuditLogPage>();
    expect(system.entries.map((e) => e.action)).toContain('system.key_check_created');
    expect(system.entries.every((e) => e.chainId === SYSTEM_CHAIN && e.officeId === null)).toBe(true);
    const all = (await get('/api/audit/entries?limit=500', cookie.rootAuditor)).json<AuditLogPage>();
    expect(new Set(all.entries.map((e) => e.chainId))).toEqual(
      new Set([SYSTEM_CHAIN, office.root, office.county, office.township, office.sibling]),
    );
  });

  it('refuses paging without an office, and bad query values', async () => {
    for (const query of ['before=5', 'limit=0', 'limit=501', 'officeId=not-an-office']) {
      const response = await get(`/api/audit/entries?${query}`, cookie.countyAuditor);
      expect(response.statusCode, query).toBe(400);
    }
  });

  it('answers not found to a user without the auditor role, and 401 without a session', async () => {
    for (const url of ['/api/audit/entries', '/api/audit/verify', '/api/audit/heads']) {
      expect((await get(url, cookie.countyLeader)).statusCode, url).toBe(404);
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
  });

  it('verifies only the chains the auditor may see, and reports a tampered one', async () => {
    const intact = (await get('/api/audit/verify', cookie.countyAuditor)).json<AuditVerifyResult>();
    expect(intact.ok).toBe(true);
    // Only the fields of AuditVerifyResultSchema (the old alias fields isIntact/firstBrokenSeq are gone).
    expect(Object.keys(intact).sort()).toEqual(['chains', 'headsExportedAt', 'keyMatches', 'ok', 'truncated']);
    expect(intact.chains.map((c) => c.chainId).sort()).toEqual([office.county, office.township].sort());
    expect(intact.chains.find((c) => c.chainId === office.township)).toMatchObject({
      officeName: '某镇纪委',
      entries: 3,
      ok: true,
      keyedFromSeq: 1,
      keyedChecked: true,
    });

    // The append-only triggers (migration 0003) refuse this; an attacker with superuser rights switches them off.
    await disableAppendOnlyGuard(t.deps.db);
    await sql`UPDATE audit_entries SET action = 'test.edited' WHERE chain_id = ${office.township} AND seq = 2`.execute(
      t.deps.db,
    );
    await sql`DELETE FROM audit_entries WHERE chain_id = ${office.sibling} AND seq = 2`.execute(t.deps.db);
    const broken = (await get('/api/audit/verify', cookie.countyAuditor)).json<AuditVerifyResult>();
    expect(broken.ok).toBe(false);
    expect(broken.chains.find((c) => c.chainId === office.township)).toMatchObject({
      ok: false,
      firstBroken: { seq: 2, reason: 'hash-mismatch' },
    });
    // The sibling's broken chain is not the county auditor's to see; the root auditor sees both.
    expect(broken.chains.some((c) => c.chainId === office.sibling)).toBe(false);
    const fromRoot = (await get('/api/audit/verify', cookie.rootAuditor)).json<AuditVerifyResult>();
    expect(
      fromRoot.chains
        .filter((c) => !c.ok)
        .map((c) => c.chainId)
        .sort(),
    ).toEqual([office.township, office.sibling].sort());
  });

  it('exports the heads of the visible chains as a heads file', async () => {
    const response = await get('/api/audit/heads', cookie.countyAuditor);
    expect(response.statusCode).toBe(200);
    const heads = parseExportedHeads(response.body);
    expect(heads).toEqual<AuditHeadsExport>({ exportedAt: t.clock.now().toISOString(), chains: expect.any(Object) });
    expect(Object.keys(heads.chains).sort()).toEqual([office.county, office.township].sort());
    // The export is taken before its own read is recorded: the county chain has moved on by exactly that entry.
    const exported = heads.chains[office.county]!;
    const next = await t.deps.db
      .selectFrom('audit_entries')
      .select(['prev_hash', 'action'])
      .where('chain_id', '=', office.county)
      .where('seq', '=', String(exported.seq + 1))
      .executeTakeFirstOrThrow();
    expect(next).toEqual({ prev_hash: exported.hash, action: 'audit.read' });
  });

  it("records every read in the auditor's own office chain", async () => {
    const before = (await readsRecordedIn(office.county)).length;
    await get(`/api/audit/entries?officeId=${office.township}&limit=2&includeReads=true`, cookie.countyAuditor);
    await get('/api/audit/verify', cookie.countyAuditor);
    await get('/api/audit/heads', cookie.countyAuditor);
    const reads = (await readsRecordedIn(office.county)).slice(before);
    const auditorId = (
      await t.deps.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'auditor.county')
        .executeTakeFirstOrThrow()
    ).id;
    expect(reads).toEqual([
      {
        actorId: auditorId,
        details: {
          view: 'entries',
          chainId: office.township,
          filter: { officeId: office.township, includeReads: true },
          count: 2,
        },
      },
      { actorId: auditorId, details: { view: 'verify', chains: 2, ok: false } },
      { actorId: auditorId, details: { view: 'heads', chains: 2 } },
    ]);
    // A refused read writes nothing.
    await get(`/api/audit/entries?officeId=${office.sibling}`, cookie.countyAuditor);
    expect(await readsRecordedIn(office.county)).toHaveLength(before + 3);
  });
});
