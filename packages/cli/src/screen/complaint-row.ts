import type { Channel, Conclusion, ScreeningComplaint } from '@zhengming/engine';
import { parseDateText } from './dates.js';

/** The longest complaint text `screen` accepts; a longer row is reported as a bad row. */
export const MAX_TEXT_LENGTH = 100_000;
const MAX_ID_LENGTH = 200;
const MAX_FIELD_LENGTH = 2_000;

/** The result of reading one input row: a complaint the engine can take, or the reason it was rejected. */
export type RowResult =
  { ok: true; complaint: ScreeningComplaint; attachmentCount: number } | { ok: false; reason: string };

const CHANNEL_ALIASES: Record<string, Channel> = {
  letter: 'letter',
  来信: 'letter',
  信件: 'letter',
  写信: 'letter',
  visit: 'visit',
  来访: 'visit',
  走访: 'visit',
  phone: 'phone',
  电话: 'phone',
  来电: 'phone',
  online: 'online',
  网络: 'online',
  网上: 'online',
  网站: 'online',
  referred: 'referred',
  转来: 'referred',
  交办: 'referred',
  转送: 'referred',
  移送: 'referred',
};

const CONCLUSION_ALIASES: Record<string, Conclusion> = {
  substantiated: 'substantiated',
  属实: 'substantiated',
  partly_substantiated: 'partly_substantiated',
  部分属实: 'partly_substantiated',
  substantiated_no_violation: 'substantiated_no_violation',
  属实但不构成违纪违法: 'substantiated_no_violation',
  属实但不构成违纪: 'substantiated_no_violation',
  unfounded: 'unfounded',
  不实: 'unfounded',
  失实: 'unfounded',
  查无实据: 'unfounded',
  not_excluded: 'not_excluded',
  未查实但不能排除: 'not_excluded',
};

type Finding = NonNullable<ScreeningComplaint['finding']>;
const FINDING_ALIASES: Record<string, Finding> = {
  false_accusation: 'false_accusation',
  诬告陷害: 'false_accusation',
  mistaken: 'mistaken',
  错告: 'mistaken',
};

const REPORTER_FIELDS = ['name', 'unit', 'idNumber', 'phone', 'address', 'ip', 'deviceId'] as const;
type Reporter = NonNullable<ScreeningComplaint['reporter']>;

/** Reads a channel as the contract names it or by its Chinese alias (来信/来访/电话/网络/转来 …). */
export function parseChannel(raw: string): Channel | undefined {
  const key = raw.trim().toLowerCase();
  return CHANNEL_ALIASES[key] ?? CHANNEL_ALIASES[key.replace(/举报$/, '')];
}

/** Reads a conclusion code or its Chinese name. */
export function parseConclusion(raw: string): Conclusion | undefined {
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[（(].*[)）]$/, '');
  return CONCLUSION_ALIASES[key];
}

/** Reads a finding code or its Chinese name. */
export function parseFinding(raw: string): Finding | undefined {
  return FINDING_ALIASES[raw.trim().toLowerCase()];
}

/** Reads a yes/no cell: 是/否, true/false, 1/0, yes/no, √/×; undefined when empty or not a yes/no. */
export function parseYesNo(raw: string): boolean | undefined {
  switch (raw.trim().toLowerCase()) {
    case '是':
    case 'true':
    case '1':
    case 'y':
    case 'yes':
    case '√':
    case '匿名':
      return true;
    case '否':
    case 'false':
    case '0':
    case 'n':
    case 'no':
    case '×':
    case '实名':
      return false;
    default:
      return undefined;
  }
}

/**
 * Validates one JSONL record (already parsed from JSON) against the batch contract (docs/SCREENING.md) and turns it
 * into the engine's complaint. Every problem yields a reason a person can act on; nothing throws.
 */
export function parseComplaintRecord(record: unknown): RowResult {
  if (!isPlainObject(record)) {
    return fail('该行不是 JSON 对象');
  }
  const id = readId(record.id);
  if (typeof id !== 'string') {
    return id;
  }
  if (typeof record.receivedAt !== 'string') {
    return fail('缺少收件时间 receivedAt（ISO-8601 字符串）');
  }
  const received = parseDateText(record.receivedAt);
  if (!received.ok) {
    return fail(`收件时间 receivedAt：${received.reason}`);
  }
  if (typeof record.channel !== 'string') {
    return fail('缺少渠道 channel（letter/visit/phone/online/referred）');
  }
  const channel = parseChannel(record.channel);
  if (channel === undefined) {
    return fail(
      `渠道“${clip(record.channel)}”无法识别（应为 letter/visit/phone/online/referred 或 来信/来访/电话/网络/转来）`,
    );
  }
  if (record.anonymous !== undefined && typeof record.anonymous !== 'boolean') {
    return fail('是否匿名 anonymous 应为 true 或 false');
  }
  const reporter = readReporter(record.reporter);
  if ('reason' in reporter) {
    return fail(reporter.reason);
  }
  const cosigners = readCosigners(record.cosigners);
  if (!Array.isArray(cosigners)) {
    return cosigners;
  }
  const subjects = readSubjects(record.subjects);
  if (!Array.isArray(subjects)) {
    return subjects;
  }
  const text = readText(record.text);
  if (typeof text !== 'string') {
    return text;
  }
  const outcome = readOutcome(record.conclusion, record.finding, record.concludedAt);
  if ('ok' in outcome) {
    return outcome;
  }
  if (record.attachments !== undefined && !Array.isArray(record.attachments)) {
    return fail('附件 attachments 应为数组');
  }
  const isAnonymous = typeof record.anonymous === 'boolean' ? record.anonymous : reporter.value === null;
  const complaint: ScreeningComplaint = {
    id,
    receivedAt: received.epochMs,
    channel,
    isAnonymous,
    reporter: reporter.value,
    cosigners,
    subjects,
    text,
    ...outcome,
  };
  return { ok: true, complaint, attachmentCount: Array.isArray(record.attachments) ? record.attachments.length : 0 };
}

/** A failed row result with its reason. */
export function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

function readId(value: unknown): string | { ok: false; reason: string } {
  const id = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof id !== 'string' || id.trim() === '') {
    return fail('缺少编号 id');
  }
  if (id.length > MAX_ID_LENGTH) {
    return fail(`编号过长（超过 ${MAX_ID_LENGTH} 个字符）`);
  }
  return id.trim();
}

function readText(value: unknown): string | { ok: false; reason: string } {
  if (typeof value !== 'string' || value.trim() === '') {
    return fail('缺少举报内容 text');
  }
  if (value.length > MAX_TEXT_LENGTH) {
    return fail(`举报内容过长（${value.length} 个字符，上限 ${MAX_TEXT_LENGTH}）`);
  }
  return value;
}

function readReporter(value: unknown): { value: Reporter | null } | { reason: string } {
  if (value === null || value === undefined) {
    return { value: null };
  }
  if (!isPlainObject(value)) {
    return { reason: '举报人 reporter 应为对象或 null' };
  }
  const reporter: Reporter = {};
  let hasAny = false;
  for (const field of REPORTER_FIELDS) {
    const raw = value[field];
    if (raw === undefined || raw === null) {
      continue;
    }
    // Phone numbers often arrive as JSON numbers; ID numbers must be strings (they can end in X).
    const text = typeof raw === 'number' && field === 'phone' ? String(raw) : raw;
    if (typeof text !== 'string') {
      return { reason: `举报人字段 reporter.${field} 应为字符串` };
    }
    if (text.length > MAX_FIELD_LENGTH) {
      return { reason: `举报人字段 reporter.${field} 过长` };
    }
    const trimmed = text.trim();
    if (trimmed !== '') {
      reporter[field] = trimmed;
      hasAny = true;
    }
  }
  return { value: hasAny ? reporter : null };
}

function readCosigners(value: unknown): ScreeningComplaint['cosigners'] | { ok: false; reason: string } {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    return fail('联名人 cosigners 应为数组');
  }
  const cosigners: ScreeningComplaint['cosigners'] = [];
  for (const [index, item] of value.entries()) {
    if (!isPlainObject(item) || typeof item.name !== 'string' || item.name.trim() === '') {
      return fail(`联名人 cosigners[${index}] 缺少姓名 name`);
    }
    if (item.denied !== undefined && typeof item.denied !== 'boolean') {
      return fail(`联名人 cosigners[${index}].denied 应为 true 或 false`);
    }
    cosigners.push({ name: item.name.trim(), isDenied: item.denied === true });
  }
  return cosigners;
}

function readSubjects(value: unknown): ScreeningComplaint['subjects'] | { ok: false; reason: string } {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value)) {
    return fail('被反映人 subjects 应为数组');
  }
  const subjects: ScreeningComplaint['subjects'] = [];
  for (const [index, item] of value.entries()) {
    if (!isPlainObject(item) || typeof item.name !== 'string' || item.name.trim() === '') {
      return fail(`被反映人 subjects[${index}] 缺少姓名 name`);
    }
    for (const field of ['unit', 'position'] as const) {
      if (item[field] !== undefined && item[field] !== null && typeof item[field] !== 'string') {
        return fail(`被反映人 subjects[${index}].${field} 应为字符串`);
      }
    }
    if (item.candidate !== undefined && typeof item.candidate !== 'boolean') {
      return fail(`被反映人 subjects[${index}].candidate 应为 true 或 false`);
    }
    const unit = typeof item.unit === 'string' && item.unit.trim() !== '' ? item.unit.trim() : undefined;
    const position =
      typeof item.position === 'string' && item.position.trim() !== '' ? item.position.trim() : undefined;
    subjects.push({
      name: item.name.trim(),
      ...(unit === undefined ? {} : { unit }),
      ...(position === undefined ? {} : { position }),
      isCandidate: item.candidate === true,
    });
  }
  return subjects;
}

type Outcome = Pick<ScreeningComplaint, 'conclusion' | 'finding' | 'concludedAt'>;

function readOutcome(
  conclusion: unknown,
  finding: unknown,
  concludedAt: unknown,
): Outcome | { ok: false; reason: string } {
  const outcome: Outcome = {};
  if (conclusion !== undefined && conclusion !== null && conclusion !== '') {
    const parsed = typeof conclusion === 'string' ? parseConclusion(conclusion) : undefined;
    if (parsed === undefined) {
      return fail(`结论 conclusion“${clip(describeValue(conclusion))}”无法识别`);
    }
    outcome.conclusion = parsed;
  }
  if (finding !== undefined && finding !== null && finding !== '') {
    const parsed = typeof finding === 'string' ? parseFinding(finding) : undefined;
    if (parsed === undefined) {
      return fail(`认定 finding“${clip(describeValue(finding))}”无法识别（应为 false_accusation 或 mistaken）`);
    }
    outcome.finding = parsed;
  }
  if (concludedAt !== undefined && concludedAt !== null && concludedAt !== '') {
    if (typeof concludedAt !== 'string') {
      return fail('办结时间 concludedAt 应为 ISO-8601 字符串');
    }
    const parsed = parseDateText(concludedAt);
    if (!parsed.ok) {
      return fail(`办结时间 concludedAt：${parsed.reason}`);
    }
    outcome.concludedAt = parsed.epochMs;
  }
  return outcome;
}

function describeValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clip(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}
