import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createBatchScreener, type FinishPhase, type KeyPeriod } from '@zhengming/engine';
import {
  detectInput,
  UnreadableInputError,
  type ByteCounter,
  type InputFormat,
  type InputRow,
  type TextEncoding,
} from './input-file.js';
import { ProgressLine, type ProgressTarget } from './progress.js';
import { readCsvRows, type HeaderListener } from './read-csv.js';
import { readJsonlRows } from './read-jsonl.js';
import { readXlsxRows } from './read-xlsx.js';
import type { BadRow, ScreenResult } from './screen-output.js';

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
}

/** The outside world of a run, passed in so tests can supply their own. */
export interface ScreenEnvironment {
  stderr: ProgressTarget;
  now: () => number;
  /** Per-run HMAC key for reporter linkage: linkage only needs to be consistent within one run. */
  createLinkageKey: () => Uint8Array;
}

/** The real process environment: stderr, the wall clock, a fresh random linkage key. */
export function processEnvironment(): ScreenEnvironment {
  return { stderr: process.stderr, now: () => Date.now(), createLinkageKey: () => randomBytes(32) };
}

/**
 * Screens one input file in two streaming passes: pass 1 validates every row and feeds the texts to the
 * boilerplate document-frequency count; pass 2 adds the valid rows to the engine, which freezes the
 * snapshot first. Bad rows are collected with their line numbers; an unreadable input throws
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

  const screener = createBatchScreener({
    ...(settings.threshold === undefined ? {} : { threshold: settings.threshold }),
    windowDays: settings.windowDays,
    minReporters: settings.minReporters,
    ...(settings.keyPeriods === undefined ? {} : { keyPeriods: settings.keyPeriods }),
    ...(settings.boilerplatePhrases === undefined ? {} : { boilerplatePhrases: settings.boilerplatePhrases }),
    withOnlineIds: settings.withOnlineIds,
    linkageKey: environment.createLinkageKey(),
    onPhase: (phase) => progress.startPhase(`汇总：${FINISH_PHASE_LABELS[phase]}`),
  });

  // Pass 1: validate and count document frequency. Repeated ids are left to the engine (pass 2), which keeps
  // the id index anyway: a second one here would cost ~80 MB at a million rows.
  const badRows: BadRow[] = [];
  let rows = 0;
  let attachmentRows = 0;
  let jsonErrors = 0;
  const firstCounter: ByteCounter = { bytesRead: 0 };
  progress.startPhase('第 1 遍（校验、统计常用语）');
  for await (const batch of readRows(firstCounter)) {
    for (const row of batch) {
      rows += 1;
      if (!row.result.ok) {
        badRows.push({ line: row.line, reason: row.result.reason });
        jsonErrors += row.result.reason.startsWith('不是有效的 JSON') ? 1 : 0;
        continue;
      }
      attachmentRows += row.result.attachmentCount > 0 ? 1 : 0;
      screener.observe(row.result.complaint.text);
    }
    progress.update(rows, firstCounter.bytesRead / Math.max(input.sizeBytes, 1));
  }
  if (input.format === 'jsonl' && rows > 0 && jsonErrors === rows) {
    progress.done();
    throw new UnreadableInputError(`输入不是 JSONL：${rows} 行中没有一行是有效的 JSON（${settings.inputPath}）`);
  }

  // Pass 2: screen every valid row (rows rejected in pass 1 are rejected again identically).
  const secondCounter: ByteCounter = { bytesRead: 0 };
  let readInPass2 = 0;
  progress.startPhase('第 2 遍（甄别）');
  for await (const batch of readRows(secondCounter)) {
    for (const row of batch) {
      readInPass2 += 1;
      if (!row.result.ok) {
        continue;
      }
      const added = screener.add(row.result.complaint);
      if (added.kind === 'rejected') {
        badRows.push({ line: row.line, reason: describeRejection(row.result.complaint.id, added.reason) });
      }
    }
    progress.update(readInPass2, secondCounter.bytesRead / Math.max(input.sizeBytes, 1));
  }
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

/** The engine's reason for rejecting a row, in Chinese where it is a known one. */
function describeRejection(id: string, reason: string): string {
  if (/more than once/.test(reason)) {
    return `编号“${id}”在前面的行中已出现，本行未甄别`;
  }
  if (/receivedAt/.test(reason)) {
    return '收件时间无效，本行未甄别';
  }
  return `本行未甄别：${reason}`;
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
      return readXlsxRows(inputPath, listener);
  }
}
