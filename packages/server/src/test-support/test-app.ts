import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { buildApp, type BuiltApp } from '../app.js';
import { generateDataKey, type DataKey } from '../keys/keys.js';
import { TestClock } from './test-clock.js';
import { createTestDatabase, type TestDatabase } from './test-db.js';
import { createAuditWriter } from '../audit/audit.js';
import type { AppDeps } from '../deps.js';

export interface TestApp extends BuiltApp {
  database: TestDatabase;
  key: DataKey;
  clock: TestClock;
  deps: AppDeps;
  close(): Promise<void>;
}

/** A full app on a private database (createTestDatabase), with a test clock and a fresh data key. */
export async function buildTestApp(
  options: {
    extraPlugins?: ((app: FastifyInstance, deps: AppDeps) => Promise<void>)[];
    /** Transport settings of the app (ZHENGMING_TRUST_PROXY, ZHENGMING_HTTPS); none and `auto` by default. */
    transport?: Pick<AppDeps, 'trustProxy' | 'https'>;
    /** A Kysely plugin on the app's database handle (e.g. one that counts statements); `database.db` stays plain. */
    dbPlugin?: KyselyPlugin;
    /** Fastify logger options (none by default), e.g. to capture the server log in a test. */
    logger?: AppDeps['logger'];
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = new TestClock();
  const key = generateDataKey();
  const deps: AppDeps = {
    db: options.dbPlugin === undefined ? database.db : database.db.withPlugin(options.dbPlugin),
    dbKind: database.kind,
    key,
    clock,
    audit: createAuditWriter(key, clock),
    version: 'test',
    logger: options.logger ?? false,
    webRoot: null,
    ...(options.extraPlugins === undefined ? {} : { extraPlugins: options.extraPlugins }),
    ...options.transport,
  };
  const built = await buildApp(deps);
  await built.app.ready();
  return {
    ...built,
    database,
    key,
    clock,
    deps,
    async close() {
      await built.app.close();
      await database.destroy();
    },
  };
}
