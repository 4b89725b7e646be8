import type { AuditLogPage, GrantId, OfficeId, ReadableAuditEntry, UserId } from '@zhengming/contracts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../audit/audit.js';
import { createAuditWriter } from '../../audit/audit.js';
import { appendMany } from '../../audit/test-support/audit-fixtures.js';
import { buildGrant, buildOffice, buildSession, buildUser } from '../../test-support/builders.js';
import { buildTestApp, type TestApp } from '../../test-support/test-app.js';
import { TestClock } from '../../test-support/test-clock.js';
import { AuditLogService } from './audit-log.service.js';

describe('audit log for people: names, filters, paging, reads, export', () => {
  let t: TestApp;
  /** The clock of the seeded entries (the app's own clock stands still and records the reads). */
  const seedClock = new TestClock({ start: new Date('2026-12-01T15:58:00.000Z'), tickMs: 1000 });
  /** Seeded entries are signed with the app's key, as the app's own would be. */
  const seedWriter = () => createAuditWriter(t.key, seedClock);
  let office: Record<'root' | 'county' | 'township' | 'sibling', OfficeId>;
  let user: Record<'auditor' | 'rootAuditor' | 'leader' | 'admin', UserId>;
  let grantId: GrantId;
  let auditorSession = '';

  const get = (url: string, cookie = auditorSession) => t.app.inject({ method: 'GET', url, headers: { cookie } });
  const page = async (url: string): Promise<AuditLogPage> => {
    const response = await get(url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<AuditLogPage>();
  };
  const countActions = async (chainId: string, action: string): Promise<number> =>
    (
      await t.deps.db
        .selectFrom('audit_entries')
        .select('seq')
        .where('chain_id', '=', chainId)
        .where('action', '=', action)
        .execute()
    ).length;

  beforeAll(async () => {
    t = await buildTestApp();
    const db = t.deps.db;
    const root = (await buildOffice(t, { name: '某市纪委监委', parentId: null })).id;
    const county = (await buildOffice(t, { name: '某县纪委监委', parentId: root })).id;
    const township = (await buildOffice(t, { name: '某镇纪委', parentId: county, level: 'township' })).id;
    const sibling = (await buildOffice(t, { name: '邻县纪委监委', parentId: root })).id;
    office = { root, county, township, sibling };
    const make = async (
      username: string,
      displayName: string,
      officeId: OfficeId,
      role: 'auditor' | 'leader' | 'admin',
    ) => (await buildUser(t, { username, displayName, password: null, roles: [{ officeId, role }] })).id;
    user = {
      auditor: await make('shenji.county', '审计员甲', county, 'auditor'),
      rootAuditor: await make('shenji.root', '审计员乙', root, 'auditor'),
      leader: await make('zhangsan', '张三', county, 'leader'),
      admin: await make('lisi.admin', '李四', county, 'admin'),
    };
    grantId = await buildGrant(t, { userId: user.leader, officeId: township, role: 'leader' });
    auditorSession = (await buildSession(t, { userId: user.auditor })).cookie;

    // 2026-12-01 23:59:01 in Shanghai (15:59:01 UTC): a grant; 2026-12-02 00:01:01 in Shanghai: a disabled user.
    seedClock.set(new Date('2026-12-01T15:59:00.000Z'));
    await appendAudit(
      db,
      {
        actorId: user.admin,
        officeIds: [county],
        action: 'grant.created',
        targetIds: [user.leader, grantId],
        details: { role: 'leader', isPrincipal: false, status: 'active', approvedBy: user.leader, 新键: '值' },
      },
      seedWriter(),
    );
    seedClock.set(new Date('2026-12-01T16:01:00.000Z'));
    await appendAudit(
      db,
      { actorId: user.admin, officeIds: [county], action: 'user.disabled', targetIds: [user.leader] },
      seedWriter(),
    );
    await appendAudit(
      db,
      {
        actorId: user.leader,
        officeIds: [county, township],
        action: 'auth.office_switched',
        targetIds: [township],
        details: { from: county, to: township },
      },
      seedWriter(),
    );
    // Interleaved test events in both chains, and some in the sibling's, for paging.
    for (let i = 0; i < 6; i += 1) {
      await appendMany(db, county, 2, seedWriter());
      await appendMany(db, township, 2, seedWriter());
      await appendMany(db, sibling, 1, seedWriter());
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves names beside the ids: actor, office, targets (user, office, grant) and ids in details', async () => {
    const { entries } = await page(`/api/audit/entries?officeId=${office.county}&action=grant.created`);
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry).toMatchObject({
      actorId: user.admin,
      actorName: 'lisi.admin',
      actorDisplayName: '李四',
      officeId: office.county,
      officeName: '某县纪委监委',
      targetIds: [user.leader, grantId],
      targets: [
        { id: user.leader, kind: 'user', name: '张三', username: 'zhangsan' },
        { id: grantId, kind: 'grant', name: '张三', role: 'leader' },
      ],
      names: { [user.leader]: '张三' },
    });
    const switched = (await page(`/api/audit/entries?action=auth.office_switched`)).entries;
    expect(switched).toHaveLength(2);
    expect(switched[0]!.names).toEqual({ [office.county]: '某县纪委监委', [office.township]: '某镇纪委' });
    expect(switched[0]!.targets).toEqual([{ id: office.township, kind: 'office', name: '某镇纪委' }]);
    const events = (await page(`/api/audit/entries?officeId=${office.township}&action=grant.created,user.disabled`))
      .entries;
    expect(events).toEqual([]);
  });

  it('filters by person, several actions, office and Shanghai dates', async () => {
    const byAdmin = (await page(`/api/audit/entries?actorId=${user.admin}`)).entries;
    expect(byAdmin.map((e) => e.action).sort()).toEqual(['grant.created', 'user.disabled']);
    const repeated = (await page('/api/audit/entries?action=grant.created&action=auth.office_switched')).entries;
    expect(repeated.map((e) => e.action).sort()).toEqual([
      'auth.office_switched',
      'auth.office_switched',
      'grant.created',
    ]);
    const township = (await page(`/api/audit/entries?officeId=${office.township}&limit=500`)).entries;
    expect(township).toHaveLength(13);
    expect(township.every((e) => e.chainId === office.township)).toBe(true);
    // 15:59 UTC on 1 December is 23:59 on 1 December in Shanghai; 16:01 UTC is already 2 December.
    const first = (await page('/api/audit/entries?actorId=' + user.admin + '&from=2026-12-01&to=2026-12-01')).entries;
    expect(first.map((e) => e.action)).toEqual(['grant.created']);
    const second = (await page('/api/audit/entries?actorId=' + user.admin + '&from=2026-12-02')).entries;
    expect(second.map((e) => e.action)).toEqual(['user.disabled']);
    // The sibling chain stays outside the county auditor's view, filtered or not.
    expect((await get(`/api/audit/entries?officeId=${office.sibling}&action=grant.created`)).statusCode).toBe(404);
    const all = (await page('/api/audit/entries?limit=500')).entries;
    expect(all.some((e) => e.chainId === office.sibling)).toBe(false);
  });

  it('refuses bad filter values with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['actorId=nobody', 'actorId'],
      ['action=no.such_action', 'action'],
      ['action=grant.created,bogus', 'action'],
      ['from=2026-13-01', 'from'],
      ['to=2026-02-30', 'to'],
      ['from=2026-12-05&to=2026-12-01', 'to'],
      ['cursor=garbage', 'cursor'],
      ['includeReads=maybe', 'includeReads'],
    ];
    for (const [query, field] of cases) {
      const response = await get(`/api/audit/entries?${query}`);
      expect(response.statusCode, query).toBe(400);
      const body = response.json<{ code: string; details?: { path: string }[] }>();
      expect(body.code, query).toBe('VALIDATION_FAILED');
      expect(
        body.details?.some((d) => d.path.startsWith(field)),
        `${query}: ${JSON.stringify(body.details)}`,
      ).toBe(true);
    }
    const exported = await get('/api/audit/export?from=yesterday');
    expect(exported.statusCode).toBe(400);
  });

  it('pages filtered results across chains with the cursor, without gaps or repeats', async () => {
    const filter = 'from=2026-12-02&to=2026-12-02';
    const whole = (await page(`/api/audit/entries?${filter}&limit=500`)).entries;
    expect(whole).toHaveLength(27);
    const paged: ReadableAuditEntry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const next: AuditLogPage = await page(
        `/api/audit/entries?${filter}&limit=5${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
      );
      paged.push(...next.entries);
      cursor = next.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 20);
    expect(pages).toBe(6);
    expect(paged.map((e) => `${e.chainId}:${e.seq}`)).toEqual(whole.map((e) => `${e.chainId}:${e.seq}`));
    // One chain pages with before (the older contract) as well as with the cursor.
    const one = await page(`/api/audit/entries?officeId=${office.township}&${filter}&limit=5`);
    expect(one.nextBefore).toBe(one.entries.at(-1)!.seq);
    const older = await page(
      `/api/audit/entries?officeId=${office.township}&${filter}&limit=5&before=${one.nextBefore}`,
    );
    expect(older.entries[0]!.seq).toBeLessThan(one.entries.at(-1)!.seq);
  });

  it('records one read per filter per 15 minutes however many pages, and hides reads unless asked', async () => {
    const filter = `actorId=${user.leader}`;
    const before = await countActions(office.county, 'audit.read');
    let cursor: string | null = null;
    for (let i = 0; i < 20; i += 1) {
      const next: AuditLogPage = await page(
        `/api/audit/entries?${filter}&limit=1${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
      );
      cursor = next.nextCursor ?? null;
    }
    expect((await countActions(office.county, 'audit.read')) - before).toBeLessThanOrEqual(1);
    expect((await countActions(office.county, 'audit.read')) - before).toBe(1);
    // A new filter is a new read; the same filter after 15 minutes is recorded again.
    await page(`/api/audit/entries?${filter}&action=auth.office_switched`);
    expect((await countActions(office.county, 'audit.read')) - before).toBe(2);
    t.clock.advanceMinutes(16);
    await page(`/api/audit/entries?${filter}`);
    expect((await countActions(office.county, 'audit.read')) - before).toBe(3);

    const hidden = (await page('/api/audit/entries?limit=500')).entries;
    expect(hidden.some((e) => e.action === 'audit.read')).toBe(false);
    const shown = (await page('/api/audit/entries?limit=500&includeReads=true')).entries;
    const read = shown.find((e) => e.action === 'audit.read' && e.details.count === 1);
    expect(read).toMatchObject({
      actorId: user.auditor,
      actorDisplayName: '审计员甲',
      details: { view: 'entries', chainId: null, filter: { actorId: user.leader }, count: 1 },
      names: { [user.leader]: '张三' },
    });
    expect((await page('/api/audit/entries?action=audit.read')).entries.length).toBeGreaterThan(0);
  });

  it('exports the filtered log as XLSX with Chinese headers, readable rows and an audited export', async () => {
    const response = await get(`/api/audit/export?officeId=${office.county}&action=grant.created,user.disabled`);
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(response.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('审计日志-2026-11-27.xlsx')}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('审计日志');
    const rows = sheet.getSheetValues().filter((row) => Array.isArray(row)) as unknown[][];
    expect(rows[0]!.slice(1)).toEqual([
      '时间（北京时间）',
      '哈希链 / 机构',
      '序号',
      '操作人',
      '操作',
      '操作代码',
      '对象',
      '详情',
      '哈希',
    ]);
    expect(rows).toHaveLength(3);
    const [, disabled, granted] = rows;
    expect(disabled!.slice(1, 7)).toEqual([
      '2026-12-02 00:01:01',
      `某县纪委监委（${office.county.slice(0, 8)}）`,
      2,
      '李四（lisi.admin）',
      '停用用户',
      'user.disabled',
    ]);
    expect(granted![7]).toBe('张三（zhangsan）；授权：张三 · 领导');
    expect(granted![8]).toBe('角色：领导；主要负责人：否；状态：生效；批准领导：张三；新键：值');
    expect(String(granted![9])).toMatch(/^[0-9a-f]{64}$/);

    const recorded = await t.deps.db
      .selectFrom('audit_entries')
      .select(['actor_id', 'details'])
      .where('chain_id', '=', office.county)
      .where('action', '=', 'audit.exported')
      .execute();
    expect(recorded).toEqual([
      {
        actor_id: user.auditor,
        details: {
          filter: { officeId: office.county, action: ['grant.created', 'user.disabled'] },
          rows: 2,
          lang: 'zh',
        },
      },
    ]);

    const english = await get(`/api/audit/export?actorId=${user.admin}&lang=en`);
    expect(english.statusCode).toBe(200);
    expect(english.headers['content-disposition']).toContain("filename*=UTF-8''audit-log-2026-11-27.xlsx");
    const englishBook = new ExcelJS.Workbook();
    await englishBook.xlsx.load(english.rawPayload as unknown as ArrayBuffer);
    const englishRows = englishBook.worksheets[0]!.getSheetValues().filter((row) => Array.isArray(row)) as unknown[][];
    expect(englishRows[0]![1]).toBe('Time (Asia/Shanghai)');
    expect(englishRows.slice(1).map((row) => row[5])).toEqual(['User disabled', 'Grant created']);
  });

  it('refuses an export beyond the row cap with a clear error, and records nothing', async () => {
    const service = new AuditLogService({ db: t.deps.db, clock: t.clock, audit: t.deps.audit, exportMaxRows: 5 });
    const actor = {
      kind: 'user' as const,
      userId: user.auditor,
      activeOfficeId: office.county,
      activeRoles: ['auditor' as const],
    };
    const before = await countActions(office.county, 'audit.exported');
    await expect(service.prepareExport(actor, { from: '2026-12-02' })).rejects.toMatchObject({
      code: 'EXPORT_TOO_LARGE',
    });
    expect(await countActions(office.county, 'audit.exported')).toBe(before);
    const small = await service.prepareExport(actor, { action: ['grant.created'] });
    expect(small.rows).toBe(1);
  });

  it('offers the offices of the subtree and their people to the filter bar', async () => {
    const response = await get('/api/audit/filters');
    expect(response.statusCode).toBe(200);
    const options = response.json<{
      hasSystemChain: boolean;
      offices: { name: string }[];
      people: { username: string }[];
    }>();
    expect(options.hasSystemChain).toBe(false);
    expect(options.offices.map((o) => o.name)).toEqual(['某县纪委监委', '某镇纪委']);
    expect(options.people.map((p) => p.username)).toEqual(['lisi.admin', 'shenji.county', 'zhangsan']);
    const rootSession = (await buildSession(t, { userId: user.rootAuditor })).cookie;
    const fromRoot = (await get('/api/audit/filters', rootSession)).json<{ hasSystemChain: boolean }>();
    expect(fromRoot.hasSystemChain).toBe(true);
  });
});
