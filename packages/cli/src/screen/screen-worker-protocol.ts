import {
  DEFAULT_MINHASH_PARAMS,
  type BoilerplateBuilderOptions,
  type BoilerplateSample,
  type BoilerplateSnapshot,
  type PreparedComplaints,
} from '@zhengming/engine';
import type { TextEncoding } from './input-file.js';
import type { BadRow } from './screen-output.js';

/** What every worker of a run is started with. */
export interface ScreenWorkerData {
  encoding: TextEncoding;
  boilerplatePhrases?: string[];
  withOnlineIds: boolean;
  linkageKey: Uint8Array;
}

/** A piece of the input made of whole lines (it ends at a line break, or at the end of the file). */
export interface ByteChunk {
  sequence: number;
  bytes: Uint8Array;
  /** The start of the file: a byte-order mark is dropped only here. */
  isFirst: boolean;
}

/** Messages to a worker; it answers each `count` and `prepare` with one reply, in the order received. */
export type ScreenWorkerRequest =
  | (ByteChunk & { kind: 'count'; startLevel: number })
  | { kind: 'freeze'; snapshot: BoilerplateSnapshot }
  | (ByteChunk & { kind: 'prepare' });

/** Pass 1 of a chunk: its bad rows (lines counted from 1 within the chunk) and document-frequency sample. */
export interface CountReply {
  kind: 'counted';
  sequence: number;
  lines: number;
  rows: number;
  badRows: BadRow[];
  jsonErrors: number;
  attachmentRows: number;
  sample: BoilerplateSample;
}

/** Pass 2 of a chunk: its valid complaints prepared, with each one's line within the chunk. */
export interface PrepareReply {
  kind: 'prepared';
  sequence: number;
  lines: number;
  rows: number;
  prepared: PreparedComplaints;
  rowLines: Uint32Array;
}

/** A worker could not process a chunk (a bug, not a bad row: bad rows are part of the replies). */
export interface FailedReply {
  kind: 'failed';
  sequence: number;
  message: string;
}

export type ScreenWorkerReply = CountReply | PrepareReply | FailedReply;

/**
 * The boilerplate builder options of a run: the same as `createBatchScreener` uses for its own
 * builder, so a snapshot counted here equals the one the screener would have frozen itself.
 */
export function boilerplateBuilderOptions(phrases: string[] | undefined, startLevel = 0): BoilerplateBuilderOptions {
  return { ...(phrases === undefined ? {} : { phrases }), minhash: DEFAULT_MINHASH_PARAMS, startLevel };
}

/** The buffers of typed arrays, to transfer them to another thread rather than copy them. */
export function transferablesOf(arrays: readonly ArrayBufferView[]): ArrayBuffer[] {
  return arrays.map((array) => array.buffer).filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
}
