import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClock } from '../test-support/test-clock.js';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db.js';
import { opsContextFor } from '../test-support/ops-fixtures.js';
import { backupThroughChannel, callAdminChannel, openAdminChannel, type AdminChannel } from './admin-channel.js';

/** A raw request to the socket, for what the typed client never sends. */
function rawPost(socketPath: string, urlPath: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath, path: urlPath, method: 'POST' }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('admin channel', () => {
  const clock = new TestClock();
  let database: TestDatabase;
  let dir: string;
  let channel: AdminChannel;

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zm-channel-test-'));
    channel = await openAdminChannel({ dataDir: dir, ctx: opsContextFor(database, clock) });
  });
  afterAll(async () => {
    await channel.close();
    await database.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('listens on an owner-only socket in the data folder', () => {
    expect(channel.socketPath).toBe(path.join(dir, 'admin.sock'));
    const stat = fs.statSync(channel.socketPath);
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('runs operations as the operator named by the client and audits them', async () => {
    const created = await callAdminChannel(
      channel.socketPath,
      'office.add',
      { name: '通道市纪委', level: 'prefecture' },
      'cli:alice',
    );
    expect(created.office).toMatchObject({ name: '通道市纪委', parentId: null });
    const entry = await database.db
      .selectFrom('audit_entries')
      .select(['details'])
      .where('action', '=', 'office.root_created')
      .executeTakeFirstOrThrow();
    expect(entry.details).toMatchObject({ operator: 'cli:alice' });
  });

  it('returns service errors as the same AppError codes and messages', async () => {
    await expect(
      callAdminChannel(channel.socketPath, 'office.add', { name: '第二个根', level: 'county' }, 'cli:alice'),
    ).rejects.toMatchObject({ code: 'CONFLICT', userMessage: '根机关已存在。' });
    await expect(
      callAdminChannel(channel.socketPath, 'user.disable', { username: 'nobody' }, 'cli:alice'),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses unknown commands and malformed requests, and replaces a forged operator label', async () => {
    expect(await rawPost(channel.socketPath, '/op/drop.everything', '{"operator":"cli:x"}')).toMatchObject({
      status: 404,
    });
    expect(await rawPost(channel.socketPath, '/op/office.list', 'not json')).toMatchObject({ status: 400 });
    const forged = await rawPost(channel.socketPath, '/op/office.list', '{"operator":"admin; drop","params":{}}');
    expect(forged.status).toBe(200);
    const read = await database.db
      .selectFrom('audit_entries')
      .select(['details'])
      .where('action', '=', 'operator.read')
      .executeTakeFirstOrThrow();
    expect(read.details).toMatchObject({ operator: `cli:${os.userInfo().username}` });
  });

  it('streams a verified backup into a new file', async () => {
    const file = path.join(dir, 'channel.zmb');
    const manifest = await backupThroughChannel(channel.socketPath, file, 'cli:alice');
    expect(manifest.tables.find((t) => t.name === 'offices')?.rows).toBe(1);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await expect(backupThroughChannel(channel.socketPath, file, 'cli:alice')).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('falls back to a private temp folder when the data folder path is too long for a socket', async () => {
    const deep = path.join(dir, 'x'.repeat(60), 'y'.repeat(60));
    fs.mkdirSync(deep, { recursive: true });
    const fallback = await openAdminChannel({ dataDir: deep, ctx: opsContextFor(database, clock) });
    try {
      expect(fallback.socketPath.startsWith(os.tmpdir())).toBe(true);
      expect(fs.statSync(path.dirname(fallback.socketPath)).mode & 0o777).toBe(0o700);
      const offices = await callAdminChannel(fallback.socketPath, 'office.list', {}, 'cli:alice');
      expect(offices.offices).toHaveLength(1);
    } finally {
      await fallback.close();
    }
    expect(fs.existsSync(fallback.socketPath)).toBe(false);
  });

  it('removes its socket when closed', async () => {
    const other = path.join(dir, 'closing');
    fs.mkdirSync(other);
    const closing = await openAdminChannel({ dataDir: other, ctx: opsContextFor(database, clock) });
    await closing.close();
    expect(fs.existsSync(closing.socketPath)).toBe(false);
    await expect(callAdminChannel(closing.socketPath, 'office.list', {}, 'cli:alice')).rejects.toMatchObject({
      code: 'DATABASE_LOCKED',
    });
  });
});
