import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { testAction } from '../audit/test-support/audit-fixtures.js';
import { appendAudit } from '../audit/audit.js';
import { SessionService } from '../modules/auth/sessions.service.js';
import { insertBandKeys } from '../modules/screening/band-keys.repository.js';
import { OfficeService } from '../modules/offices/offices.service.js';
import { GrantService } from '../modules/users/grants.service.js';
import { UserService } from '../modules/users/users.service.js';
import { operatorActor, type OpsContext } from '../ops/operations.js';
import type { TestDatabase } from './test-db.js';
import { TEST_DATA_KEY, testAuditWriter } from './test-key.js';
import type { DataKey } from '../keys/keys.js';
import type { Clock, Db } from '../deps.js';

/** The repository root (for running the built CLI in child processes). */
export const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../..');

/** The built CLI entry; tests that spawn it need `npx tsc -b` first. */
export const CLI_MAIN = path.join(REPO_ROOT, 'packages/cli/dist/main.js');

/** Fails clearly when the packages were not built (child-process tests run the built JavaScript). */
export function assertBuilt(file: string = CLI_MAIN): void {
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: run \`npx tsc -b\` (or npm test, which builds) first`);
  }
}

/** An operations context on a test database, appending audit entries under `key` (the test key by default). */
export function opsContextFor(database: TestDatabase, clock: Clock, key: DataKey = TEST_DATA_KEY): OpsContext {
  return {
    db: database.db,
    kind: database.kind,
    clock,
    audit: testAuditWriter(clock, key),
    sessions: new SessionService(database.db, clock),
    appVersion: 'test',
  };
}

/**
 * Offices, users and grants through the services, plus values that are easy to get subtly wrong in a dump:
 * the largest bigint, timestamps with microseconds and an offset, text arrays with commas, quotes, braces and
 * the word NULL, jsonb with a number beyond double precision, Chinese text with tabs and backslashes, bytea and
 * integer arrays.
 */
export async function seedVariedData(ctx: OpsContext): Promise<{ leaderId: string; officeId: string }> {
  const actor = operatorActor('cli:test');
  const offices = new OfficeService({ db: ctx.db, clock: ctx.clock, audit: ctx.audit });
  const users = new UserService({ db: ctx.db, clock: ctx.clock, audit: ctx.audit, sessions: ctx.sessions });
  const grants = new GrantService({ db: ctx.db, clock: ctx.clock, audit: ctx.audit });
  const root = await offices.createRootOffice(actor, { name: '测试市纪委监委', level: 'prefecture' });
  const county = await offices.createOffice(actor, { parentId: root.id, name: '测试县纪委监委', level: 'county' });
  const town = await offices.createOffice(actor, { parentId: county.id, name: '东湖镇纪委', level: 'township' });
  const leader = await users.createUser(actor, { username: 'leader1', displayName: '李领导' });
  await grants.bootstrapRootLeader(actor, leader.user.id, { isPrincipal: true });
  const intake = await users.createUser(actor, { username: 'intake1', displayName: '王信访' });
  await grants.grantWithApprover(
    actor,
    intake.user.id,
    { officeId: town.id, role: 'intake', isPrincipal: false },
    leader.user.id,
  );
  await users.disableUser(actor, intake.user.id);

  await ctx.db
    .updateTable('users')
    .set({
      totp_last_step: '9223372036854775807',
      last_failed_at: '2026-03-04 05:06:07.123456+08',
      failed_sign_ins: 3,
    })
    .where('id', '=', intake.user.id)
    .execute();
  await ctx.db
    .insertInto('settings')
    .values({
      key: 'zz_tricky',
      value: '举报人：张三\t"引号" \\ 反斜杠 {大括号,逗号} NULL\n第二行',
      updated_at: ctx.clock.now(),
    })
    .execute();
  await sql`INSERT INTO calendar_years (year, days, source, added_by, added_at)
    VALUES (2027, '{"n": 123456789012345678901234567890.5, "s": "东湖", "list": [1, null, "x"]}'::jsonb, '国务院办公厅通知', ${leader.user.id}, '2026-12-01 08:00:00.000001+00')`.execute(
    ctx.db,
  );
  // Screening's band-key store: the smallest 64-bit key, bytea with a backslash byte, an integer[] with -1.
  await insertBandKeys(ctx.db, [
    {
      complaintId: 1,
      version: 'a1b2c3d4e5f6',
      bandKeys: BigInt64Array.from([-9223372036854775808n, 42n]),
      shingles: Uint32Array.from([7, 0xffffffff]),
      sketch: Uint8Array.from([0, 92, 255]),
    },
  ]);
  await ctx.sessions.create(leader.user.id, 'totp');
  await ctx.db.transaction().execute(async (trx) => {
    await appendAudit(
      trx,
      {
        actorId: leader.user.id,
        officeIds: [town.id, root.id],
        action: testAction('test.tricky'),
        targetIds: ['a,b', 'c"d', '{e}', 'NULL', '', '反\\斜'],
        details: { text: '多行\n文本', nested: { list: [1, 2.5, null, true], empty: {} } },
      },
      ctx.audit,
    );
  });
  return { leaderId: leader.user.id, officeId: town.id };
}

/**
 * Every application table's rows as text, sorted — read independently of the backup code (each row's whole
 * record text in UTC), to compare two databases row by row.
 */
export async function snapshotTables(db: Db): Promise<Map<string, string[]>> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
    const tables = await sql<{ name: string }>`SELECT table_name::text AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_migration%'
      ORDER BY 1`.execute(trx);
    const result = new Map<string, string[]>();
    for (const { name } of tables.rows) {
      const rows = await sql<{ r: string }>`SELECT t::text AS r FROM ${sql.table(name)} t`.execute(trx);
      result.set(name, rows.rows.map((row) => row.r).sort());
    }
    return result;
  });
}
