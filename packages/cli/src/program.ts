import { Command, CommanderError } from 'commander';
import { visibleLines } from '@zhengming/contracts';
import { AuditProblemsError, UsageError } from './cli-errors.js';
import { registerScreenCommand } from './screen/screen.command.js';
import type * as ServerCommandsModule from './server-commands.js';

/** Exit codes: 0 done, 1 failed, 2 called wrongly (usage). */
export const EXIT = { ok: 0, error: 1, usage: 2 } as const;

type ServerCommands = typeof ServerCommandsModule;

/**
 * The server-backed commands, or null when the arguments call `screen` alone: loading the server
 * package takes about 2 s on a slow machine, and `screen` does not need it. Anything else (help, the
 * version, every other command) loads it, so leaving it out can never change what a command does.
 */
async function serverCommandsFor(argv: readonly string[]): Promise<ServerCommands | null> {
  const args = argv.slice(2);
  const isScreenOnly =
    args.find((arg) => !arg.startsWith('-')) === 'screen' && !args.includes('-V') && !args.includes('--version');
  return isScreenOnly ? null : await import('./server-commands.js');
}

/** The `zhengming` program with every command group (without the server-backed ones when `serverCommands` is null). */
export function buildProgram(serverCommands: ServerCommands | null): Command {
  const program = new Command('zhengming').description(
    '正名 Zhengming：检举控告甄别与澄清正名工作系统 / case system for discipline-inspection offices',
  );
  if (serverCommands !== null) {
    program.version(serverCommands.appVersion(), '-V, --version', '显示版本 / show the version');
  }
  program
    .helpOption('-h, --help', '显示帮助 / show help')
    .showHelpAfterError()
    // Commander throws instead of exiting, so main() decides the exit code in one place.
    .exitOverride();
  serverCommands?.registerServerCommands(program);
  registerScreenCommand(program);
  return program;
}

const isDebug = (): boolean => ['debug', 'trace'].includes(process.env.LOG_LEVEL ?? '');

/** One clear line on stderr (the stack only with LOG_LEVEL=debug); returns the exit code. */
export function reportError(error: unknown, serverCommands: ServerCommands | null): number {
  if (error instanceof CommanderError) {
    // Commander has printed its own message (or the help / version, which are not errors).
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0
      ? EXIT.ok
      : EXIT.usage;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`zhengming: ${visibleLines(error.message)}\n`);
    return EXIT.usage;
  }
  if (error instanceof AuditProblemsError) {
    return EXIT.error;
  }
  // Errors of the server package can only come from a command that loaded it.
  const serverReport = serverCommands?.reportServerError(error) ?? 'notServerError';
  if (serverReport === 'config') {
    return EXIT.error;
  }
  if (serverReport === 'notServerError') {
    const message = error instanceof Error ? error.message : String(error);
    // A message may quote what was typed or read: its control characters are shown, not acted on.
    process.stderr.write(`zhengming: 出错了 / error: ${visibleLines(message)}\n`);
  }
  if (isDebug() && error instanceof Error && error.stack !== undefined) {
    process.stderr.write(`${error.stack}\n`);
  }
  return EXIT.error;
}

/** Parses the arguments and runs the command; resolves to the exit code (serve keeps the process alive). */
export async function main(argv: readonly string[]): Promise<number> {
  let serverCommands: ServerCommands | null = null;
  try {
    serverCommands = await serverCommandsFor(argv);
    await buildProgram(serverCommands).parseAsync([...argv]);
    return EXIT.ok;
  } catch (error) {
    return reportError(error, serverCommands);
  }
}
