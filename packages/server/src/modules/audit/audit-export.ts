import type { Writable } from 'node:stream';
import {
  ROLE_LABELS,
  auditActionLabel,
  auditDetailsText,
  formatShanghaiTime,
  type AuditLanguage,
  type AuditTarget,
  type ReadableAuditEntry,
} from '@zhengming/contracts';
import ExcelJS from 'exceljs';

/** The export's columns, headers in both languages. */
const COLUMNS: { zh: string; en: string; width: number }[] = [
  { zh: '时间（北京时间）', en: 'Time (Asia/Shanghai)', width: 20 },
  { zh: '哈希链 / 机构', en: 'Chain / office', width: 24 },
  { zh: '序号', en: 'Seq', width: 8 },
  { zh: '操作人', en: 'Actor', width: 22 },
  { zh: '操作', en: 'Action', width: 24 },
  { zh: '操作代码', en: 'Action code', width: 26 },
  { zh: '对象', en: 'Targets', width: 36 },
  { zh: '详情', en: 'Details', width: 60 },
  { zh: '哈希', en: 'Hash', width: 66 },
];

const SHEET_NAME = { zh: '审计日志', en: 'Audit log' };
const FILE_NAME = { zh: '审计日志', en: 'audit-log' };

/** The column headers of the export in a language. */
export function auditExportHeaders(language: AuditLanguage): string[] {
  return COLUMNS.map((column) => column[language]);
}

function chainText(entry: ReadableAuditEntry, language: AuditLanguage): string {
  if (entry.chainId === 'system') {
    return language === 'zh' ? '系统' : 'System';
  }
  return entry.officeName === null ? entry.chainId : `${entry.officeName}（${entry.chainId.slice(0, 8)}）`;
}

function actorText(entry: ReadableAuditEntry, language: AuditLanguage): string {
  if (entry.actorId === null) {
    const operator = entry.details.operator;
    return typeof operator === 'string'
      ? `${language === 'zh' ? '操作员' : 'operator'} ${operator}`
      : language === 'zh'
        ? '系统'
        : 'system';
  }
  if (entry.actorDisplayName === null) {
    return entry.actorId;
  }
  return `${entry.actorDisplayName}（${entry.actorName ?? ''}）`;
}

/** A target as one phrase: `张三（zhangsan）`, `某县纪委监委`, `授权：张三 · 领导`, or the id. */
export function targetText(target: AuditTarget, language: AuditLanguage): string {
  switch (target.kind) {
    case 'user':
      return `${target.name ?? target.id}（${target.username ?? ''}）`;
    case 'office':
      return target.name ?? target.id;
    case 'grant':
      return `${language === 'zh' ? '授权' : 'grant'}：${target.name ?? ''} · ${
        target.role === undefined ? '' : ROLE_LABELS[target.role][language]
      }`;
    case 'unknown':
      return target.id;
  }
}

/** One entry as the export's row. */
export function auditExportRow(entry: ReadableAuditEntry, language: AuditLanguage): (string | number)[] {
  return [
    formatShanghaiTime(entry.at),
    chainText(entry, language),
    entry.seq,
    actorText(entry, language),
    auditActionLabel(entry.action, language),
    entry.action,
    entry.targets.map((target) => targetText(target, language)).join(language === 'zh' ? '；' : '; '),
    auditDetailsText(entry.details, language, entry.names),
    entry.hash,
  ];
}

/**
 * Streams the entries into an XLSX workbook on `stream` with exceljs's streaming writer: one sheet, a frozen
 * header row, each row committed as it is written so memory stays flat.
 */
export async function writeAuditXlsx(
  stream: Writable,
  batches: AsyncIterable<ReadableAuditEntry[]>,
  language: AuditLanguage,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(SHEET_NAME[language], { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((column) => ({ header: column[language], width: column.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const batch of batches) {
    for (const entry of batch) {
      sheet.addRow(auditExportRow(entry, language)).commit();
    }
  }
  sheet.commit();
  await workbook.commit();
}

/** `Content-Disposition` for the export: an ASCII fallback and the UTF-8 name (`审计日志-2026-12-07.xlsx`). */
export function auditExportDisposition(date: string, language: AuditLanguage): string {
  const name = `${FILE_NAME[language]}-${date}.xlsx`;
  return `attachment; filename="audit-log-${date}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
