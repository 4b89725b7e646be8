import { formatDay } from './calendar-day.js';
import { findDenseWindows, nearestInWindow } from './find-dense-windows.js';
import { normalizeKeepingDigits } from './normalize-text.js';
import { MAX_RELATED_IDS, type ScreeningRecord } from './screening-record.js';
import { SIGNAL_TABLE, type ScoredFlag } from './signal-table.js';
import type { SubjectRegistry } from './subject-registry.js';
import type { KeyPeriod } from './types.js';

function flag(code: ScoredFlag['code'], message: string, relatedIds: string[]): ScoredFlag {
  const rule = SIGNAL_TABLE[code];
  return { code, severity: rule.severity, points: rule.points, message, relatedIds };
}

const PRESSURE_PATTERNS: readonly (readonly [string, RegExp])[] = [
  [
    '如果不…就…',
    /(如果|若是|若|要是|倘若|假如|假使|如若)[^。！？!?\n]{0,30}?(不|没有|没)[^。！？!?\n]{0,40}?(就|便|将|会|则)/,
  ],
  ['否则…', /否则|不然的话|要不然/],
  [
    '不…就…',
    /(不|不给|不把)[^。！？!?\n]{1,20}?(我们?|我就|就)[^。！？!?\n]{0,8}?(上访|进京|去北京|到省里|找媒体|曝光|发到网上|上网|越级)/,
  ],
];

/**
 * Which pressure-language pattern a text contains — demands tied to personal aims (如果不…就…,
 * 否则…) — or null. Ordinary aggrieved people write so too, so it is only context.
 */
export function detectPressureLanguage(text: string): string | null {
  // Cheap screen first: every pattern needs 不/没 or 否则/不然.
  if (!text.includes('不') && !text.includes('没') && !text.includes('否则')) {
    return null;
  }
  for (const [name, pattern] of PRESSURE_PATTERNS) {
    if (pattern.test(text)) {
      return name;
    }
  }
  return null;
}

/** PRESSURE_LANGUAGE flag of a record, if its text has such a pattern. */
export function findPressureLanguage(records: readonly ScreeningRecord[], flags: ScoredFlag[][]): void {
  for (const record of records) {
    if (record.pressure !== null) {
      flags[record.index]?.push(
        flag(
          'PRESSURE_LANGUAGE',
          `含有附条件要求的表述（“${record.pressure}”类）。普通反映人在诉求未解决时也常这样写，仅供参考。`,
          [],
        ),
      );
    }
  }
}

const BURST_DAYS = 7;
const BURST_COUNT = 5;
const BURST_RATIO = 3;

/**
 * VOLUME_BURST: at least five complaints against one subject within 7 calendar days, and at least
 * three times that subject's average weekly count over the whole batch period.
 */
export function findVolumeBursts(
  records: readonly ScreeningRecord[],
  subjects: SubjectRegistry,
  flags: ScoredFlag[][],
): void {
  if (records.length < BURST_COUNT) {
    return;
  }
  let firstDay = Number.POSITIVE_INFINITY;
  let lastDay = Number.NEGATIVE_INFINITY;
  const bySubject = new Map<number, number[]>();
  for (const record of records) {
    firstDay = Math.min(firstDay, record.day);
    lastDay = Math.max(lastDay, record.day);
    for (const subject of new Set(record.subjects.map((id) => subjects.canonicalOf(id)))) {
      const list = bySubject.get(subject);
      if (list === undefined) {
        bySubject.set(subject, [record.index]);
      } else {
        list.push(record.index);
      }
    }
  }
  const weeks = Math.max(1, (lastDay - firstDay + 1) / BURST_DAYS);
  const day = (index: number): number => records[index]?.day ?? 0;
  for (const [subject, list] of bySubject) {
    if (list.length < BURST_COUNT) {
      continue;
    }
    const weeklyAverage = list.length / weeks;
    list.sort((a, b) => day(a) - day(b) || a - b);
    const windows = findDenseWindows(
      list.map(day),
      BURST_DAYS,
      BURST_COUNT,
      (count) => count >= BURST_RATIO * weeklyAverage,
    );
    windows.forEach((window, position) => {
      if (window === null) {
        return;
      }
      const [start, end] = window;
      const index = list[position] ?? 0;
      const count = end - start + 1;
      const from = records[list[start] ?? 0]?.receivedAt ?? 0;
      const to = records[list[end] ?? 0]?.receivedAt ?? 0;
      flags[index]?.push(
        flag(
          'VOLUME_BURST',
          `${formatDay(from)}至${formatDay(to)}的${BURST_DAYS}天内，反映${subjects.label(subject).name}的举报共${count}件，为本批期间该对象平均每周${weeklyAverage.toFixed(1)}件的${(count / weeklyAverage).toFixed(1)}倍。`,
          nearestInWindow(position, start, end, MAX_RELATED_IDS).map((at) => records[list[at] ?? 0]?.id ?? ''),
        ),
      );
    });
  }
}

/**
 * KEY_PERIOD: a complaint against an election candidate, or received inside a configured key
 * period (limited to subjects of its units when the period names units).
 */
export function findKeyPeriods(
  records: readonly ScreeningRecord[],
  subjects: SubjectRegistry,
  periods: readonly KeyPeriod[],
  flags: ScoredFlag[][],
): void {
  const normalizedUnits = periods.map((period) =>
    period.units === undefined || period.units.length === 0
      ? null
      : new Set(period.units.map((unit) => normalizeKeepingDigits(unit))),
  );
  for (const record of records) {
    const reasons: string[] = [];
    const candidates = [...new Set(record.candidateSubjects.map((id) => subjects.label(id).name))];
    if (candidates.length > 0) {
      reasons.push(`被反映人${candidates.join('、')}为选举候选人`);
    }
    periods.forEach((period, position) => {
      if (record.receivedAt < period.from || record.receivedAt > period.to) {
        return;
      }
      const units = normalizedUnits[position];
      if (units != null && !record.subjects.some((id) => units.has(subjects.unitOf(id)))) {
        return;
      }
      reasons.push(`收件时间在关键时期“${period.name}”（${formatDay(period.from)}至${formatDay(period.to)}）内`);
    });
    if (reasons.length > 0) {
      flags[record.index]?.push(flag('KEY_PERIOD', `${reasons.join('；')}。此为背景信息，不影响办理优先级。`, []));
    }
  }
}
