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
    let start = 0;
    while (start < chunk.length) {
      let end = chunk.indexOf('\n', start);
      if (end === -1) {
        end = chunk.length;
      }
      line += 1;
      const text = chunk.slice(start, end > start && chunk.charCodeAt(end - 1) === 13 ? end - 1 : end);
      start = end + 1;
      if (text.trim() === '') {
        continue;
      }
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (error) {
        batch.push({ line, result: fail(`不是有效的 JSON（${jsonErrorHint(error)}）`) });
        continue;
      }
      batch.push({ line, result: parseComplaintRecord(record) });
    }
    yield batch;
  }
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
