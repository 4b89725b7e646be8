import { formatDay } from './calendar-day.js';
import { findDenseWindows, nearestInWindow } from './find-dense-windows.js';
import type { LinkageKind } from './linkage-keys.js';
import { MAX_RELATED_IDS, type ScreeningRecord } from './screening-record.js';
import { SIGNAL_TABLE, type ScoredFlag } from './signal-table.js';
import type { SubjectRegistry } from './subject-registry.js';

const KIND_NAMES: Readonly<Record<LinkageKind, string>> = {
  phone: '联系电话',
  idNumber: '身份证号',
  address: '门牌地址',
  ip: 'IP地址',
  deviceId: '设备标识',
};

function flag(code: ScoredFlag['code'], message: string, relatedIds: string[]): ScoredFlag {
  const rule = SIGNAL_TABLE[code];
  return { code, severity: rule.severity, points: rule.points, message, relatedIds };
}

/**
 * SAME_SOURCE: a named complaint whose phone, ID number, house-number address or (with online ids)
 * IP/device equals that of complaints signed with a different name. Anonymous complaints are never
 * counted or listed for another complaint; an anonymous complaint's own flag gives only the count
 * of complaints sharing a source with it and lists no ids (docs/PRINCIPLES.md, principle 2).
 */
export function findSameSource(records: readonly ScreeningRecord[], flags: ScoredFlag[][]): void {
  // Postings of each linkage value (values are small dense ids) in flat arrays, complaints in index
  // order: a million complaints would otherwise cost a million small lists.
  let valueCount = 0;
  let total = 0;
  for (const record of records) {
    for (const value of record.linkage) {
      valueCount = Math.max(valueCount, value + 1);
      total += 1;
    }
  }
  const starts = new Uint32Array(valueCount + 1);
  for (const record of records) {
    for (const value of record.linkage) {
      starts[value + 1] = (starts[value + 1] ?? 0) + 1;
    }
  }
  for (let value = 0; value < valueCount; value += 1) {
    starts[value + 1] = (starts[value + 1] ?? 0) + (starts[value] ?? 0);
  }
  const filled = starts.slice(0, valueCount);
  const postings = new Uint32Array(total);
  for (const record of records) {
    for (const value of record.linkage) {
      const at = filled[value] ?? 0;
      postings[at] = record.index;
      filled[value] = at + 1;
    }
  }
  for (const record of records) {
    if (record.linkage.length === 0) {
      continue;
    }
    // Most values belong to one complaint only: nothing to compare.
    if (record.linkage.every((value) => (starts[value + 1] ?? 0) - (starts[value] ?? 0) < 2)) {
      continue;
    }
    const others = new Set<number>();
    const kinds = new Set<LinkageKind>();
    record.linkage.forEach((value, position) => {
      const end = starts[value + 1] ?? 0;
      for (let at = starts[value] ?? 0; at < end; at += 1) {
        const index = postings[at] ?? 0;
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

/** Days in the REPEAT_REPORTER window (≥ 3 complaints within 180 calendar days). */
const REPEAT_REPORTER_DAYS = 180;
const REPEAT_REPORTER_COUNT = 3;

/**
 * REPEAT_REPORTER: at least three complaints by one reporter (tied by linkage values or the same
 * name; anonymous complaints never) against one subject within 180 calendar days.
 */
export function findRepeatReporters(
  records: readonly ScreeningRecord[],
  groups: Int32Array,
  subjects: SubjectRegistry,
  flags: ScoredFlag[][],
): void {
  // Key: reporter group × 2²⁴ + subject (both below 2²⁴ in any batch this engine can hold). Most
  // reporters write once: count first, and keep lists only for keys that can reach the count.
  const forEachKey = (record: ScreeningRecord, visit: (key: number) => void): void => {
    const group = groups[record.index] ?? -1;
    if (group < 0) {
      return;
    }
    const canonical = record.subjects.map((id) => subjects.canonicalOf(id));
    canonical.forEach((subject, position) => {
      if (canonical.indexOf(subject) === position) {
        visit(group * 0x1000000 + subject);
      }
    });
  };
  const counts = new Map<number, number>();
  for (const record of records) {
    forEachKey(record, (key) => counts.set(key, (counts.get(key) ?? 0) + 1));
  }
  // Lists in the order their keys first occur, as the flags of one complaint are pushed in that order.
  const lists = new Map<number, number[]>();
  for (const [key, count] of counts) {
    if (count >= REPEAT_REPORTER_COUNT) {
      lists.set(key, []);
    }
  }
  counts.clear();
  for (const record of records) {
    forEachKey(record, (key) => lists.get(key)?.push(record.index));
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

/**
 * PRIOR_FALSE_ACCUSER: the same (named) reporter has an earlier complaint with a recorded,
 * approved finding of false accusation. Never prejudges the new complaint.
 */
export function findPriorFalseAccusers(
  records: readonly ScreeningRecord[],
  groups: Int32Array,
  flags: ScoredFlag[][],
): void {
  const findings = new Map<number, ScreeningRecord[]>();
  for (const record of records) {
    const group = groups[record.index] ?? -1;
    if (group >= 0 && record.finding === 'false_accusation') {
      const list = findings.get(group);
      if (list === undefined) {
        findings.set(group, [record]);
      } else {
        list.push(record);
      }
    }
  }
  if (findings.size === 0) {
    return;
  }
  for (const record of records) {
    const group = groups[record.index] ?? -1;
    const earlier = (findings.get(group) ?? []).filter(
      (prior) => prior !== record && (prior.concludedAt ?? prior.receivedAt) < record.receivedAt,
    );
    if (earlier.length === 0) {
      continue;
    }
    flags[record.index]?.push(
      flag(
        'PRIOR_FALSE_ACCUSER',
        `同一举报人（按署名或联系信息关联）此前有${earlier.length}件举报已在倒查追责中作出经批准的人工认定（故意捏造事实）。此提示不对本件内容作任何预判，本件应照常办理。`,
        earlier.slice(0, MAX_RELATED_IDS).map((prior) => prior.id),
      ),
    );
  }
}
