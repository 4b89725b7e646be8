import readline from 'node:readline';
import {
  DEADLINE_MAX_COUNT,
  isIsoCalendarDate,
  visibleLines,
  type Deadline,
  type DeadlineUnit,
} from '@zhengming/contracts';
import {
  WorkingCalendar,
  computeDeadline,
  hasEmbeddedDatabase,
  loadShippedYears,
  type Config,
} from '@zhengming/server';
import { UsageError, cliConfig, print, runOperation } from '../runtime.js';

/** The units as the operator types them. */
const UNIT_ARGUMENTS: Readonly<Record<string, DeadlineUnit>> = {
  'working-days': 'working_days',
  days: 'days',
  months: 'months',
};

export interface DueQuery {
  from: string;
  count: number;
  unit: DeadlineUnit;
}

/** What `calendar due` prints for a period that runs into a year without calendar data. */
export const CALENDAR_MISSING = 'calendar missing';

/** Checks one `DATE N UNIT` triple; the problem names the argument, or null when it is fine. */
export function parseDueQuery(date: string, count: string, unit: string): DueQuery | { problem: string } {
  if (!isIsoCalendarDate(date)) {
    return { problem: `DATE: 须为日期 YYYY-MM-DD / must be a date YYYY-MM-DD, got "${date}"` };
  }
  const number = /^\d{1,6}$/.test(count) ? Number(count) : Number.NaN;
  if (!(number <= DEADLINE_MAX_COUNT)) {
    return {
      problem: `N: 须为 0 至 ${DEADLINE_MAX_COUNT} 的整数 / must be a whole number from 0 to ${DEADLINE_MAX_COUNT}, got "${count}"`,
    };
  }
  const deadlineUnit = Object.hasOwn(UNIT_ARGUMENTS, unit) ? UNIT_ARGUMENTS[unit] : undefined;
  if (deadlineUnit === undefined) {
    return { problem: `UNIT: 须为 working-days、days 或 months / must be working-days, days or months, got "${unit}"` };
  }
  return { from: date, count: number, unit: deadlineUnit };
}

/** The line printed for a deadline: its due date, or `calendar missing`. */
export function formatDue(deadline: Deadline): string {
  return deadline.due ?? CALENDAR_MISSING;
}

/**
 * The calendar in force. A data folder with no database yet has only the shipped years, so nothing is created
 * to answer; otherwise the years an administrator added count too — read through the running server's admin
 * channel while it holds the embedded database, or directly (one `operator.read` audit entry per command).
 */
async function loadDueCalendar(config: Config): Promise<WorkingCalendar> {
  if (config.databaseUrl === undefined && !hasEmbeddedDatabase(config.dataDir)) {
    return new WorkingCalendar(loadShippedYears());
  }
  const { result } = await runOperation(config, 'calendar.due', {});
  return new WorkingCalendar(result.years);
}

/** Writes lines to stdout in chunks, waiting when the pipe is full, so a long stream runs in bounded memory. */
class LineWriter {
  private buffer = '';

  async write(line: string): Promise<void> {
    this.buffer += `${line}\n`;
    if (this.buffer.length >= 64 * 1024) {
      await this.flush();
    }
  }

  async flush(): Promise<void> {
    if (this.buffer === '') {
      return;
    }
    const chunk = this.buffer;
    this.buffer = '';
    if (!process.stdout.write(chunk)) {
      await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
    }
  }
}

/**
 * Answers `DATE N UNIT` triples from stdin, one a line (blank lines skipped), one output line for each: the due
 * date, `calendar missing`, or `invalid` (with the reason and line number on stderr; the command then exits 2).
 * Reads line by line, so a stream of any length runs in bounded memory.
 */
async function answerStream(calendar: WorkingCalendar): Promise<void> {
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  const output = new LineWriter();
  let lineNumber = 0;
  let invalidLines = 0;
  for await (const line of input) {
    lineNumber += 1;
    const text = line.trim();
    if (text === '') {
      continue;
    }
    const fields = text.split(/\s+/);
    const query =
      fields.length === 3
        ? parseDueQuery(fields[0] ?? '', fields[1] ?? '', fields[2] ?? '')
        : { problem: `须为 DATE N UNIT 三项 / expected DATE N UNIT, got ${fields.length} fields` };
    if ('problem' in query) {
      invalidLines += 1;
      await output.write('invalid');
      process.stderr.write(`zhengming: line ${lineNumber}: ${visibleLines(query.problem)}\n`);
      continue;
    }
    await output.write(formatDue(computeDeadline(calendar, query.from, query.count, query.unit)));
  }
  await output.flush();
  if (invalidLines > 0) {
    throw new UsageError(`${invalidLines} 行无效 / invalid line(s): ${invalidLines}`);
  }
}

/** `zhengming calendar due [DATE N UNIT]`: the due date of a period, or of each line of stdin. */
export async function runCalendarDue(args: readonly (string | undefined)[]): Promise<void> {
  const given = args.filter((arg): arg is string => arg !== undefined);
  if (given.length === 0) {
    await answerStream(await loadDueCalendar(cliConfig()));
    return;
  }
  if (given.length !== 3) {
    throw new UsageError(
      'calendar due: 须给出 DATE N UNIT 三项，或不给参数从标准输入读取 / give DATE N UNIT, or none to read stdin',
    );
  }
  const query = parseDueQuery(given[0] ?? '', given[1] ?? '', given[2] ?? '');
  if ('problem' in query) {
    throw new UsageError(query.problem);
  }
  const calendar = await loadDueCalendar(cliConfig());
  print(formatDue(computeDeadline(calendar, query.from, query.count, query.unit)));
}
