import type { FastifyInstance } from 'fastify';
import { buildApp, REDACTED_LOG_PATHS } from './app.js';
import type { Config } from './config.js';
import { openDatabase, type DatabaseHandle } from './db/connect.js';
import { AppError } from './errors.js';
import { openAdminChannel, type AdminChannel } from './ops/admin-channel.js';
import { formatKeyFileNotice, prepareDataKey } from './ops/data-key.js';
import { demoAccounts, formatDemoNotice, isDemoDatabase, seedDemo } from './ops/demo.js';
import { DEFAULT_ROOT_OFFICE, ensureFirstRun, formatFirstRunNotice, type RootOfficeSpec } from './ops/first-run.js';
import { operatorActor, type OpsContext } from './ops/operations.js';
import { appVersion } from './ops/version.js';
import { createAuditWriter } from './audit/audit.js';
import { systemClock, type Clock } from './deps.js';

export interface StartOptions {
  /** Seed the demo office tree and users when the database is empty (instead of the first-run admin). */
  isDemo?: boolean;
  /** The root office created at the first start (default 市纪委监委, prefecture level). */
  rootOffice?: RootOfficeSpec;
  clock?: Clock;
  /** Where start-up notices go (default stdout); the request log goes through the logger. */
  print?: (text: string) => void;
  /** Stop cleanly on SIGINT/SIGTERM (default true). */
  shouldHandleSignals?: boolean;
  /** Folder of the built web app (default packages/web/dist); null serves none. */
  webRoot?: string | null;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  database: DatabaseHandle;
  /** The admin channel's socket while the server holds the embedded database; null on PostgreSQL. */
  adminSocket: string | null;
  /** Stops listening, closes the admin channel and the database, and releases the folder lock. */
  close(): Promise<void>;
}

async function listen(app: FastifyInstance, config: Config): Promise<void> {
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new AppError('CONFLICT', `port ${config.port} on ${config.host} is in use; choose another with PORT`, {
        userMessage: `端口 ${config.port} 已被占用，请用环境变量 PORT 指定其他端口。`,
        cause: error,
      });
    }
    throw error;
  }
}

function browserHost(host: string): string {
  return ['localhost', '0.0.0.0', '::', '127.0.0.1', '::1'].includes(host) ? 'localhost' : host;
}

/**
 * Starts Zhengming: opens the database (the embedded one takes the folder lock), checks the data key (creating
 * the key file on the first run), seeds the first administrator or the demo data on an empty database, listens
 * on HOST:PORT and, for the embedded database, opens the admin channel for the CLI.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const print = options.print ?? ((text: string) => process.stdout.write(`${text}\n`));
  const version = appVersion();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    pgliteSharedBuffers: config.pgliteSharedBuffers,
  });
  let app: FastifyInstance | undefined;
  let channel: AdminChannel | undefined;
  let isClosed = false;
  const close = async (): Promise<void> => {
    if (isClosed) {
      return;
    }
    isClosed = true;
    await channel?.close();
    await app?.close();
    await database.close();
  };
  try {
    const key = await prepareDataKey(database.db, config, clock);
    const audit = createAuditWriter(key.key, clock);
    if (key.createdFile !== null) {
      print(formatKeyFileNotice(key.createdFile));
    }
    const built = await buildApp({
      db: database.db,
      dbKind: database.kind,
      key: key.key,
      clock,
      audit,
      version,
      trustProxy: config.trustProxy,
      https: config.https,
      logger: { level: config.logLevel, redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } },
      ...(options.webRoot === undefined ? {} : { webRoot: options.webRoot }),
    });
    app = built.app;
    const ctx: OpsContext = {
      db: database.db,
      kind: database.kind,
      clock,
      audit,
      sessions: built.sessions,
      appVersion: version,
    };
    // Listen before seeding: a port already in use must not swallow the one-time password printed below.
    await listen(app, config);
    if (options.isDemo === true) {
      const accounts = await seedDemo({ ...ctx, key: key.key }, operatorActor('cli:demo'));
      if (accounts !== null) {
        print(formatDemoNotice(accounts));
      } else if (await isDemoDatabase(database.db)) {
        // A demo started again: its public credentials every time (a password changed since is the user's own).
        print(formatDemoNotice(demoAccounts(), { isAgain: true }));
      } else {
        print('数据库中已有非演示数据，未写入演示数据。 / The database holds other data; demo data was not added.');
      }
    } else {
      const firstRun = await ensureFirstRun(database.db, audit, options.rootOffice ?? DEFAULT_ROOT_OFFICE);
      if (firstRun !== null) {
        print(formatFirstRunNotice(firstRun));
      }
    }
    if (database.kind === 'pglite') {
      channel = await openAdminChannel({
        dataDir: config.dataDir,
        ctx,
        onError: (error) => built.app.log.error({ err: error }, 'admin channel command failed'),
      });
      database.lock?.setAdminSocket(channel.socketPath);
    }
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  const url = `http://${browserHost(config.host)}:${config.port}`;
  print(`正名已启动 / Zhengming is running: ${url}`);
  if (options.shouldHandleSignals ?? true) {
    const stop = (signal: NodeJS.Signals): void => {
      print(`收到 ${signal}，正在停止… / stopping…`);
      // A second signal while stopping ends the process at once.
      process.once(signal, () => process.exit(130));
      close().then(
        () => {
          process.exitCode = 0;
        },
        (error: unknown) => {
          print(`停止时出错 / error while stopping: ${(error as Error).message}`);
          process.exitCode = 1;
        },
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  return { url, app, database, adminSocket: channel?.socketPath ?? null, close };
}
