import path from 'node:path';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { FinishPhase, KeyPeriod, ScreeningOptions } from '@zhengming/engine';
import { UsageError } from '../cli-errors.js';
import { detectInput, type ByteCounter, type InputFormat, type InputRow, type TextEncoding } from './input-file.js';
import { ProgressLine, type ProgressTarget } from './progress.js';
import { readCsvRows, type HeaderListener } from './read-csv.js';
import { readJsonlRows } from './read-jsonl.js';
import type { ScreenResult } from './screen-output.js';
import { screenInOneThread, screenJsonlInWorkers } from './screen-passes.js';

const FINISH_PHASE_LABELS: Record<FinishPhase, string> = {
  link: '连接相似举报',
  campaigns: '生成雷同举报群',
  signals: '计算异常提示',
  report: '整理报告',
};

/** What to screen and how: the options of `zhengming screen` after validation. */
export interface ScreenSettings {
  inputPath: string;
  threshold?: number;
  windowDays: number;
  minReporters: number;
  keyPeriods?: KeyPeriod[];
  boilerplatePhrases?: string[];
  withOnlineIds: boolean;
  /** False when the report lists no member texts (JSON): the engine then does not mask them. Default true. */
  withMemberTexts?: boolean;
}

/** The outside world of a run, passed in so tests can supply their own. */
export interface ScreenEnvironment {
  stderr: ProgressTarget;
  now: () => number;
  /** Per-run HMAC key for reporter linkage: linkage only needs to be consistent within one run. */
  createLinkageKey: () => Uint8Array;
  /**
   * Worker threads for JSONL inputs of at least `minBytes` (smaller ones are not worth starting
   * threads for). Absent or 0 threads: everything runs on the calling thread.
   */
  workers?: WorkerSettings;
}

/** How many worker threads a run may use, and from which input size. */
export interface WorkerSettings {
  threads: number;
  minBytes: number;
}

/** JSONL inputs from this size on are screened with worker threads (below it, starting them costs more). */
const WORKERS_FROM_BYTES = 8 * 1024 * 1024;

/**
 * The real process environment: stderr, the wall clock, a fresh random linkage key, and one worker
 * thread per core. `ZHENGMING_SCREEN_WORKERS` sets the number of threads for any input size (0: none),
 * for tests and for machines shared with other work.
 */
export function processEnvironment(): ScreenEnvironment {
  return {
    stderr: process.stderr,
    now: () => Date.now(),
    createLinkageKey: () => randomBytes(32),
    workers: workerSettingsOf(process.env.ZHENGMING_SCREEN_WORKERS),
  };
}

function workerSettingsOf(raw: string | undefined): WorkerSettings {
  if (raw === undefined || raw.trim() === '') {
    return { threads: Math.max(1, os.availableParallelism()), minBytes: WORKERS_FROM_BYTES };
  }
  const threads = Number(raw);
  if (!Number.isInteger(threads) || threads < 0 || threads > 64) {
    throw new UsageError(`ZHENGMING_SCREEN_WORKERS 应为 0 到 64 之间的整数（0 表示不用工作线程），而不是“${raw}”`);
  }
  return { threads, minBytes: 0 };
}

/** Worker threads for this input: only JSONL is cut into chunks (a CSV field may hold line breaks). */
function workerThreadsFor(workers: WorkerSettings | undefined, format: InputFormat, sizeBytes: number): number {
  if (workers === undefined || format !== 'jsonl' || sizeBytes < workers.minBytes) {
    return 0;
  }
  return workers.threads;
}

/**
 * Screens one input file in two streaming passes: pass 1 validates every row and feeds the texts to the
 * boilerplate document-frequency count; pass 2 adds the valid rows to the engine, which freezes the
 * snapshot first. Large JSONL inputs run both passes' parsing and per-row work in worker threads, with
 * the same result. Bad rows are collected with their line numbers; an unreadable input throws
 * `UnreadableInputError`.
 */
export async function screenInput(settings: ScreenSettings, environment: ScreenEnvironment): Promise<ScreenResult> {
  const startedAt = environment.now();
  const input = await detectInput(settings.inputPath);
  const progress = new ProgressLine(environment.stderr);
  const notices: string[] = [];
  const readRows = (counter: ByteCounter): AsyncIterable<InputRow[]> =>
    openRows(settings.inputPath, input.format, input.encoding, counter, {
      onHeader: (header) => {
        if (header.ignored.length > 0 && !notices.some((notice) => notice.startsWith('忽略'))) {
          notices.push(`忽略未识别的列：${header.ignored.join('、')}`);
        }
      },
    });
  if (input.encoding === 'gb18030') {
    notices.push('输入不是 UTF-8，已按 GB18030/GBK 编码读取');
  }

  const screenerOptions: ScreeningOptions = {
    ...(settings.threshold === undefined ? {} : { threshold: settings.threshold }),
    windowDays: settings.windowDays,
    minReporters: settings.minReporters,
    ...(settings.keyPeriods === undefined ? {} : { keyPeriods: settings.keyPeriods }),
    ...(settings.boilerplatePhrases === undefined ? {} : { boilerplatePhrases: settings.boilerplatePhrases }),
    withOnlineIds: settings.withOnlineIds,
    withMemberTexts: settings.withMemberTexts ?? true,
    linkageKey: environment.createLinkageKey(),
    onPhase: (phase) => progress.startPhase(`汇总：${FINISH_PHASE_LABELS[phase]}`),
  };
  const threads = workerThreadsFor(environment.workers, input.format, input.sizeBytes);
  const passes =
    threads > 0
      ? await screenJsonlInWorkers(settings.inputPath, input, screenerOptions, progress, threads)
      : await screenInOneThread(settings.inputPath, input, screenerOptions, progress, readRows);
  const { screener, badRows, rows, attachmentRows } = passes;
  progress.startPhase('汇总（连群、评分）');

  const report = screener.finish();
  progress.done();
  badRows.sort((a, b) => a.line - b.line);
  if (attachmentRows > 0) {
    notices.push(
      `${attachmentRows} 条举报带有附件：本次甄别未读取附件（证据特征提取尚未实现，不会给出 EVIDENCE_REUSED / EVIDENCE_ALTERED 提示）`,
    );
  } else {
    notices.push('本次甄别不读取附件（证据特征提取尚未实现）');
  }
  for (const notice of notices) {
    environment.stderr.write(`zhengming screen: ${notice}\n`);
  }
  return {
    report,
    stats: {
      rows,
      screened: report.complaints.length,
      badRows,
      seconds: Math.round((environment.now() - startedAt) / 10) / 100,
    },
    inputName: path.basename(settings.inputPath),
    generatedAt: environment.now(),
  };
}

function openRows(
  inputPath: string,
  format: InputFormat,
  encoding: TextEncoding,
  counter: ByteCounter,
  listener: HeaderListener,
): AsyncIterable<InputRow[]> {
  switch (format) {
    case 'jsonl':
      return readJsonlRows(inputPath, encoding, counter);
    case 'csv':
      return readCsvRows(inputPath, encoding, listener, counter);
    case 'xlsx':
      return readXlsxLazily(inputPath, listener);
  }
}

/** exceljs is large: load it only for an XLSX input. */
async function* readXlsxLazily(inputPath: string, listener: HeaderListener): AsyncGenerator<InputRow[]> {
  const { readXlsxRows } = await import('./read-xlsx.js');
  yield* readXlsxRows(inputPath, listener);
}
