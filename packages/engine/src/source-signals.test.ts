import { describe, expect, it } from 'vitest';

import { formatDay } from './calendar-day.js';
import { findDenseWindows, nearestInWindow } from './find-dense-windows.js';
import type { LinkageKind } from './linkage-keys.js';
import { groupReporters } from './reporter-groups.js';
import { MAX_RELATED_IDS, NONE, type ScreeningRecord } from './screening-record.js';
import { SIGNAL_TABLE, type ScoredFlag } from './signal-table.js';
import { findRepeatReporters, findSameSource } from './source-signals.js';
import { SubjectRegistry } from './subject-registry.js';

// The rules as first written (one list per linkage value and per reporter × subject): the flat-array
// versions must give the same flags in the same order.
const KIND_NAMES: Readonly<Record<LinkageKind, string>> = {
  phone: '联系电话',
  idNumber: '身份证号',
  address: '门牌地址',
  ip: 'IP地址',
  deviceId: '设备标识',
};
const REPEAT_REPORTER_DAYS = 180;
const REPEAT_REPORTER_COUNT = 3;

function flag(code: ScoredFlag['code'], message: string, relatedIds: string[]): ScoredFlag {
  const rule = SIGNAL_TABLE[code];
  return { code, severity: rule.severity, points: rule.points, message, relatedIds };
}

function referenceSameSource(records: readonly ScreeningRecord[], flags: ScoredFlag[][]): void {
  const postings = new Map<number, number[]>();
  for (const record of records) {
    for (const value of record.linkage) {
      const list = postings.get(value);
      if (list === undefined) {
        postings.set(value, [record.index]);
      } else {
        list.push(record.index);
      }
    }
  }
  for (const record of records) {
    if (record.linkage.length === 0) {
      continue;
    }
    const others = new Set<number>();
    const kinds = new Set<LinkageKind>();
    record.linkage.forEach((value, position) => {
      for (const index of postings.get(value) ?? []) {
        if (index === record.index) {
          continue;
        }
        const other = records[index];
        if (other === undefined) {
          continue;
        }
        if (record.isAnonymous) {
          others.add(index);
          kinds.add(record.linkageKinds[position] ?? 'phone');
        } else if (!other.isAnonymous && record.name !== null && other.name !== null && other.name !== record.name) {
          others.add(index);
          kinds.add(record.linkageKinds[position] ?? 'phone');
        }
      }
    });
    if (others.size === 0) {
      continue;
    }
    const what = [...kinds].map((kind) => KIND_NAMES[kind]).join('、');
    if (record.isAnonymous) {
      flags[record.index]?.push(
        flag(
          'SAME_SOURCE',
          `来源相同：本件所留${what}与本批另外${others.size}件举报相同。本件为匿名举报，不列出关联件编号；如需查明，须在经批准的倒查追责事项中进行。`,
          [],
        ),
      );
      continue;
    }
    const related = [...others]
      .sort((a, b) => a - b)
      .slice(0, MAX_RELATED_IDS)
      .map((index) => records[index]?.id ?? '');
    flags[record.index]?.push(
      flag(
        'SAME_SOURCE',
        `来源相同：本件所留${what}与另外${others.size}件署名不同的举报相同（仅比对联系信息，不显示具体内容），请人工核实是否为同一来源。`,
        related,
      ),
    );
  }
}

function referenceRepeatReporters(
  records: readonly ScreeningRecord[],
  groups: Int32Array,
  subjects: SubjectRegistry,
  flags: ScoredFlag[][],
): void {
  // Key: reporter group × 2²⁴ + subject (both below 2²⁴ in any batch this engine can hold).
  const lists = new Map<number, number[]>();
  for (const record of records) {
    const group = groups[record.index] ?? -1;
    if (group < 0) {
      continue;
    }
    for (const subject of new Set(record.subjects.map((id) => subjects.canonicalOf(id)))) {
      const key = group * 0x1000000 + subject;
      const list = lists.get(key);
      if (list === undefined) {
        lists.set(key, [record.index]);
      } else {
        list.push(record.index);
      }
    }
  }
  for (const [key, list] of lists) {
    if (list.length < REPEAT_REPORTER_COUNT) {
      continue;
    }
    const subject = key % 0x1000000;
    const day = (index: number): number => records[index]?.day ?? 0;
    list.sort((a, b) => day(a) - day(b) || a - b);
    const windows = findDenseWindows(list.map(day), REPEAT_REPORTER_DAYS, REPEAT_REPORTER_COUNT);
    windows.forEach((window, position) => {
      if (window === null) {
        return;
      }
      const [start, end] = window;
      const index = list[position] ?? 0;
      const from = records[list[start] ?? 0]?.receivedAt ?? 0;
      const to = records[list[end] ?? 0]?.receivedAt ?? 0;
      flags[index]?.push(
        flag(
          'REPEAT_REPORTER',
          `同一举报人（按署名或联系信息关联）在${REPEAT_REPORTER_DAYS}天内反映${subjects.label(subject).name}共${end - start + 1}件（${formatDay(from)}至${formatDay(to)}）。重复反映本身不说明内容不实，仅供参考。`,
          nearestInWindow(position, start, end, MAX_RELATED_IDS).map((at) => records[list[at] ?? 0]?.id ?? ''),
        ),
      );
    });
  }
}

const KINDS: readonly LinkageKind[] = ['phone', 'idNumber', 'address', 'ip', 'deviceId'];

function randomBatch(seed: number, count: number): { records: ScreeningRecord[]; subjects: SubjectRegistry } {
  let state = seed;
  const next = (limit: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % limit;
  };
  const subjects = new SubjectRegistry();
  const records: ScreeningRecord[] = [];
  for (let index = 0; index < count; index += 1) {
    const linkage = [...new Set(Array.from({ length: next(3) }, () => next(count >> 2)))];
    const subjectIds = Array.from({ length: 1 + next(3) }, () => {
      const name = `对象${next(6)}`;
      return subjects.intern(
        next(4) === 0 ? { name, isCandidate: false } : { name, unit: `单位${next(2)}`, isCandidate: false },
      );
    });
    const day = next(400);
    records.push({
      id: `R${index}`,
      index,
      receivedAt: day * 86_400_000,
      day,
      isAnonymous: next(6) === 0,
      channel: 'letter',
      name: next(5) === 0 ? null : `名${next(count >> 3)}`,
      linkage,
      linkageKinds: linkage.map((value) => KINDS[value % KINDS.length] ?? 'phone'),
      subjects: subjectIds,
      candidateSubjects: NONE,
      cosignerCount: 0,
      deniedCosigners: 0,
      conclusion: null,
      finding: null,
      concludedAt: null,
      evidence: null,
      pressure: null,
    });
  }
  return { records, subjects };
}

describe('findSameSource and findRepeatReporters', () => {
  it('give the flags of the list-per-key versions, in the same order', () => {
    let flagged = 0;
    const codes = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { records, subjects } = randomBatch(seed, 400 + seed * 150);
      const groups = groupReporters(records);
      const expected: ScoredFlag[][] = records.map(() => []);
      referenceSameSource(records, expected);
      referenceRepeatReporters(records, groups, subjects, expected);
      const actual: ScoredFlag[][] = records.map(() => []);
      findSameSource(records, actual);
      findRepeatReporters(records, groups, subjects, actual);
      expect(actual).toEqual(expected);
      flagged += expected.filter((own) => own.length > 1).length;
      expected.flat().forEach((scored) => codes.add(scored.code));
    }
    expect(flagged).toBeGreaterThan(100);
    expect([...codes].sort()).toEqual(['REPEAT_REPORTER', 'SAME_SOURCE']);
  });
});
