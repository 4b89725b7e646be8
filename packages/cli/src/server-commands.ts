import type { Command } from 'commander';
import { ERROR_CODES, visibleLines } from '@zhengming/contracts';
import { AppError, appVersion, ConfigError, DataFolderError, DatabaseSetupError } from '@zhengming/server';
import { registerAuditCommands } from './commands/audit.js';
import { registerBackupCommands } from './commands/backup.js';
import { registerCalendarCommands } from './commands/calendar.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerOfficeCommands } from './commands/office.js';
import { registerServeCommand } from './commands/serve.js';
import { registerUserCommands } from './commands/user.js';

export { appVersion };

/** The commands built on the server package (database, users, calendar, audit, backups, the server itself). */
export function registerServerCommands(program: Command): void {
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerUserCommands(program);
  registerOfficeCommands(program);
  registerCalendarCommands(program);
  registerAuditCommands(program);
  registerBackupCommands(program);
}

/** How `reportServerError` dealt with an error: a configuration error never shows its stack. */
export type ServerErrorReport = 'config' | 'reported' | 'notServerError';

/** Writes the line for an error of the server package; the debug stack is left to the caller. */
export function reportServerError(error: unknown): ServerErrorReport {
  if (error instanceof ConfigError) {
    process.stderr.write(`zhengming: 配置有误，请修正以下环境变量 / ${error.message}\n`);
    return 'config';
  }
  if (error instanceof AppError) {
    const zh = error.userMessage ?? ERROR_CODES[error.code].zh;
    // The messages may quote a name or an argument: its control characters are shown, not acted on.
    process.stderr.write(`zhengming: ${visibleLines(`${zh} [${error.code}] ${error.message}`)}\n`);
    return 'reported';
  }
  if (error instanceof DataFolderError) {
    process.stderr.write(`zhengming: 数据目录无法设为仅本用户可访问 / ${error.message}\n`);
    return 'reported';
  }
  if (error instanceof DatabaseSetupError) {
    process.stderr.write(`zhengming: 数据库无法使用 / ${error.message}\n`);
    return 'reported';
  }
  return 'notServerError';
}
