import { fail, parseComplaintRecord } from './complaint-row.js';
import { readTextChunks, type ByteCounter, type InputRow, type TextEncoding } from './input-file.js';

/**
 * Streams a JSONL file: one complaint object per line, blank lines skipped, each line validated on its own
 * so that one broken line is a bad row and not a broken run. Yields one batch per chunk read.
 */
export async function* readJsonlRows(
  inputPath: string,
  encoding: TextEncoding,
  counter?: ByteCounter,
): AsyncGenerator<InputRow[]> {
  let line = 0;
  for await (const chunk of readTextChunks(inputPath, encoding, counter)) {
    const batch: InputRow[] = [];
    line += readJsonlText(chunk, line, (row) => batch.push(row));
    yield batch;
  }
}

/**
 * Reads the rows of a piece of JSONL text made of whole lines (the last one may lack its line break):
 * `visit` gets each non-blank line, numbered from `lineBefore + 1`. Returns the number of lines, blank
 * ones included, so that pieces read apart (worker threads) number their lines as one file.
 */
export function readJsonlText(text: string, lineBefore: number, visit: (row: InputRow) => void): number {
  let line = lineBefore;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) {
      end = text.length;
    }
    line += 1;
    const lineText = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
    if (lineText.trim() === '') {
      continue;
    }
    let record: unknown;
    try {
      record = JSON.parse(lineText);
    } catch (error) {
      visit({ line, result: fail(`不是有效的 JSON（${jsonErrorHint(error)}）`) });
      continue;
    }
    visit({ line, result: parseComplaintRecord(record) });
  }
  return line - lineBefore;
}

/**
 * Where the JSON broke, without quoting the line: V8's messages include a snippet of the input, which could
 * carry a reporter's identity into the report.
 */
function jsonErrorHint(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /position (\d+)/.exec(message);
  if (position !== null) {
    return `第 ${position[1]} 个字符处有误`;
  }
  return /end of (JSON )?input/i.test(message) ? '内容不完整' : '语法错误';
}
