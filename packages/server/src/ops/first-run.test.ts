import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChains } from '../audit/audit-verify.js';
import { verifyPassword } from '../modules/auth/passwords.js';
import { OfficeService } from '../modules/offices/offices.service.js';
import { TestClock } from '../test-support/test-clock.js';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db.js';
import { opsContextFor } from '../test-support/ops-fixtures.js';
import { TEST_AUDIT_KEY, TEST_DATA_KEY, testAuditWriter } from '../test-support/test-key.js';
import { DEMO_OFFICES, formatDemoNotice, seedDemo } from './demo.js';
import { ensureFirstRun, formatFirstRunNotice } from './first-run.js';
import { operatorActor } from './operations.js';

describe('first run', () => {
  const clock = new TestClock();
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('creates the root office and an admin with a one-time password that must be changed', async () => {
    const result = await ensureFirstRun(database.db, testAuditWriter(clock));
    expect(result).not.toBeNull();
    const office = await database.db.selectFrom('offices').selectAll().executeTakeFirstOrThrow();
    expect(office).toMatchObject({ name: '市纪委监委', level: 'prefecture', parent_id: null, path: `/${office.id}/` });
    const user = await database.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user).toMatchObject({ username: 'admin', must_change_password: true, totp_secret_sealed: null });
    expect(await verifyPassword(user.password_hash, result?.oneTimePassword ?? '')).toBe(true);
    const grants = await database.db.selectFrom('role_grants').selectAll().execute();
    expect(grants).toMatchObject([{ user_id: user.id, office_id: office.id, role: 'admin', status: 'active' }]);
    const audit = await database.db.selectFrom('audit_entries').selectAll().execute();
    expect(audit).toMatchObject([{ chain_id: 'system', action: 'system.first_run', target_ids: [office.id, user.id] }]);
    expect(JSON.stringify(audit)).not.toContain(result?.oneTimePassword);
    const notice = formatFirstRunNotice(result ?? ({} as never));
    expect(notice).toContain(result?.oneTimePassword);
    expect(notice).toContain('只显示这一次');
  });

  it('does nothing once a user exists', async () => {
    await ensureFirstRun(database.db, testAuditWriter(clock));
    expect(await ensureFirstRun(database.db, testAuditWriter(clock))).toBeNull();
    expect(await database.db.selectFrom('users').select('id').execute()).toHaveLength(1);
  });

  it('uses the root office the operator already created', async () => {
    const offices = new OfficeService({ db: database.db, clock, audit: testAuditWriter(clock) });
    const root = await offices.createRootOffice(operatorActor('cli:test'), {
      name: '某市纪委监委',
      level: 'prefecture',
    });
    const result = await ensureFirstRun(database.db, testAuditWriter(clock), { name: '不应创建', level: 'county' });
    expect(result).toMatchObject({ officeId: root.id, officeName: '某市纪委监委' });
    expect(await database.db.selectFrom('offices').select('id').execute()).toHaveLength(1);
  });
});

describe('demo', () => {
  const clock = new TestClock();
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('seeds the office tree and one user per role with known passwords and leader-approved grants', async () => {
    const accounts = await seedDemo(
      { ...opsContextFor(database, clock), key: TEST_DATA_KEY },
      operatorActor('cli:demo'),
    );
    expect(accounts?.map((a) => a.role).sort()).toEqual(
      ['admin', 'auditor', 'intake', 'intake', 'investigator', 'leader', 'monitor', 'reviewer', 'supervisor'].sort(),
    );
    const offices = await database.db.selectFrom('offices').select(['id', 'name', 'level', 'parent_id']).execute();
    const byName = new Map(offices.map((o) => [o.name, o]));
    expect(offices).toHaveLength(DEMO_OFFICES.length);
    expect(byName.get('示范市纪委监委')).toMatchObject({ level: 'prefecture', parent_id: null });
    expect(byName.get('示范区纪委监委')?.parent_id).toBe(byName.get('示范市纪委监委')?.id);
    expect(byName.get('东湖镇纪委')).toMatchObject({ level: 'township', parent_id: byName.get('示范区纪委监委')?.id });
    expect(byName.get('西山镇纪委')?.parent_id).toBe(byName.get('示范区纪委监委')?.id);

    const users = await database.db.selectFrom('users').selectAll().execute();
    const leader = users.find((u) => u.username === 'leader');
    for (const account of accounts ?? []) {
      expect(account.password.length).toBeGreaterThanOrEqual(12);
      const user = users.find((u) => u.username === account.username);
      expect(user).toMatchObject({ must_change_password: false, totp_secret_sealed: null, is_disabled: false });
      expect(await verifyPassword(user?.password_hash ?? '', account.password)).toBe(true);
    }
    const grants = await database.db.selectFrom('role_grants').selectAll().execute();
    expect(grants.every((g) => g.status === 'active')).toBe(true);
    const grantOf = (username: string): (typeof grants)[number] | undefined =>
      grants.find((g) => g.user_id === users.find((u) => u.username === username)?.id);
    expect(grantOf('leader')).toMatchObject({ role: 'leader', is_principal: true, approval_kind: 'bootstrap' });
    for (const role of ['intake', 'supervisor', 'investigator', 'reviewer']) {
      expect(grantOf(role)).toMatchObject({ role, approved_by: leader?.id });
    }
    expect(grantOf('intake')?.office_id).toBe(byName.get('东湖镇纪委')?.id);
    expect(grantOf('district-intake')?.office_id).toBe(byName.get('示范区纪委监委')?.id);
    expect((await verifyAuditChains(database.db, TEST_AUDIT_KEY)).ok).toBe(true);
    const notice = formatDemoNotice(accounts ?? []);
    expect(notice).toContain('仅供体验');
    expect(notice).toContain('zhengming-demo-1');
  });

  it('leaves a database with data alone', async () => {
    await ensureFirstRun(database.db, testAuditWriter(clock));
    expect(
      await seedDemo({ ...opsContextFor(database, clock), key: TEST_DATA_KEY }, operatorActor('cli:demo')),
    ).toBeNull();
    expect(await database.db.selectFrom('users').select('id').execute()).toHaveLength(1);
  });
});
