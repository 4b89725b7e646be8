import os from 'node:os';
import { visibleLines } from '@zhengming/contracts';
import {
  AppError,
  callAdminChannel,
  executeOperation,
  findParamsProblem,
  liveLockHolder,
  loadConfig,
  formatKeyFileNotice,
  openDirectOps,
  operatorActor,
  type Config,
  type OperationName,
  type OperationParams,
  type OperationResult,
} from '@zhengming/server';

import { UsageError } from './cli-errors.js';

export { UsageError };

/**
 * Writes a line (or lines) to stdout, with any control character left in it made visible (`visibleLines`):
 * names from the database are escaped with `visibleText` where they are put in a line, and this catches the rest.
 */
export function print(text: string): void {
  process.stdout.write(`${visibleLines(text)}\n`);
}

/**
 * Checks a command's arguments with the schema of its operation (the same text rules as the API's, from
 * contracts) and refuses a bad one as a usage error naming it — `labels` maps a parameter to the argument the
 * operator typed (`displayName` → `--name`).
 */
export function checkArguments<N extends OperationName>(
  name: N,
  params: OperationParams<N>,
  labels: Record<string, string>,
): void {
  const problem = findParamsProblem(name, params);
  if (problem !== null) {
    throw new UsageError(`${labels[problem.path] ?? problem.path}: ${problem.message}`);
  }
}

/** The operator as audit entries name it: `cli:<os user>`. */
export function operatorLabel(): string {
  return `cli:${os.userInfo().username}`;
}

/** The configuration from the environment (throws ConfigError listing every problem). */
export function cliConfig(): Config {
  return loadConfig(process.env);
}

/** How a command reached the database. */
export type Route = 'channel' | 'direct';

// Operations that may create the embedded database when the folder has none (setting a folder up by CLI).
const MAY_CREATE: readonly OperationName[] = ['office.add', 'user.add', 'migrate'];

/**
 * The live server holding the embedded folder and its admin socket; null when no process holds it. A holder
 * without an admin channel (another CLI command) is refused, since PGlite allows one process per folder.
 */
export function runningServerSocket(config: Config): { pid: number; socket: string } | null {
  if (config.databaseUrl !== undefined) {
    return null;
  }
  const holder = liveLockHolder(config.dataDir);
  if (holder === null) {
    return null;
  }
  if (holder.adminSocket === null) {
    throw new AppError(
      'DATABASE_LOCKED',
      `the embedded database in ${config.dataDir} is in use by process ${holder.pid} (since ${holder.startedAt}), which has no admin channel; wait for it to finish`,
      { userMessage: `数据库正被进程 ${holder.pid} 使用，请等它结束后再试。` },
    );
  }
  return { pid: holder.pid, socket: holder.adminSocket };
}

/**
 * Runs one operation: through the running server's admin channel when a server holds the embedded database,
 * otherwise directly on the database (taking the folder lock for the embedded one). Same services, same audit.
 */
export async function runOperation<N extends OperationName>(
  config: Config,
  name: N,
  params: OperationParams<N>,
): Promise<{ result: OperationResult<N>; route: Route }> {
  const server = runningServerSocket(config);
  if (server !== null) {
    return { result: await callAdminChannel(server.socket, name, params, operatorLabel()), route: 'channel' };
  }
  const direct = await openDirectOps(config, { migrate: name !== 'migrate', mustExist: !MAY_CREATE.includes(name) });
  if (direct.createdKeyFile !== null) {
    // The command appends to the audit log under the data key, so a first command creates it, as `serve` would.
    print(formatKeyFileNotice(direct.createdKeyFile));
  }
  try {
    const result = await executeOperation(direct.ctx, operatorActor(operatorLabel()), name, params);
    return { result, route: 'direct' };
  } finally {
    await direct.close();
  }
}
