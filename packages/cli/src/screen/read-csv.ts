import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { fail } from './complaint-row.js';
import {
  readTextChunks,
  UnreadableInputError,
  type ByteCounter,
  type InputRow,
  type TextEncoding,
} from './input-file.js';
import { isBlankRow, mapHeader, parseTableRow, type HeaderMap } from './table-row.js';

const BATCH_SIZE = 2_000;

interface ParsedRecord {
  record: string[];
  info: { lines: number };
  raw: string;
}

/** Callbacks a reader uses to tell the command about the header once it has read it. */
export interface HeaderListener {
  onHeader?(header: HeaderMap): void;
}

/**
 * Streams a CSV (or tab-separated) file with a header row of contract column names or their Chinese aliases.
 * A malformed record (a stray quote) becomes a bad row at its line; parsing resumes after it.
 */
export async function* readCsvRows(
  inputPath: string,
  encoding: TextEncoding,
  listener: HeaderListener = {},
  counter?: ByteCounter,
): AsyncGenerator<InputRow[]> {
  const delimiter = await sniffDelimiter(inputPath, encoding);
  let batch: InputRow[] = [];
  const skipped: InputRow[] = [];
  const parser = parse({
    bom: true,
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined) => {
      skipped.push({
        line: typeof error?.lines === 'number' ? error.lines : 0,
        result: fail(`CSV 格式错误：${describeCsvError(error)}`),
      });
      return undefined;
    },
  });
  const source = Readable.from(readTextChunks(inputPath, encoding, counter));
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  let header: HeaderMap | undefined;
  for await (const item of parser as AsyncIterable<ParsedRecord>) {
    if (skipped.length > 0) {
      batch.push(...skipped.splice(0));
    }
    const line = startLine(item);
    if (header === undefined) {
      if (isBlankRow(item.record)) {
        continue;
      }
      const mapped = mapHeader(item.record);
      if (!mapped.ok) {
        parser.destroy();
        throw new UnreadableInputError(`CSV 第 ${line} 行（表头）：${mapped.reason}`);
      }
      header = mapped.header;
      listener.onHeader?.(header);
      continue;
    }
    if (isBlankRow(item.record)) {
      continue;
    }
    batch.push({ line, result: parseTableRow(header, item.record) });
    if (batch.length >= BATCH_SIZE) {
      yield batch;
      batch = [];
    }
  }
  batch.push(...skipped.splice(0));
  if (header === undefined) {
    throw new UnreadableInputError('CSV 文件为空或没有表头');
  }
  if (batch.length > 0) {
    yield batch;
  }
}

/** The line a record starts on: csv-parse reports where it ends; quoted fields may span lines. */
function startLine(item: ParsedRecord): number {
  const raw = item.raw.trimStart().replace(/\r?\n$/, '');
  let breaks = 0;
  for (let index = raw.indexOf('\n'); index !== -1; index = raw.indexOf('\n', index + 1)) {
    breaks += 1;
  }
  return item.info.lines - breaks;
}

/** Tab-separated when the header line has more tabs than commas (some systems export “CSV” with tabs). */
async function sniffDelimiter(inputPath: string, encoding: TextEncoding): Promise<string> {
  if (inputPath.toLowerCase().endsWith('.tsv')) {
    return '\t';
  }
  for await (const chunk of readTextChunks(inputPath, encoding)) {
    const firstLine = chunk.slice(0, chunk.indexOf('\n') === -1 ? chunk.length : chunk.indexOf('\n'));
    const tabs = firstLine.split('\t').length;
    const commas = firstLine.split(',').length;
    return tabs > commas ? '\t' : ',';
  }
  return ',';
}

/** A Chinese reason for a CSV syntax error, without quoting the record (it may hold identity data). */
function describeCsvError(error: CsvError | undefined): string {
  const code: string = error?.code ?? '';
  const reasons: Record<string, string> = {
    CSV_INVALID_CLOSING_QUOTE: '引号后紧跟了其他字符（字段中的引号应写成两个双引号 ""）',
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: '引号后紧跟了其他字符（字段中的引号应写成两个双引号 ""）',
    CSV_QUOTE_NOT_CLOSED: '引号未闭合，文件在该字段内结束',
    CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: '列数与表头不一致',
    CSV_RECORD_INCONSISTENT_COLUMNS: '列数与表头不一致',
    CSV_MAX_RECORD_SIZE: '记录过长',
  };
  return reasons[code] ?? (code === '' ? '无法解析该记录' : `无法解析该记录（${code}）`);
}
