import { fail, parseComplaintRecord, parseYesNo, type RowResult } from './complaint-row.js';
import { excelSerialToEpochMs, formatChinaTime, isExcelSerial, spreadsheetDateToEpochMs } from './dates.js';

/** The columns of a CSV or XLSX input (docs/SCREENING.md), each with the header names accepted for it. */
export const TABLE_COLUMNS = {
  id: ['编号', '举报编号', '件号', '信访编号'],
  receivedAt: ['收件时间', '收件日期', '收到时间', '登记时间'],
  channel: ['渠道', '来源渠道', '举报方式', '反映方式'],
  anonymous: ['是否匿名', '匿名'],
  reporterName: ['举报人', '举报人姓名', '检举控告人'],
  reporterUnit: ['工作单位', '举报人单位', '举报人工作单位'],
  reporterIdNumber: ['身份证号', '身份证号码', '举报人身份证号'],
  reporterPhone: ['联系电话', '电话', '手机', '手机号', '举报人电话'],
  reporterAddress: ['地址', '住址', '联系地址', '举报人地址'],
  reporterIp: ['ip', 'ip地址'],
  reporterDeviceId: ['设备号', '设备标识'],
  subjectName: ['被反映人', '被举报人', '被反映人姓名'],
  subjectUnit: ['单位', '被反映人单位', '所在单位'],
  subjectPosition: ['职务', '被反映人职务'],
  subjectCandidate: ['是否候选人', '候选人'],
  cosigners: ['联名人'],
  text: ['内容', '举报内容', '反映内容', '正文', '主要内容'],
  conclusion: ['结论', '办理结论'],
  finding: ['认定'],
  concludedAt: ['办结时间', '办结日期'],
} as const;

export type TableColumn = keyof typeof TABLE_COLUMNS;
/** A cell as a reader hands it over: CSV gives text; XLSX also numbers, booleans and dates. */
export type CellValue = string | number | boolean | Date | undefined;

/** The columns every CSV or XLSX header must name; without one of them the input is unreadable. */
export const REQUIRED_COLUMNS: readonly TableColumn[] = ['id', 'receivedAt', 'channel', 'text'];
const LIST_SEPARATOR = /[；;]/;
const DENIAL_MARK = /[（(]\s*否认\s*[)）]\s*$/;

/** Maps header cells to columns: which column each header position holds, and what could not be mapped. */
export interface HeaderMap {
  columns: (TableColumn | undefined)[];
  ignored: string[];
}

export type HeaderResult = { ok: true; header: HeaderMap } | { ok: false; reason: string };

const ALIAS_LOOKUP: ReadonlyMap<string, TableColumn> = buildAliasLookup();

function buildAliasLookup(): Map<string, TableColumn> {
  const lookup = new Map<string, TableColumn>();
  for (const [column, aliases] of Object.entries(TABLE_COLUMNS) as [TableColumn, readonly string[]][]) {
    lookup.set(normalizeHeader(column), column);
    for (const alias of aliases) {
      lookup.set(normalizeHeader(alias), column);
    }
  }
  return lookup;
}

/** Header text compared loosely: width, case and spaces ignored; `编号(id)` matches on either part. */
function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, '')
    .toLowerCase();
}

/** Reads a header row. Missing required columns or a column named twice make the whole input unreadable. */
export function mapHeader(cells: readonly CellValue[]): HeaderResult {
  const columns: (TableColumn | undefined)[] = [];
  const ignored: string[] = [];
  const seen = new Map<TableColumn, string>();
  for (const cell of cells) {
    const text = cellText(cell);
    if (text === '') {
      columns.push(undefined);
      continue;
    }
    const key = normalizeHeader(text);
    const parts = /^(.+?)\((.+)\)$/.exec(key);
    const column =
      ALIAS_LOOKUP.get(key) ??
      (parts ? (ALIAS_LOOKUP.get(parts[1] ?? '') ?? ALIAS_LOOKUP.get(parts[2] ?? '')) : undefined);
    if (column === undefined) {
      ignored.push(text);
      columns.push(undefined);
      continue;
    }
    const earlier = seen.get(column);
    if (earlier !== undefined) {
      return { ok: false, reason: `表头“${earlier}”和“${text}”都表示 ${column}，无法确定使用哪一列` };
    }
    seen.set(column, text);
    columns.push(column);
  }
  const missing = REQUIRED_COLUMNS.filter((column) => !seen.has(column));
  if (missing.length > 0) {
    const names = missing.map((column) => `${TABLE_COLUMNS[column][0]}（${column}）`).join('、');
    return { ok: false, reason: `表头缺少必需的列：${names}` };
  }
  return { ok: true, header: { columns, ignored } };
}

/** Whether every cell of a row is empty (such rows are skipped, not reported). */
export function isBlankRow(cells: readonly CellValue[]): boolean {
  return cells.every((cell) => cellText(cell) === '');
}

/**
 * Turns one CSV/XLSX row into a complaint: `；`-separated subjects (with units, positions and candidacy in
 * the same order, or one value for all) and co-signers (`（否认）` marks a denial), Excel dates in +08:00,
 * then the same validation as a JSONL row.
 */
export function parseTableRow(header: HeaderMap, cells: readonly CellValue[]): RowResult {
  const values = new Map<TableColumn, CellValue>();
  header.columns.forEach((column, index) => {
    if (column !== undefined) {
      values.set(column, cells[index]);
    }
  });
  const text = (column: TableColumn): string => cellText(values.get(column));

  const receivedAt = dateCell(values.get('receivedAt'));
  const concludedAt = dateCell(values.get('concludedAt'));

  let anonymous: boolean | undefined;
  const anonymousText = text('anonymous');
  if (anonymousText !== '') {
    anonymous = parseYesNo(anonymousText);
    if (anonymous === undefined) {
      return fail(`是否匿名“${anonymousText}”无法识别（应为 是/否）`);
    }
  }

  const subjects = readSubjects(
    text('subjectName'),
    text('subjectUnit'),
    text('subjectPosition'),
    text('subjectCandidate'),
  );
  if (!Array.isArray(subjects)) {
    return subjects;
  }
  const cosigners = splitList(text('cosigners')).map((entry) => ({
    name: entry.replace(DENIAL_MARK, '').trim(),
    denied: DENIAL_MARK.test(entry),
  }));
  if (cosigners.some((cosigner) => cosigner.name === '')) {
    return fail('联名人中有空姓名');
  }

  return parseComplaintRecord({
    id: text('id'),
    receivedAt,
    channel: text('channel'),
    anonymous,
    reporter: {
      name: text('reporterName'),
      unit: text('reporterUnit'),
      idNumber: text('reporterIdNumber'),
      phone: text('reporterPhone'),
      address: text('reporterAddress'),
      ip: text('reporterIp'),
      deviceId: text('reporterDeviceId'),
    },
    cosigners,
    subjects,
    text: text('text'),
    conclusion: text('conclusion'),
    finding: text('finding'),
    concludedAt: concludedAt === '' ? undefined : concludedAt,
  });
}

function readSubjects(
  namesText: string,
  unitsText: string,
  positionsText: string,
  candidatesText: string,
): { name: string; unit?: string; position?: string; candidate: boolean }[] | { ok: false; reason: string } {
  const names = splitList(namesText);
  const lists = { 单位: splitList(unitsText), 职务: splitList(positionsText), 是否候选人: splitList(candidatesText) };
  for (const [label, list] of Object.entries(lists)) {
    if (list.length > 1 && list.length !== names.length) {
      return fail(
        `被反映人有 ${names.length} 个，但${label}有 ${list.length} 个（用“；”分隔，顺序一致，或只填一个适用于全部）`,
      );
    }
  }
  const subjects: { name: string; unit?: string; position?: string; candidate: boolean }[] = [];
  for (const [index, name] of names.entries()) {
    const pick = (list: string[]): string | undefined => (list.length === 1 ? list[0] : list[index]);
    const unit = pick(lists.单位);
    const position = pick(lists.职务);
    const candidateText = pick(lists.是否候选人);
    const candidate = candidateText === undefined || candidateText === '' ? false : parseYesNo(candidateText);
    if (candidate === undefined) {
      return fail(`是否候选人“${candidateText ?? ''}”无法识别（应为 是/否）`);
    }
    subjects.push({
      name,
      ...(unit ? { unit } : {}),
      ...(position ? { position } : {}),
      candidate,
    });
  }
  return subjects;
}

function splitList(text: string): string[] {
  if (text === '') {
    return [];
  }
  return text
    .split(LIST_SEPARATOR)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** A date cell as ISO text in +08:00 (Date cells and Excel serial numbers), or the cell's own text. */
function dateCell(value: CellValue): string {
  if (value instanceof Date) {
    return formatChinaTime(spreadsheetDateToEpochMs(value));
  }
  if (typeof value === 'number' && isExcelSerial(value)) {
    return formatChinaTime(excelSerialToEpochMs(value));
  }
  const text = cellText(value);
  // CSV exports of spreadsheets sometimes carry the serial number as text.
  if (/^\d{4,6}(\.\d+)?$/.test(text) && isExcelSerial(Number(text))) {
    return formatChinaTime(excelSerialToEpochMs(Number(text)));
  }
  return text;
}

/** The text of a cell, trimmed; numbers without exponent notation (phone numbers stored as numbers). */
export function cellText(value: CellValue): string {
  if (value === undefined) {
    return '';
  }
  if (typeof value === 'string') {
    return value.trim();
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? value.toFixed(0) : String(value);
  }
  if (typeof value === 'boolean') {
    return value ? '是' : '否';
  }
  return formatChinaTime(spreadsheetDateToEpochMs(value));
}
