import { testAction } from './test-support/audit-fixtures.js';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOffice } from '../test-support/builders.js';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db.js';
import { TEST_AUDIT_KEY, TEST_DATA_KEY, testAuditWriter } from '../test-support/test-key.js';
import { systemClock } from '../deps.js';
import { appendAudit } from './audit.js';
import { SYSTEM_CHAIN } from './audit-hash.js';
import { verifyAuditChains } from './audit-verify.js';
import { AUDIT_CHILD_SCRIPT, buildAuditChildModule } from './test-support/audit-child-build.js';

/** Entries per chain that the events of `patterns` (office ids; [] = system) write. */
function expectedCounts(patterns: readonly (readonly string[])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const officeIds of patterns) {
    const chains = officeIds.length === 0 ? [SYSTEM_CHAIN] : [...new Set(officeIds)];
    for (const chainId of chains) {
      counts.set(chainId, (counts.get(chainId) ?? 0) + 1);
    }
  }
  return counts;
}

async function entryCounts(database: TestDatabase, chainIds: readonly string[]): Promise<Map<string, number>> {
  const result = await verifyAuditChains(database.db, TEST_AUDIT_KEY, { chainIds });
  expect(result.ok, JSON.stringify(result.chains.filter((c) => !c.ok))).toBe(true);
  return new Map(result.chains.map((chain) => [chain.chainId, chain.entries]));
}

describe('appendAudit under concurrent transactions in one process', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('keeps every chain valid, and verifies consistently while the appends run', async () => {
    const first = await buildOffice(database);
    const second = await buildOffice(database);
    const rotation = [[first.id], [second.id], [first.id, second.id], [second.id, first.id], []];
    const patterns = Array.from({ length: 100 }, (_, i) => rotation[i % rotation.length]!);
    const chainIds = [first.id, second.id, SYSTEM_CHAIN];
    const before = await entryCounts(database, chainIds);

    let isWriting = true;
    const appends = Promise.all(
      patterns.map((officeIds, i) =>
        database.db.transaction().execute((trx) =>
          appendAudit(
            trx,
            {
              actorId: null,
              officeIds,
              action: testAction('test.concurrent'),
              details: { i, 说明: '同进程并发' },
            },
            testAuditWriter(systemClock),
          ),
        ),
      ),
    ).finally(() => {
      isWriting = false;
    });
    // Verification reads without a snapshot: entries appended under it must never look like a break.
    let verificationsDuringWrites = 0;
    const verifying = (async () => {
      while (isWriting) {
        const result = await verifyAuditChains(database.db, TEST_AUDIT_KEY, { chainIds, batchSize: 8 });
        expect(result.ok, JSON.stringify(result.chains.filter((c) => !c.ok))).toBe(true);
        verificationsDuringWrites += 1;
      }
    })();
    await Promise.all([appends, verifying]);

    expect(verificationsDuringWrites).toBeGreaterThan(0);
    const after = await entryCounts(database, chainIds);
    for (const [chainId, added] of expectedCounts(patterns)) {
      expect(after.get(chainId), chainId).toBe((before.get(chainId) ?? 0) + added);
    }
  });
});

interface ChildResult {
  counts: Record<string, number>;
}

describe.runIf(process.env.DATABASE_URL !== undefined)(
  'appendAudit across processes (PostgreSQL only: PGlite allows one process per database)',
  () => {
    let database: TestDatabase;
    let child: ReturnType<typeof buildAuditChildModule>;
    beforeAll(async () => {
      database = await createTestDatabase();
      child = buildAuditChildModule();
    });
    afterAll(async () => {
      child.remove();
      await database.destroy();
    });

    it('keeps every chain valid when three processes append 200 events each to the same chains at once', async () => {
      const first = await buildOffice(database);
      const second = await buildOffice(database);
      const chainIds = [first.id, second.id, SYSTEM_CHAIN];
      const before = await entryCounts(database, chainIds);

      const children = [0, 1, 2].map((index) => {
        const config = {
          url: database.location,
          auditModule: child.auditModule,
          keyHex: TEST_DATA_KEY.bytes.toString('hex'),
          officeIds: [first.id, second.id],
          count: 200,
          connections: 3,
          index,
        };
        const childProcess = spawn(process.execPath, [AUDIT_CHILD_SCRIPT, JSON.stringify(config)], {
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        childProcess.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        childProcess.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        const ready = new Promise<void>((resolve, reject) => {
          const poll = setInterval(() => {
            if (stdout.startsWith('ready\n')) {
              clearInterval(poll);
              resolve();
            }
          }, 10);
          childProcess.once('exit', (code) => {
            clearInterval(poll);
            reject(new Error(`child ${index} exited ${code} before it was ready: ${stderr}`));
          });
        });
        const exited = new Promise<ChildResult>((resolve, reject) => {
          childProcess.once('exit', (code) => {
            const last = stdout.trim().split('\n').at(-1) ?? '';
            if (code === 0) {
              resolve(JSON.parse(last) as ChildResult);
            } else {
              reject(new Error(`child ${index} exited ${code}: ${stderr}`));
            }
          });
        });
        return { process: childProcess, ready, exited };
      });

      await Promise.all(children.map((c) => c.ready));
      for (const c of children) {
        c.process.stdin.end('go\n');
      }
      const results = await Promise.all(children.map((c) => c.exited));

      const after = await entryCounts(database, chainIds);
      for (const chainId of chainIds) {
        const added = results.reduce((sum, result) => sum + (result.counts[chainId] ?? 0), 0);
        expect(added, chainId).toBeGreaterThan(0);
        expect(after.get(chainId), chainId).toBe((before.get(chainId) ?? 0) + added);
      }
      // 600 events, of which the two-office ones wrote two entries.
      const events = results.reduce((sum, result) => sum + Object.values(result.counts).reduce((a, b) => a + b, 0), 0);
      expect(events).toBe(600 + 240);
    }, 120_000);
  },
);
