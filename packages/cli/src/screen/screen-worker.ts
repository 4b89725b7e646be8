/**
 * A worker thread of `zhengming screen` on JSONL: decodes and parses chunks of whole lines, and counts
 * document frequency (pass 1) or prepares the valid complaints for the batch (pass 2). The main thread
 * consumes the replies in chunk order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  createBatchScreener,
  createBoilerplateBuilder,
  type BatchScreener,
  type ScreeningComplaint,
} from '@zhengming/engine';
import { readJsonlText } from './read-jsonl.js';
import type { BadRow } from './screen-output.js';
import {
  boilerplateBuilderOptions,
  transferablesOf,
  type ByteChunk,
  type CountReply,
  type PrepareReply,
  type ScreenWorkerData,
  type ScreenWorkerReply,
  type ScreenWorkerRequest,
} from './screen-worker-protocol.js';

const port = parentPort;
if (port === null) {
  throw new Error('screen-worker: not started as a worker thread');
}
const data = workerData as ScreenWorkerData;
let screener: BatchScreener | null = null;

function decode(chunk: ByteChunk): string {
  return new TextDecoder(data.encoding, { ignoreBOM: !chunk.isFirst }).decode(chunk.bytes);
}

function count(chunk: ByteChunk, startLevel: number): CountReply {
  const builder = createBoilerplateBuilder(boilerplateBuilderOptions(data.boilerplatePhrases, startLevel));
  const badRows: BadRow[] = [];
  let rows = 0;
  let jsonErrors = 0;
  let attachmentRows = 0;
  const lines = readJsonlText(decode(chunk), 0, (row) => {
    rows += 1;
    if (!row.result.ok) {
      badRows.push({ line: row.line, reason: row.result.reason });
      jsonErrors += row.result.reason.startsWith('不是有效的 JSON') ? 1 : 0;
      return;
    }
    attachmentRows += row.result.attachmentCount > 0 ? 1 : 0;
    builder.observe(row.result.complaint.text);
  });
  return {
    kind: 'counted',
    sequence: chunk.sequence,
    lines,
    rows,
    badRows,
    jsonErrors,
    attachmentRows,
    sample: builder.exportSample(),
  };
}

function prepare(chunk: ByteChunk): PrepareReply {
  if (screener === null) {
    throw new Error('screen-worker: prepare before freeze');
  }
  const complaints: ScreeningComplaint[] = [];
  const rowLines: number[] = [];
  let rows = 0;
  const lines = readJsonlText(decode(chunk), 0, (row) => {
    rows += 1;
    if (row.result.ok) {
      complaints.push(row.result.complaint);
      rowLines.push(row.line);
    }
  });
  return {
    kind: 'prepared',
    sequence: chunk.sequence,
    lines,
    rows,
    prepared: screener.prepare(complaints),
    rowLines: Uint32Array.from(rowLines),
  };
}

port.on('message', (request: ScreenWorkerRequest) => {
  if (request.kind === 'freeze') {
    // Only `prepare` is used: the options that matter to it are the snapshot and online ids.
    screener = createBatchScreener({
      boilerplateSnapshot: request.snapshot,
      withOnlineIds: data.withOnlineIds,
      linkageKey: data.linkageKey,
      ...(data.boilerplatePhrases === undefined ? {} : { boilerplatePhrases: data.boilerplatePhrases }),
    });
    return;
  }
  let reply: ScreenWorkerReply;
  try {
    reply = request.kind === 'count' ? count(request, request.startLevel) : prepare(request);
  } catch (error) {
    reply = {
      kind: 'failed',
      sequence: request.sequence,
      message: error instanceof Error ? error.message : String(error),
    };
  }
  if (reply.kind === 'counted') {
    const { sample } = reply;
    port.postMessage(reply, transferablesOf([sample.hashes, sample.ends, sample.shingles]));
  } else if (reply.kind === 'prepared') {
    const { prepared } = reply;
    port.postMessage(
      reply,
      transferablesOf([
        prepared.rows,
        prepared.times,
        prepared.bands,
        prepared.shingles,
        prepared.texts,
        prepared.items,
        prepared.hashes,
        reply.rowLines,
      ]),
    );
  } else {
    port.postMessage(reply);
  }
});
