import { Command, CommanderError } from 'commander';
import { ERROR_CODES } from '@zhengming/contracts';
import { AppError, appVersion, ConfigError, DatabaseSetupError } from '@zhengming/server';
import { AuditProblemsError, registerAuditCommands } from './commands/audit.js';
import { registerBackupCommands } from './commands/backup.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerOfficeCommands } from './commands/office.js';
import { registerServeCommand } from './commands/serve.js';
import { registerUserCommands } from './commands/user.js';
import { UsageError } from './runtime.js';
import { registerScreenCommand } from './screen/screen.command.js';

/** Exit codes: 0 done, 1 failed, 2 called wrongly (usage). */
export const EXIT = { ok: 0, error: 1, usage: 2 } as const;

/** The `zhengming` program with every command group. */
export function buildProgram(): Command {
  const program = new Command('zhengming')
    .description('正名 Zhengming：检举控告甄别与澄清正名工作系统 / case system for discipline-inspection offices')
    .version(appVersion(), '-V, --version', '显示版本 / show the version')
    .helpOption('-h, --help', '显示帮助 / show help')
    .showHelpAfterError()
    // Commander throws instead of exiting, so main() decides the exit code in one place.
    .exitOverride();
  registerServeCommand(program);
  registerMigrateCommand(program);
  registerUserCommands(program);
  registerOfficeCommands(program);
  registerAuditCommands(program);
  registerBackupCommands(program);
  registerScreenCommand(program);
  return program;
}

const isDebug = (): boolean => ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '');

/** One clear line on stderr (the stack only with LOG_LEVEL=debug); returns the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has printed its own message (or the help / version, which are not errors).
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0
      ? EXIT.ok
      : EXIT.usage;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`zhengming: ${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof AuditProblemsError) {
    return EXIT.error;
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`zhengming: 配置有误，请修正以下环境变量 / ${error.message}\n`);
    return EXIT.error;
  }
  if (error instanceof AppError) {
    const zh = error.userMessage ?? ERROR_CODES[error.code].zh;
    process.stderr.write(`zhengming: ${zh} [${error.code}] ${error.message}\n`);
  } else if (error instanceof DatabaseSetupError) {
    process.stderr.write(`zhengming: 数据库无法使用 / ${error.message}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`zhengming: 出错了 / error: ${message}\n`);
  }
  if (isDebug() && error instanceof Error && error.stack !== undefined) {
    process.stderr.write(`${error.stack}\n`);
  }
  return EXIT.error;
}

/** Parses the arguments and runs the command; resolves to the exit code (serve keeps the process alive). */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}
