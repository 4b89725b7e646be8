/** China Standard Time: every zone-less date or date-time in a screening input is read in +08:00. */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Days between Excel's serial-date epoch (1899-12-30, after its 1900 leap-year bug) and 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;

const ISO_PATTERN =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const SLASH_PATTERN = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const CHINESE_PATTERN = /^(\d{4})年(\d{1,2})月(\d{1,2})日?(?:\s*(\d{1,2})[:：时](\d{2})(?:[:：分](\d{2})秒?)?分?)?$/;

export type DateParseResult = { ok: true; epochMs: number } | { ok: false; reason: string };

/**
 * Parses a date or date-time as the batch contract reads it: ISO-8601 with or without a zone (no zone
 * means +08:00), a date alone (midnight +08:00), `2024/3/5 14:00` and `2024年3月5日` as spreadsheets
 * hold them. Calendar-invalid dates (2月30日) are rejected rather than rolled over.
 */
export function parseDateText(raw: string): DateParseResult {
  const text = raw.trim();
  const fields = commonFormFields(text) ?? matchedFields(text);
  if (fields === null) {
    return {
      ok: false,
      reason: `无法识别的日期时间“${truncate(text)}”（应为 ISO-8601，如 2024-03-05T09:30:00+08:00）`,
    };
  }
  const { year, month, day, hour, minute, second, millis, zone } = fields;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: `日期“${truncate(text)}”不存在` };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, reason: `时间“${truncate(text)}”无效` };
  }
  const offset = zone === undefined ? OFFSET_MS : zoneOffsetMs(zone);
  if (offset === undefined) {
    return { ok: false, reason: `时区“${zone ?? ''}”无效` };
  }
  return { ok: true, epochMs: Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset };
}

/** A date-time's fields as written; `zone` is absent when none is written. */
interface DateFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
  zone: string | undefined;
}

function matchedFields(text: string): DateFields | null {
  const match = ISO_PATTERN.exec(text) ?? SLASH_PATTERN.exec(text) ?? CHINESE_PATTERN.exec(text);
  if (match === null) {
    return null;
  }
  const fraction = match[7];
  return {
    year: Number(match[1] ?? 0),
    month: Number(match[2] ?? 0),
    day: Number(match[3] ?? 0),
    hour: Number(match[4] ?? 0),
    minute: Number(match[5] ?? 0),
    second: Number(match[6] ?? 0),
    millis: fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000),
    zone: match[8],
  };
}

/**
 * The fields of the commonest form, `2024-03-05T09:30:00+08:00`, read without regular expressions
 * (JSONL rows are parsed twice, a million at a time); null for any other form, which the patterns
 * read. What it reads, `ISO_PATTERN` reads the same way.
 */
function commonFormFields(text: string): DateFields | null {
  if (text.length !== 25 || text.charCodeAt(10) !== 0x54 /* T */) {
    return null;
  }
  for (let at = 0; at < 25; at += 1) {
    const code = text.charCodeAt(at);
    const isDigit = code >= 0x30 && code <= 0x39;
    const expected = COMMON_FORM_SHAPE[at];
    if (expected === 'd' ? !isDigit : expected === '±' ? code !== 0x2b && code !== 0x2d : text[at] !== expected) {
      return null;
    }
  }
  return {
    year: digitsAt(text, 0, 4),
    month: digitsAt(text, 5, 2),
    day: digitsAt(text, 8, 2),
    hour: digitsAt(text, 11, 2),
    minute: digitsAt(text, 14, 2),
    second: digitsAt(text, 17, 2),
    millis: 0,
    zone: text.slice(19),
  };
}

/** `d` a digit, `±` a sign, anything else itself. */
const COMMON_FORM_SHAPE = 'dddd-dd-ddTdd:dd:dd±dd:dd';

function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let at = start; at < start + count; at += 1) {
    value = value * 10 + (text.charCodeAt(at) - 0x30);
  }
  return value;
}

/** An Excel serial date (days since 1899-12-30, fraction = time of day) read as +08:00 wall-clock time. */
export function excelSerialToEpochMs(serial: number): number {
  return Math.round((serial - EXCEL_EPOCH_DAYS) * DAY_MS) - OFFSET_MS;
}

/**
 * A Date that a spreadsheet reader produced from a date cell. Excel stores wall-clock time without a zone and
 * exceljs presents it as if it were UTC, so the UTC fields are the +08:00 wall-clock fields.
 */
export function spreadsheetDateToEpochMs(date: Date): number {
  return date.getTime() - OFFSET_MS;
}

/** Whether a number is plausibly an Excel serial date (1900-01-01 … 9999-12-31). */
export function isExcelSerial(value: number): boolean {
  return Number.isFinite(value) && value >= 1 && value < 2958466;
}

/** Formats epoch milliseconds as ISO-8601 in +08:00, e.g. 2024-03-05T09:30:00+08:00. */
export function formatChinaTime(epochMs: number): string {
  const shifted = new Date(epochMs + OFFSET_MS).toISOString(); // 2024-03-05T09:30:00.000Z
  const millis = shifted.slice(19, 23);
  return `${shifted.slice(0, 19)}${millis === '.000' ? '' : millis}+08:00`;
}

/** The +08:00 calendar date of an instant, e.g. 2024-03-05. */
export function formatChinaDate(epochMs: number): string {
  return new Date(epochMs + OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether a date text names a day only (no time), so a period ending on it runs to the end of that day. */
export function isDateOnly(raw: string): boolean {
  const text = raw.trim();
  return /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(text) || /^\d{4}年\d{1,2}月\d{1,2}日?$/.test(text);
}

export const ONE_DAY_MS = DAY_MS;

function zoneOffsetMs(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') {
    return 0;
  }
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (match === null) {
    return undefined;
  }
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? 0);
  if (hours > 14 || minutes > 59) {
    return undefined;
  }
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60 * 1000;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  // Date.UTC reads years 0–99 as 1900–1999: ask it for those, count the others (proleptic Gregorian, as Date).
  if (year < 100) {
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
  }
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && isLeap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
