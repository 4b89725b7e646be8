import type { Command } from 'commander';
import { DEFAULT_THRESHOLD } from '@zhengming/engine';
import { UsageError } from '../cli-errors.js';
import { describeError } from './input-file.js';
import { processEnvironment, screenInput, type ScreenSettings } from './run-screen.js';
import {
  parseNumberOption,
  readBoilerplateFile,
  readKeyPeriodsFile,
  resolveOutputFormat,
  ScreenOptionError,
  type OutputFormat,
} from './screen-settings.js';
import type { ScreenResult } from './screen-output.js';
import { REQUIRED_COLUMNS, TABLE_COLUMNS, type TableColumn } from './table-row.js';
import { writeJsonReport } from './write-json.js';

interface ScreenCommandOptions {
  out: string;
  format?: string;
  threshold?: string;
  windowDays: string;
  minReporters: string;
  keyPeriods?: string;
  boilerplate?: string;
  withOnlineIds?: boolean;
}

/** Registers `zhengming screen` (the batch contract of docs/SCREENING.md) on the CLI program. */
export function registerScreenCommand(program: Command): void {
  program
    .command('screen')
    .description('甄别一批检举控告（JSONL / CSV / XLSX），输出雷同举报群与异常提示（JSON / HTML / XLSX）')
    .argument('<input>', '输入文件：.jsonl、.csv 或 .xlsx')
    .requiredOption('--out <file>', '输出文件')
    .option('--format <format>', '输出格式：json | html | xlsx（默认按 --out 的扩展名，否则 json）')
    .option('--threshold <T>', `雷同举报群的相似度阈值（0.05–1，默认 ${DEFAULT_THRESHOLD}）`)
    .option('--window-days <days>', '两件举报收件时间相隔在此天数内才可连成一群', '30')
    .option('--min-reporters <n>', '一个雷同举报群至少需要的不同举报人数', '3')
    .option('--key-periods <file>', '换届选举等关键节点 JSON 文件：[{"name","from","to","units"?}]')
    .option('--boilerplate <file>', '常用语清单（替换内置清单）：每行一条，或 JSON 字符串数组')
    .option('--with-online-ids', '使用网络举报的 IP 与设备标识关联来源（默认不使用）')
    .addHelpText('after', describeInput())
    .action(async (input: string, options: ScreenCommandOptions) => {
      await runScreenCommand(input, options);
    });
}

/** Table columns per line of the help (a Chinese header takes two terminal cells; three fit in 80). */
const HELP_COLUMNS_PER_LINE = 3;

/**
 * The end of `screen --help`: the input formats and every CSV/XLSX column with a Chinese header (required ones
 * marked), built from TABLE_COLUMNS so that it names what the readers accept; the rest is in docs/SCREENING.md.
 */
function describeInput(): string {
  const isRequired = (column: TableColumn): boolean => REQUIRED_COLUMNS.includes(column);
  const columns = Object.keys(TABLE_COLUMNS) as TableColumn[];
  const names = [...REQUIRED_COLUMNS, ...columns.filter((column) => !isRequired(column))].map((column) => {
    const headers: readonly string[] = TABLE_COLUMNS[column];
    const chinese = headers.find((header) => /\p{Script=Han}/u.test(header)) ?? headers[0] ?? '';
    return `${column}${isRequired(column) ? '*' : ''} ${chinese}`;
  });
  const lines: string[] = [];
  for (let start = 0; start < names.length; start += HELP_COLUMNS_PER_LINE) {
    lines.push(`    ${names.slice(start, start + HELP_COLUMNS_PER_LINE).join(' · ')}`);
  }
  return [
    '',
    '输入 Input:',
    '  .jsonl         每行一个 JSON 对象：{"id","receivedAt","channel","subjects","text",…}',
    '  .csv / .xlsx   第一行为表头，每行一件；列名用英文或中文表头（* 为必需列）：',
    ...lines,
    '  渠道：来信/来访/电话/网络/转来（或 letter/visit/phone/online/referred）。',
    '  无时区的时间按 +08:00；多个被反映人、联名人用“；”分隔，否认联名者在姓名后加“（否认）”。',
    '',
    '环境变量：ZHENGMING_SCREEN_WORKERS=N 设定工作线程数（0 为不用）。',
    '完整说明（各列的全部中文表头、JSONL 字段、输出格式）：docs/SCREENING.md',
  ].join('\n');
}

/**
 * Runs the command. Bad rows do not fail it; an unreadable input (UnreadableInputError, exit 1) or a wrong
 * option (UsageError, exit 2) is thrown for the program's one error handler to report.
 */
async function runScreenCommand(input: string, options: ScreenCommandOptions): Promise<void> {
  let settings: ScreenSettings;
  let format: OutputFormat;
  try {
    format = resolveOutputFormat(options.format, options.out);
    const threshold = parseNumberOption('--threshold', options.threshold, { min: 0.05, max: 1, isInteger: false });
    settings = {
      inputPath: input,
      ...(threshold === undefined ? {} : { threshold }),
      windowDays: parseNumberOption('--window-days', options.windowDays, { min: 1, max: 3660, isInteger: true }) ?? 30,
      minReporters:
        parseNumberOption('--min-reporters', options.minReporters, { min: 2, max: 10_000, isInteger: true }) ?? 3,
      ...(options.keyPeriods === undefined ? {} : { keyPeriods: readKeyPeriodsFile(options.keyPeriods) }),
      ...(options.boilerplate === undefined ? {} : { boilerplatePhrases: readBoilerplateFile(options.boilerplate) }),
      withOnlineIds: options.withOnlineIds === true,
      // The JSON output has no member texts (the HTML and XLSX reports show them).
      withMemberTexts: format !== 'json',
    };
  } catch (error) {
    throw error instanceof ScreenOptionError ? new UsageError(`screen: ${error.message}`) : error;
  }
  const result = await screenInput(settings, processEnvironment());
  try {
    await writeReport(format, options.out, result);
  } catch (error) {
    throw new Error(`无法写入输出文件 ${options.out}：${describeError(error)}`);
  }
  const flagged = result.report.complaints.filter((complaint) => complaint.flags.length > 0).length;
  process.stderr.write(
    `zhengming screen: 读取 ${result.stats.rows} 行，甄别 ${result.stats.screened} 件，问题行 ${result.stats.badRows.length} 行；` +
      `雷同举报群 ${result.report.campaigns.length} 个，有异常提示 ${flagged} 件；用时 ${result.stats.seconds} 秒 → ${options.out}\n`,
  );
}

/** Writes the report in the chosen format (the HTML and XLSX writers, exceljs above all, load only when used). */
export async function writeReport(format: OutputFormat, outPath: string, result: ScreenResult): Promise<void> {
  switch (format) {
    case 'json':
      return writeJsonReport(outPath, result);
    case 'html': {
      const { writeHtmlReport } = await import('./write-html.js');
      return writeHtmlReport(outPath, result);
    }
    case 'xlsx': {
      const { writeXlsxReport } = await import('./write-xlsx.js');
      return writeXlsxReport(outPath, result);
    }
  }
}
