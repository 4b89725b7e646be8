// A separate Node process that appends audit events through the real appendAudit (transpiled by
// audit-child-build.ts), for the cross-process concurrency test on PostgreSQL. Protocol on stdio:
// argv[2] is a JSON config (database url, audit module, hex data key, …); the child connects, prints "ready", waits for "go" on stdin so that all children
// start together, appends, then prints one JSON line {"counts": {chainId: entries}} and exits 0.
// Any failure (a deadlock, a duplicate seq) exits 1 with the error on stderr.
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';

const config = JSON.parse(process.argv[2] ?? '{}');
const { appendAudit, createAuditWriter } = await import(pathToFileURL(config.auditModule).href);
// The audit writer under the test's data key (hex in the config), on the real clock.
const writer = createAuditWriter({ bytes: Buffer.from(config.keyHex, 'hex') }, { now: () => new Date() });
const pool = new pg.Pool({ connectionString: config.url, max: config.connections });
const db = new Kysely({ dialect: new PostgresDialect({ pool }) });

try {
  // Open every connection before the start signal, so that the appends themselves run side by side.
  await Promise.all(Array.from({ length: config.connections }, () => sql`select pg_sleep(0.05)`.execute(db)));
  const lines = createInterface({ input: process.stdin });
  const started = new Promise((resolve) => lines.on('line', (line) => line === 'go' && resolve(undefined)));
  process.stdout.write('ready\n');
  await started;
  lines.close();

  const [first, second] = config.officeIds;
  // Single-office, two-office (in both orders) and system events, rotated per child.
  const patterns = [[first], [second], [first, second], [second, first], []];
  const counts = {};
  const countEntry = (chainId) => {
    counts[chainId] = (counts[chainId] ?? 0) + 1;
  };
  const runWorker = async (worker) => {
    for (let j = worker; j < config.count; j += config.connections) {
      const officeIds = patterns[(j + config.index) % patterns.length];
      await db.transaction().execute((trx) =>
        appendAudit(
          trx,
          {
            actorId: null,
            officeIds,
            action: 'test.concurrent',
            targetIds: [`child-${config.index}-${j}`],
            details: { child: config.index, event: j, 说明: '并发写入' },
          },
          writer,
        ),
      );
      if (officeIds.length === 0) {
        countEntry('system');
      }
      for (const officeId of new Set(officeIds)) {
        countEntry(officeId);
      }
    }
  };
  await Promise.all(Array.from({ length: config.connections }, (_, worker) => runWorker(worker)));
  process.stdout.write(`${JSON.stringify({ counts })}\n`);
  await db.destroy();
} catch (error) {
  process.stderr.write(`audit child ${config.index} failed: ${error?.stack ?? error}\n`);
  await db.destroy().catch(() => undefined);
  process.exit(1);
}
