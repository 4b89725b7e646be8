import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseComplaintRecord } from './complaint-row.js';
import { excelSerialToEpochMs, formatChinaTime, parseDateText } from './dates.js';
import { readCsvRows } from './read-csv.js';
import { readJsonlRows } from './read-jsonl.js';
import { readXlsxRows } from './read-xlsx.js';
import type { ScreenResult } from './screen-output.js';
import { mapHeader, parseTableRow } from './table-row.js';
import { writeXlsxReport } from './write-xlsx.js';
import { escapeHtml, highlightSpans } from './write-html.js';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'zm-screen-input-'));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

async function collect(rows: AsyncIterable<{ line: number; result: ReturnType<typeof parseComplaintRecord> }[]>) {
  const all = [];
  for await (const batch of rows) {
    all.push(...batch);
  }
  return all;
}

describe('parseDateText', () => {
  it('reads a date-time without a zone as +08:00', () => {
    const parsed = parseDateText('2024-03-05T09:30:00');
    expect(parsed.ok && formatChinaTime(parsed.epochMs)).toBe('2024-03-05T09:30:00+08:00');
    expect(parsed.ok && parsed.epochMs).toBe(Date.parse('2024-03-05T01:30:00Z'));
  });

  it('keeps an explicit zone', () => {
    const parsed = parseDateText('2024-03-05T09:30:00Z');
    expect(parsed.ok && formatChinaTime(parsed.epochMs)).toBe('2024-03-05T17:30:00+08:00');
  });

  it('reads a date alone, slashes and Chinese dates as midnight +08:00', () => {
    for (const text of ['2024-03-05', '2024/3/5', '2024年3月5日']) {
      const parsed = parseDateText(text);
      expect(parsed.ok && formatChinaTime(parsed.epochMs)).toBe('2024-03-05T00:00:00+08:00');
    }
  });

  it('rejects dates that do not exist instead of rolling them over', () => {
    expect(parseDateText('2023-02-30').ok).toBe(false);
    expect(parseDateText('yesterday').ok).toBe(false);
  });

  it('reads Excel serial dates in +08:00', () => {
    expect(formatChinaTime(excelSerialToEpochMs(45356.5))).toBe('2024-03-05T12:00:00+08:00');
  });
});

describe('parseComplaintRecord', () => {
  const valid = {
    id: 'X1',
    receivedAt: '2024-03-05 10:00',
    channel: 'letter',
    anonymous: false,
    reporter: { name: '甲某', phone: 13800138000 },
    subjects: [{ name: '乙某', unit: '某村', candidate: true }],
    cosigners: [{ name: '丙某', denied: true }],
    text: '举报内容',
  };

  it('turns a contract row into an engine complaint', () => {
    const result = parseComplaintRecord(valid);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.complaint).toMatchObject({
        id: 'X1',
        channel: 'letter',
        isAnonymous: false,
        reporter: { name: '甲某', phone: '13800138000' },
        subjects: [{ name: '乙某', unit: '某村', isCandidate: true }],
        cosigners: [{ name: '丙某', isDenied: true }],
      });
    }
  });

  it('gives a reason for each kind of bad row', () => {
    const reasons = [
      { ...valid, id: '' },
      { ...valid, receivedAt: '2023-02-30' },
      { ...valid, channel: 'fax' },
      { ...valid, text: '  ' },
      { ...valid, subjects: 'x' },
      { ...valid, conclusion: 'maybe' },
      [1, 2],
    ].map((record) => {
      const result = parseComplaintRecord(record);
      return result.ok ? 'ok' : result.reason;
    });
    expect(reasons).toEqual([
      expect.stringContaining('编号'),
      expect.stringContaining('不存在'),
      expect.stringContaining('渠道'),
      expect.stringContaining('内容'),
      expect.stringContaining('被反映人'),
      expect.stringContaining('结论'),
      expect.stringContaining('JSON 对象'),
    ]);
  });

  it('accepts the Chinese channel and conclusion names', () => {
    const result = parseComplaintRecord({ ...valid, channel: '转来', conclusion: '查无实据' });
    expect(result.ok && result.complaint.channel).toBe('referred');
    expect(result.ok && result.complaint.conclusion).toBe('unfounded');
  });
});

describe('table rows', () => {
  it('maps Chinese headers and reports missing required columns', () => {
    const header = mapHeader(['编号', '收件时间', '渠道', '内容', '被反映人', '备注']);
    expect(header.ok && header.header.ignored).toEqual(['备注']);
    const missing = mapHeader(['编号', '内容']);
    expect(missing.ok ? '' : missing.reason).toContain('收件时间');
  });

  it('splits subjects and co-signers on “；” and reads （否认）', () => {
    const header = mapHeader([
      '编号',
      '收件时间',
      '渠道',
      '是否匿名',
      '被反映人',
      '单位',
      '是否候选人',
      '联名人',
      '内容',
    ]);
    if (!header.ok) {
      throw new Error(header.reason);
    }
    const result = parseTableRow(header.header, [
      'T1',
      '2024-03-05',
      '网络',
      '否',
      '张三；李四',
      '某镇某村',
      '是；否',
      '王五；赵六（否认）',
      '内容',
    ]);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.complaint.channel).toBe('online');
      expect(result.complaint.subjects).toEqual([
        { name: '张三', unit: '某镇某村', isCandidate: true },
        { name: '李四', unit: '某镇某村', isCandidate: false },
      ]);
      expect(result.complaint.cosigners).toEqual([
        { name: '王五', isDenied: false },
        { name: '赵六', isDenied: true },
      ]);
    }
  });
});

describe('readers', () => {
  it('streams JSONL with line numbers, skipping blank lines', async () => {
    const file = path.join(directory, 'rows.jsonl');
    const row = {
      id: 'J1',
      receivedAt: '2024-01-01T08:00:00',
      channel: 'phone',
      anonymous: true,
      reporter: null,
      subjects: [],
      text: '内容',
    };
    fs.writeFileSync(file, `${JSON.stringify(row)}\n\n{broken\n${JSON.stringify({ ...row, id: 'J2' })}\r\n`);
    const rows = await collect(readJsonlRows(file, 'utf-8'));
    expect(rows.map((entry) => [entry.line, entry.result.ok])).toEqual([
      [1, true],
      [3, false],
      [4, true],
    ]);
  });

  it('streams CSV with a BOM, quoted multi-line fields and the line each record starts on', async () => {
    const file = path.join(directory, 'rows.csv');
    fs.writeFileSync(
      file,
      '\uFEFF编号,收件时间,渠道,内容\nR1,2024-01-02,来信,"第一行\n第二行"\nR2,45356.5,电话,内容二\nR3,2024-01-02,传真,内容三\n',
    );
    const rows = await collect(readCsvRows(file, 'utf-8'));
    expect(rows.map((entry) => [entry.line, entry.result.ok])).toEqual([
      [2, true],
      [4, true],
      [5, false],
    ]);
    const second = rows[1]?.result;
    expect(second?.ok && formatChinaTime(second.complaint.receivedAt)).toBe('2024-03-05T12:00:00+08:00');
  });

  it('reads GB18030 text when the input is not UTF-8', async () => {
    const file = path.join(directory, 'gbk.csv');
    // "编号,收件时间,渠道,内容\nG1,2024-01-02,来信,举报" encoded in GB18030.
    const gbk = Buffer.from(
      'b1e0bac52ccad5bcfecab1bce42cc7feb5c02cc4dac8dd0a47312c323032342d30312d30322cc0b4d0c52cbed9b1a80a',
      'hex',
    );
    fs.writeFileSync(file, gbk);
    const rows = await collect(readCsvRows(file, 'gb18030'));
    expect(rows[0]?.result.ok && rows[0].result.complaint.text).toBe('举报');
  });

  it('streams XLSX with date cells and serial numbers read in +08:00', async () => {
    const file = path.join(directory, 'rows.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('举报');
    sheet.addRow(['编号', '收件时间', '渠道', '内容']);
    sheet.addRow(['X1', new Date(Date.UTC(2024, 2, 5, 9, 30)), '来访', '内容一']);
    sheet.addRow(['X2', 45356.5, 'online', '内容二']);
    await workbook.xlsx.writeFile(file);
    const rows = await collect(readXlsxRows(file));
    expect(
      rows.map((entry) => (entry.result.ok ? formatChinaTime(entry.result.complaint.receivedAt) : entry.result.reason)),
    ).toEqual(['2024-03-05T09:30:00+08:00', '2024-03-05T12:00:00+08:00']);
    expect(rows.map((entry) => entry.line)).toEqual([2, 3]);
  });
});

describe('report writers', () => {
  it('escapes HTML and highlights differing spans', () => {
    expect(escapeHtml('<a href="x">&\'')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    expect(highlightSpans('甲<乙>丙', [{ start: 1, end: 4, text: '<乙>' }])).toBe('甲<mark>&lt;乙&gt;</mark>丙');
  });

  it('continues a sheet on a new one at the row limit', async () => {
    const file = path.join(directory, 'rollover.xlsx');
    const complaints = Array.from({ length: 5 }, (_value, index) => ({
      id: `F${index}`,
      anomalyScore: 30,
      flags: [
        { code: 'COSIGNER_DENIED' as const, severity: 'high' as const, message: '联名人否认联名', relatedIds: [] },
      ],
    }));
    const result: ScreenResult = {
      report: {
        version: 'v1',
        campaigns: [],
        complaints,
        boilerplate: { version: 'b', phraseCount: 0, frequentShingles: 0 },
        work: { candidatePairs: 0, verifiedLinks: 0 },
        parameters: {
          threshold: 0.4,
          windowDays: 30,
          minReporters: 3,
          minhash: { shingleSize: 3, numHashes: 128, bands: 42, rows: 3, seed: 1 },
          indexVersion: 'i',
        },
      },
      stats: { rows: 5, screened: 5, badRows: [], seconds: 0 },
      inputName: 'x.jsonl',
      generatedAt: 0,
    };
    await writeXlsxReport(file, result, 3);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names).toEqual(expect.arrayContaining(['雷同举报群', '异常提示', '异常提示 (2)', '异常提示 (3)']));
    expect(workbook.getWorksheet('异常提示 (3)')?.getRow(2).getCell(1).value).toBe('F4');
  });
});
