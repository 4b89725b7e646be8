import {
  createBatchScreener,
  createBoilerplateBuilder,
  type BatchScreener,
  type ScreeningOptions,
} from '@zhengming/engine';
import { UnreadableInputError, type ByteCounter, type InputRow, type TextEncoding } from './input-file.js';
import type { ProgressLine } from './progress.js';
import type { BadRow } from './screen-output.js';
import { ScreenWorkerPool, forEachReplyInOrder } from './screen-worker-pool.js';
import { boilerplateBuilderOptions, type ScreenWorkerReply } from './screen-worker-protocol.js';

/** What the two passes leave for `finish`: the filled screener, the bad rows so far and the counts. */
export interface PassesResult {
  screener: BatchScreener;
  badRows: BadRow[];
  rows: number;
  attachmentRows: number;
}

/** The input as the passes see it. */
export interface PassInput {
  format: 'jsonl' | 'csv' | 'xlsx';
  encoding: TextEncoding;
  sizeBytes: number;
}

/** Bytes per chunk handed to a worker (about 3,000 complaints of the benchmark corpus). */
const CHUNK_BYTES = 1024 * 1024;
/** Chunks sent and not yet consumed, per worker: keeps both busy while memory stays bounded. */
const IN_FLIGHT_PER_WORKER = 4;

/**
 * Both passes on the calling thread, over rows read by any reader (JSONL, CSV, XLSX): pass 1 validates
 * and `observe`s every valid text, pass 2 `add`s every valid row.
 */
export async function screenInOneThread(
  inputPath: string,
  input: PassInput,
  options: ScreeningOptions,
  progress: ProgressLine,
  readRows: (counter: ByteCounter) => AsyncIterable<InputRow[]>,
): Promise<PassesResult> {
  const screener = createBatchScreener(options);
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
  checkSomeJson(inputPath, input, rows, jsonErrors, progress);

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
        badRows.push({ line: row.line, reason: describeRejection(added.reason) });
      }
    }
    progress.update(readInPass2, secondCounter.bytesRead / Math.max(input.sizeBytes, 1));
  }
  return { screener, badRows, rows, attachmentRows };
}

/**
 * Both passes of a JSONL input with worker threads: the main thread reads chunks of whole lines and
 * hands them to the workers, which parse and validate them and count document frequency (pass 1) or
 * prepare the valid complaints (pass 2); the main thread merges the frequency samples and adds the
 * prepared complaints strictly in chunk order. The result is the same as `screenInOneThread`'s.
 */
export async function screenJsonlInWorkers(
  inputPath: string,
  input: PassInput,
  options: ScreeningOptions,
  progress: ProgressLine,
  threads: number,
): Promise<PassesResult> {
  const pool = new ScreenWorkerPool(threads, {
    encoding: input.encoding,
    ...(options.boilerplatePhrases === undefined ? {} : { boilerplatePhrases: options.boilerplatePhrases }),
    withOnlineIds: options.withOnlineIds ?? false,
    linkageKey: options.linkageKey,
  });
  const chunking = { chunkBytes: CHUNK_BYTES, maxInFlight: IN_FLIGHT_PER_WORKER * pool.size };
  try {
    const builder = createBoilerplateBuilder(boilerplateBuilderOptions(options.boilerplatePhrases));
    const badRows: BadRow[] = [];
    let rows = 0;
    let attachmentRows = 0;
    let jsonErrors = 0;
    let lines = 0;
    let bytesDone = 0;
    progress.startPhase('第 1 遍（校验、统计常用语）');
    await forEachReplyInOrder(
      pool,
      inputPath,
      chunking,
      // The merged sample's level so far is a lower bound of the final one: texts below it are skipped.
      (chunk) => ({ kind: 'count', ...chunk, startLevel: builder.sampleLevel }),
      (reply, bytes) => {
        const counted = expectReply(reply, 'counted');
        for (const bad of counted.badRows) {
          badRows.push({ line: lines + bad.line, reason: bad.reason });
        }
        builder.mergeSample(counted.sample);
        lines += counted.lines;
        rows += counted.rows;
        jsonErrors += counted.jsonErrors;
        attachmentRows += counted.attachmentRows;
        bytesDone += bytes;
        progress.update(rows, bytesDone / Math.max(input.sizeBytes, 1));
      },
    );
    checkSomeJson(inputPath, input, rows, jsonErrors, progress);

    const snapshot = builder.freeze();
    const screener = createBatchScreener({ ...options, boilerplateSnapshot: snapshot });
    pool.broadcast({ kind: 'freeze', snapshot });
    lines = 0;
    bytesDone = 0;
    let readInPass2 = 0;
    progress.startPhase('第 2 遍（甄别）');
    await forEachReplyInOrder(
      pool,
      inputPath,
      chunking,
      (chunk) => ({ kind: 'prepare', ...chunk }),
      (reply, bytes) => {
        const prepared = expectReply(reply, 'prepared');
        screener.addPrepared(prepared.prepared).forEach((added, position) => {
          if (added.kind === 'rejected') {
            badRows.push({ line: lines + (prepared.rowLines[position] ?? 0), reason: describeRejection(added.reason) });
          }
        });
        lines += prepared.lines;
        readInPass2 += prepared.rows;
        bytesDone += bytes;
        progress.update(readInPass2, bytesDone / Math.max(input.sizeBytes, 1));
      },
    );
    return { screener, badRows, rows, attachmentRows };
  } finally {
    await pool.close();
  }
}

function expectReply<K extends 'counted' | 'prepared'>(
  reply: ScreenWorkerReply,
  kind: K,
): Extract<ScreenWorkerReply, { kind: K }> {
  if (reply.kind !== kind) {
    throw new Error(`screen worker: expected a ${kind} reply, got ${reply.kind}`);
  }
  return reply as Extract<ScreenWorkerReply, { kind: K }>;
}

/** A JSONL input none of whose rows is JSON is not a JSONL file at all. */
function checkSomeJson(
  inputPath: string,
  input: PassInput,
  rows: number,
  jsonErrors: number,
  progress: ProgressLine,
): void {
  if (input.format === 'jsonl' && rows > 0 && jsonErrors === rows) {
    progress.done();
    throw new UnreadableInputError(`输入不是 JSONL：${rows} 行中没有一行是有效的 JSON（${inputPath}）`);
  }
}

/** The engine's reason for rejecting a row, in Chinese where it is a known one. */
function describeRejection(reason: string): string {
  const repeated = /^id (.*) appears more than once$/s.exec(reason);
  if (repeated !== null) {
    return `编号“${repeated[1] ?? ''}”在前面的行中已出现，本行未甄别`;
  }
  if (/receivedAt/.test(reason)) {
    return '收件时间无效，本行未甄别';
  }
  return `本行未甄别：${reason}`;
}
