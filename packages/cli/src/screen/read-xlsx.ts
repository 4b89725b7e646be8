import ExcelJS from 'exceljs';
import { describeError, UnreadableInputError, type InputRow } from './input-file.js';
import type { HeaderListener } from './read-csv.js';
import { isBlankRow, mapHeader, parseTableRow, type CellValue, type HeaderMap } from './table-row.js';

const BATCH_SIZE = 2_000;

/**
 * Streams the first worksheet of an XLSX file with exceljs's WorkbookReader: rows are read one by one; only
 * the shared-strings table is held in memory, as the format requires. Row numbers are the sheet's own.
 */
export async function* readXlsxRows(inputPath: string, listener: HeaderListener = {}): AsyncGenerator<InputRow[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(inputPath, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell date cells from numbers
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let header: HeaderMap | undefined;
  let batch: InputRow[] = [];
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        const cells = rowCells(row.values);
        if (isBlankRow(cells)) {
          continue;
        }
        if (header === undefined) {
          const mapped = mapHeader(cells);
          if (!mapped.ok) {
            throw new UnreadableInputError(`XLSX 第 ${row.number} 行（表头）：${mapped.reason}`);
          }
          header = mapped.header;
          listener.onHeader?.(header);
          continue;
        }
        batch.push({ line: row.number, result: parseTableRow(header, cells) });
        if (batch.length >= BATCH_SIZE) {
          yield batch;
          batch = [];
        }
      }
      break; // only the first worksheet holds complaints
    }
  } catch (error) {
    if (error instanceof UnreadableInputError) {
      throw error;
    }
    throw new UnreadableInputError(`无法读取 XLSX 文件（文件可能已损坏）：${inputPath}（${describeError(error)}）`);
  }
  if (header === undefined) {
    throw new UnreadableInputError(`XLSX 文件的第一个工作表为空或没有表头：${inputPath}`);
  }
  if (batch.length > 0) {
    yield batch;
  }
}

/** exceljs row values are 1-based and sparse; cells may be rich text, hyperlinks or formulas. */
function rowCells(values: ExcelJS.Row['values']): CellValue[] {
  if (!Array.isArray(values)) {
    return [];
  }
  const cells: CellValue[] = [];
  for (let index = 1; index < values.length; index += 1) {
    cells.push(toCellValue(values[index]));
  }
  return cells;
}

function toCellValue(value: unknown): CellValue {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) {
    return value;
  }
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      return value.richText.map((part: unknown) => (isTextPart(part) ? part.text : '')).join('');
    }
    if ('result' in value) {
      return toCellValue(value.result);
    }
    if ('text' in value) {
      return toCellValue(value.text);
    }
    if ('error' in value) {
      return undefined;
    }
  }
  return undefined;
}

function isTextPart(part: unknown): part is { text: string } {
  return typeof part === 'object' && part !== null && 'text' in part && typeof part.text === 'string';
}
