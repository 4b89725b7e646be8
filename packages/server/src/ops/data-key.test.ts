import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_PGLITE_SHARED_BUFFERS, loadConfig } from '../config.js';
import { generateDataKey, keyCheckValue } from '../keys/keys.js';
import { TestClock } from '../test-support/test-clock.js';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db.js';
import { checkDataKey, formatKeyFileNotice, prepareDataKey, readKeyCheck, resolveDataKey } from './data-key.js';

describe('data key', () => {
  const clock = new TestClock();
  let dir: string;
  let database: TestDatabase;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zm-key-test-'));
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the key file with mode 0600 on the first run and reads the same key afterwards', () => {
    const keyFile = path.join(dir, 'first', 'data.key');
    const first = resolveDataKey({ keyFromEnv: undefined, keyFile }, { mayCreate: true });
    expect(first.createdFile).toBe(keyFile);
    expect(first.source).toBe('file');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const second = resolveDataKey({ keyFromEnv: undefined, keyFile }, { mayCreate: true });
    expect(second.createdFile).toBeNull();
    expect(second.key.bytes.equals(first.key.bytes)).toBe(true);
  });

  it('prints where the new key file is and that a copy must be kept', () => {
    const notice = formatKeyFileNotice('/srv/zhengming/data.key');
    expect(notice).toContain('/srv/zhengming/data.key');
    expect(notice).toContain('请立即复制一份');
    expect(notice).toContain('the encrypted data is lost');
  });

  it('uses ZHENGMING_KEY when set and writes no key file', () => {
    const keyFile = path.join(dir, 'env', 'data.key');
    const hex = generateDataKey().bytes.toString('hex');
    const resolved = resolveDataKey({ keyFromEnv: hex, keyFile }, { mayCreate: true });
    expect(resolved.source).toBe('env');
    expect(resolved.key.bytes.toString('hex')).toBe(hex);
    expect(fs.existsSync(keyFile)).toBe(false);
  });

  it('refuses a key file that others can read', () => {
    const keyFile = path.join(dir, 'loose.key');
    fs.writeFileSync(keyFile, `${generateDataKey().bytes.toString('hex')}\n`, { mode: 0o644 });
    fs.chmodSync(keyFile, 0o644);
    expect(() => resolveDataKey({ keyFromEnv: undefined, keyFile }, { mayCreate: true })).toThrow(/chmod 600/);
  });

  it('stores the key check on the first start, audits it, and then refuses a different key', async () => {
    const key = generateDataKey();
    expect(await readKeyCheck(database.db)).toBeNull();
    expect(await checkDataKey(database.db, key, 'file', clock)).toBe('created');
    expect(await readKeyCheck(database.db)).toBe(keyCheckValue(key));
    const entry = await database.db
      .selectFrom('audit_entries')
      .select(['chain_id', 'details'])
      .where('action', '=', 'system.key_check_created')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ chain_id: 'system', details: { keySource: 'file' } });
    expect(await checkDataKey(database.db, key, 'file', clock)).toBe('matched');
    await expect(checkDataKey(database.db, generateDataKey(), 'env', clock)).rejects.toMatchObject({
      code: 'KEY_MISMATCH',
      message: expect.stringContaining('ZHENGMING_KEY) is not the key this database was created with') as string,
    });
  });

  it('does not create a fresh key file for a database that already has a key', async () => {
    const keyFile = path.join(dir, 'lost', 'data.key');
    await expect(prepareDataKey(database.db, { keyFromEnv: undefined, keyFile }, clock)).rejects.toMatchObject({
      code: 'KEY_MISMATCH',
      message: expect.stringContaining('put your safe copy back') as string,
    });
    expect(fs.existsSync(keyFile)).toBe(false);
  });
});

describe('configuration', () => {
  it('requires ZHENGMING_KEY with DATABASE_URL and lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'postgres://db/zm', PORT: 'eighty' }, '/srv');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/ZHENGMING_KEY: is required when DATABASE_URL is set/);
    expect(message).toMatch(/PORT:/);
  });

  it('accepts DATABASE_URL with a key, and keeps the default key file outside the data folder', () => {
    const key = generateDataKey().bytes.toString('hex');
    expect(loadConfig({ DATABASE_URL: 'postgres://db/zm', ZHENGMING_KEY: key }, '/srv').keyFromEnv).toBe(key);
    const config = loadConfig({ ZHENGMING_DATA_DIR: 'data' }, '/srv');
    expect(config.keyFile).toBe('/srv/data.key');
    expect(() => loadConfig({ ZHENGMING_DATA_DIR: 'data', ZHENGMING_KEY_FILE: 'data/k' }, '/srv')).toThrow(
      /must be outside the data folder/,
    );
  });

  it('takes the embedded buffer pool as megabytes or gigabytes, small by default', () => {
    expect(loadConfig({}, '/srv').pgliteSharedBuffers).toBe(DEFAULT_PGLITE_SHARED_BUFFERS);
    expect(loadConfig({ ZHENGMING_PGLITE_SHARED_BUFFERS: '1GB' }, '/srv').pgliteSharedBuffers).toBe('1GB');
    expect(loadConfig({ ZHENGMING_PGLITE_SHARED_BUFFERS: '384MB' }, '/srv').pgliteSharedBuffers).toBe('384MB');
    expect(() => loadConfig({ ZHENGMING_PGLITE_SHARED_BUFFERS: '1 GB' }, '/srv')).toThrow(
      /ZHENGMING_PGLITE_SHARED_BUFFERS: must be a size in megabytes or gigabytes/,
    );
    expect(() => loadConfig({ ZHENGMING_PGLITE_SHARED_BUFFERS: '2GB' }, '/srv')).toThrow(
      /ZHENGMING_PGLITE_SHARED_BUFFERS: must be at most 1536MB/,
    );
  });
});
