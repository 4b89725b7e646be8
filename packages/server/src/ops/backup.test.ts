import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, createAuditWriter } from '../audit/audit.js';
import { testAction } from '../audit/test-support/audit-fixtures.js';
import { verifyAuditChains } from '../audit/audit-verify.js';
import { openDatabase } from '../db/connect.js';
import { generateDataKey, keyCheckValue } from '../keys/keys.js';
import { TestClock } from '../test-support/test-clock.js';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db.js';
import { opsContextFor, seedVariedData, snapshotTables } from '../test-support/ops-fixtures.js';
import { readBackupHeader, writeBackupFile } from './backup.js';
import { checkDataKey } from './data-key.js';
import { backupToFile, operatorActor } from './operations.js';
import { restoreBackup, verifyBackupForRestore } from './restore.js';
import { migrationProvider } from '../db/migrations/index.js';

const actor = operatorActor('cli:test');

/** Compares two snapshots: identical, except that the target's system chain gained the restore entry. */
function expectIdenticalAfterRestore(source: Map<string, string[]>, target: Map<string, string[]>): void {
  expect([...target.keys()]).toEqual([...source.keys()]);
  for (const [table, rows] of source) {
    const restored = target.get(table) ?? [];
    if (table === 'audit_entries') {
      const extra = restored.filter((row) => !rows.includes(row));
      expect(restored.filter((row) => rows.includes(row))).toEqual(rows);
      expect(extra).toHaveLength(1);
      expect(extra[0]).toContain('system.restored');
    } else if (table === 'audit_heads') {
      expect(restored.filter((row) => !row.startsWith('(system,'))).toEqual(
        rows.filter((row) => !row.startsWith('(system,')),
      );
    } else {
      expect(restored, `table ${table}`).toEqual(rows);
    }
  }
}

describe('backup and restore', () => {
  const clock = new TestClock();
  const key = generateDataKey();
  const writer = createAuditWriter(key, clock);
  let source: TestDatabase;
  let dir: string;
  let backupFile: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zm-backup-test-'));
    source = await createTestDatabase();
    const ctx = opsContextFor(source, clock, key);
    await checkDataKey(source.db, key, 'file', clock);
    await seedVariedData(ctx);
    backupFile = path.join(dir, 'full.zmb');
    await backupToFile(ctx, actor, backupFile);
  });

  afterAll(async () => {
    await source.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('records the manifest without the key, and audits the backup', async () => {
    const header = await readBackupHeader(backupFile);
    expect(header.keyCheck).toBe(keyCheckValue(key));
    expect(header.migrations).toEqual(Object.keys(await migrationProvider.getMigrations()).sort());
    expect(header.databaseKind).toBe(source.kind);
    const raw = zlib.gunzipSync(fs.readFileSync(backupFile)).toString('utf8');
    expect(raw).not.toContain(key.bytes.toString('hex'));
    expect(raw).not.toContain(key.bytes.toString('base64'));
    expect(fs.statSync(backupFile).mode & 0o777).toBe(0o600);
    const entry = await source.db
      .selectFrom('audit_entries')
      .select(['details'])
      .where('action', '=', 'system.backup_created')
      .executeTakeFirstOrThrow();
    expect(entry.details).toMatchObject({ operator: 'cli:test', file: backupFile });
  });

  it('restores into an empty database with every row identical and the audit chains intact', async () => {
    const target = await createTestDatabase({ isEmpty: true });
    try {
      const verified = await verifyBackupForRestore(backupFile, key);
      const result = await restoreBackup(target, verified, { isForced: false, audit: writer, actor });
      expect(result.migratedAfter).toEqual([]);
      const before = await snapshotTables(source.db);
      // The backup entry was written after the snapshot, so it is not part of what was restored.
      before.set(
        'audit_entries',
        (before.get('audit_entries') ?? []).filter((row) => !row.includes('system.backup_created')),
      );
      const systemHead = (before.get('audit_heads') ?? []).find((row) => row.startsWith('(system,'));
      expect(systemHead).toBeDefined();
      expectIdenticalAfterRestore(before, await snapshotTables(target.db));
      const verification = await verifyAuditChains(target.db, writer.chainKey);
      expect(verification.ok).toBe(true);
      expect(verification.chains.length).toBeGreaterThanOrEqual(4);
      const bigint = await sql<{
        v: string;
      }>`SELECT totp_last_step::text AS v FROM users WHERE username = 'intake1'`.execute(target.db);
      expect(bigint.rows[0]?.v).toBe('9223372036854775807');
    } finally {
      await target.destroy();
    }
  });

  it('refuses a key that is not the key of the backed-up database', async () => {
    await expect(verifyBackupForRestore(backupFile, generateDataKey())).rejects.toMatchObject({
      code: 'KEY_MISMATCH',
      userMessage: expect.stringContaining('密钥与备份不匹配') as string,
    });
  });

  it('refuses a target that holds data, and with force accepts only a migrated but empty one', async () => {
    const verified = await verifyBackupForRestore(backupFile, key);
    await expect(restoreBackup(source, verified, { isForced: true, audit: writer, actor })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('has rows') as string,
    });
    const migrated = await createTestDatabase();
    try {
      await expect(restoreBackup(migrated, verified, { isForced: false, audit: writer, actor })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining('not empty') as string,
      });
      await restoreBackup(migrated, verified, { isForced: true, audit: writer, actor });
      expect((await verifyAuditChains(migrated.db, writer.chainKey)).ok).toBe(true);
      const users = await migrated.db.selectFrom('users').select('username').orderBy('username').execute();
      expect(users.map((u) => u.username)).toEqual(['intake1', 'leader1']);
    } finally {
      await migrated.destroy();
    }
  });

  it('refuses a damaged or truncated backup before touching the target', async () => {
    const text = zlib.gunzipSync(fs.readFileSync(backupFile)).toString('utf8');
    const edited = path.join(dir, 'edited.zmb');
    fs.writeFileSync(edited, zlib.gzipSync(text.replace('测试县纪委监委', '测试县纪委监察')));
    await expect(verifyBackupForRestore(edited, key)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/table \w+ does not match its recorded row count or SHA-256/) as string,
    });
    const lines = text.split('\n');
    const truncated = path.join(dir, 'truncated.zmb');
    fs.writeFileSync(truncated, zlib.gzipSync(lines.slice(0, Math.floor(lines.length / 2)).join('\n')));
    await expect(verifyBackupForRestore(truncated, key)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const garbage = path.join(dir, 'garbage.zmb');
    fs.writeFileSync(garbage, 'not a backup');
    await expect(verifyBackupForRestore(garbage, key)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('takes one consistent snapshot while other transactions keep appending', async () => {
    const file = path.join(dir, 'busy.zmb');
    const officeId = (await source.db.selectFrom('offices').select('id').executeTakeFirstOrThrow()).id;
    const writes = Array.from({ length: 20 }, (_, i) =>
      source.db.transaction().execute(async (trx) => {
        await appendAudit(
          trx,
          { actorId: null, officeIds: [officeId], action: testAction('test.busy'), details: { i } },
          writer,
        );
      }),
    );
    await Promise.all([writeBackupFile(source, file, { appVersion: 'test', createdAt: clock.now() }), ...writes]);
    const target = await createTestDatabase();
    try {
      await restoreBackup(target, await verifyBackupForRestore(file, key), { isForced: true, audit: writer, actor });
      const result = await verifyAuditChains(target.db, writer.chainKey);
      expect(result.chains.filter((c) => !c.ok)).toEqual([]);
    } finally {
      await target.destroy();
    }
  });

  it.runIf(process.env.DATABASE_URL !== undefined)(
    'restores a PostgreSQL backup into the embedded database',
    async () => {
      const folder = path.join(dir, 'embedded');
      const embedded = await openDatabase({ dataDir: folder, lock: false, migrate: false });
      try {
        await restoreBackup(embedded, await verifyBackupForRestore(backupFile, key), {
          isForced: false,
          audit: writer,
          actor,
        });
        const before = await snapshotTables(source.db);
        before.set(
          'audit_entries',
          (before.get('audit_entries') ?? []).filter((row) => !row.includes('system.backup_created')),
        );
        expectIdenticalAfterRestore(
          new Map([...before].filter(([name]) => name !== 'audit_entries' && name !== 'audit_heads')),
          new Map(
            [...(await snapshotTables(embedded.db))].filter(
              ([name]) => name !== 'audit_entries' && name !== 'audit_heads',
            ),
          ),
        );
        expect((await verifyAuditChains(embedded.db, writer.chainKey)).ok).toBe(true);
      } finally {
        await embedded.close();
      }
    },
  );
});
