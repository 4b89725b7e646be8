import fs from 'node:fs';
import path from 'node:path';
import type { RowResult } from './complaint-row.js';

/** The input formats of the batch contract. */
export type InputFormat = 'jsonl' | 'csv' | 'xlsx';
/** How a text input is encoded: UTF-8, or GB18030 (a superset of GBK) as older Chinese exports are. */
export type TextEncoding = 'utf-8' | 'gb18030';

/** One data row of the input, with its line (JSONL, CSV) or row number (XLSX) for the report. */
export interface InputRow {
  line: number;
  result: RowResult;
}

/** Counts the bytes a reader has consumed, for the progress line. */
export interface ByteCounter {
  bytesRead: number;
}

/** Raised when the input as a whole cannot be read; the command exits non-zero with its message. */
export class UnreadableInputError extends Error {
  override readonly name = 'UnreadableInputError';
}

const SNIFF_BYTES = 64 * 1024;

/** Determines the format from the extension and checks that the content can be that format. */
export async function detectInput(inputPath: string): Promise<{
  format: InputFormat;
  encoding: TextEncoding;
  sizeBytes: number;
}> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(inputPath);
  } catch {
    throw new UnreadableInputError(`输入文件不存在或无法访问：${inputPath}`);
  }
  if (!stat.isFile()) {
    throw new UnreadableInputError(`输入不是文件：${inputPath}`);
  }
  const extension = path.extname(inputPath).toLowerCase();
  const head = await readHead(inputPath);
  switch (extension) {
    case '.jsonl':
    case '.ndjson':
      return { format: 'jsonl', encoding: sniffTextEncoding(head, inputPath), sizeBytes: stat.size };
    case '.csv':
    case '.tsv':
      return { format: 'csv', encoding: sniffTextEncoding(head, inputPath), sizeBytes: stat.size };
    case '.xlsx':
      if (!(head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)) {
        throw new UnreadableInputError(`不是有效的 XLSX 文件（不是 ZIP 格式，文件可能已损坏）：${inputPath}`);
      }
      return { format: 'xlsx', encoding: 'utf-8', sizeBytes: stat.size };
    case '.xls':
      throw new UnreadableInputError(`不支持旧版 .xls 文件，请在 Excel/WPS 中另存为 .xlsx：${inputPath}`);
    default:
      throw new UnreadableInputError(
        `不支持的输入格式“${extension || '（无扩展名）'}”：输入应为 .jsonl、.csv 或 .xlsx 文件`,
      );
  }
}

async function readHead(inputPath: string): Promise<Buffer> {
  try {
    const handle = await fs.promises.open(inputPath, 'r');
    try {
      const buffer = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new UnreadableInputError(`无法读取输入文件：${inputPath}（${describeError(error)}）`);
  }
}

/**
 * UTF-8 unless the first 64 KiB are not valid UTF-8, in which case GB18030 (exports of older office
 * systems). NUL bytes mean a binary file, which no text format can be.
 */
function sniffTextEncoding(head: Buffer, inputPath: string): TextEncoding {
  if (head.includes(0)) {
    throw new UnreadableInputError(`输入不是文本文件（含二进制内容），无法按 JSONL/CSV 读取：${inputPath}`);
  }
  // A multi-byte character may be cut at the end of the sniffed block; drop up to 3 trailing bytes of it.
  let end = head.length;
  if (head.length === SNIFF_BYTES) {
    while (end > head.length - 4 && end > 0 && ((head[end - 1] ?? 0) & 0xc0) === 0x80) {
      end -= 1;
    }
    if (end > 0 && ((head[end - 1] ?? 0) & 0xc0) === 0xc0) {
      end -= 1;
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return 'utf-8';
  } catch {
    try {
      new TextDecoder('gb18030', { fatal: true }).decode(head.subarray(0, end));
      return 'gb18030';
    } catch {
      throw new UnreadableInputError(`输入既不是 UTF-8 也不是 GB18030/GBK 编码的文本，无法读取：${inputPath}`);
    }
  }
}

/**
 * Streams a text file as decoded chunks of whole lines: each yielded string ends at a line break (or the
 * end of the file), so callers split without carrying partial lines. A UTF-8 byte-order mark is dropped.
 */
export async function* readTextChunks(
  inputPath: string,
  encoding: TextEncoding,
  counter?: ByteCounter,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { ignoreBOM: false });
  const stream = fs.createReadStream(inputPath, { highWaterMark: 1024 * 1024 });
  let carry = '';
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (counter !== undefined) {
      counter.bytesRead += chunk.length;
    }
    const text = carry + decoder.decode(chunk, { stream: true });
    const lastBreak = text.lastIndexOf('\n');
    if (lastBreak === -1) {
      carry = text;
      continue;
    }
    carry = text.slice(lastBreak + 1);
    yield text.slice(0, lastBreak + 1);
  }
  const rest = carry + decoder.decode();
  if (rest !== '') {
    yield rest;
  }
}

/** A short description of an error for a message to the user. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
