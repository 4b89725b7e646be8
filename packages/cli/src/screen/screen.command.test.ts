import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

/** The JSON output of the batch contract (docs/SCREENING.md), exactly: no other keys anywhere. */
const ScreenOutputSchema = z
  .object({
    version: z.string().min(1),
    campaigns: z.array(
      z
        .object({
          id: z.string().min(1),
          complaintIds: z.array(z.string()).min(2),
          subjects: z.array(z.object({ name: z.string(), unit: z.string().optional() }).strict()),
          distinctReporters: z.number().int().min(0),
          anonymousCount: z.number().int().min(0),
          firstAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+08:00$/),
          lastAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+08:00$/),
          similarity: z
            .object({ min: z.number().min(0).max(1), median: z.number().min(0).max(1), max: z.number().min(0).max(1) })
            .strict(),
          template: z.string(),
        })
        .strict(),
    ),
    complaints: z.array(
      z
        .object({
          id: z.string(),
          anomalyScore: z.number().min(0).max(100),
          flags: z.array(
            z
              .object({
                code: z.string().regex(/^[A-Z_]+$/),
                severity: z.enum(['info', 'low', 'medium', 'high']),
                message: z.string().min(1),
                relatedIds: z.array(z.string()),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
    stats: z
      .object({
        rows: z.number().int(),
        screened: z.number().int(),
        badRows: z.array(z.object({ line: z.number().int().min(1), reason: z.string().min(1) }).strict()),
        seconds: z.number().min(0),
      })
      .strict(),
  })
  .strict();
type ScreenOutput = z.infer<typeof ScreenOutputSchema>;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const bin = path.join(root, 'packages/cli/bin/zhengming.js');
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'zm-screen-cli-'));

/** The reporters of the fixtures: none of these values may appear in any output. */
const REPORTERS = [
  { name: '刘春生', phone: '13903751001', idNumber: '410102198001011234', address: '青山镇柳林村一组10号' },
  { name: '王桂兰', phone: '13903751002', idNumber: '410102198202021235', address: '青山镇柳林村二组11号' },
  { name: '陈志强', phone: '13903751003', idNumber: '41010219830303123X', address: '青山镇柳林村三组12号' },
  { name: '赵明华', phone: '13903751004', idNumber: '410102198404041237', address: '青山镇柳林村四组13号' },
  { name: '孙建国', phone: '13903751005', idNumber: '410102198505051238', address: '青山镇柳林村五组14号' },
  { name: '周秀英', phone: '13903751006', idNumber: '410102198606061239', address: '青山镇柳林村六组15号' },
];
const COSIGNERS = ['郑玉梅', '黄海涛'];
const LETTER =
  '尊敬的县纪委领导：我们是柳林村的村民，现实名反映柳林村村委会主任张卫东的问题。2022年柳林村道路硬化工程总投资86万元，张卫东未经村民代表大会讨论，直接把工程交给其小舅子的建筑队施工，路面不到半年就开裂。2021年土地流转费12.6万元至今没有入村集体账，去向不明。张卫东还为其亲属违规办理低保三户。恳请上级纪委派人调查核实。';

/** Township scenario: identical letters from six people, each signing with their own identity in the text. */
function townshipRows(): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = REPORTERS.map((reporter, index) => ({
    id: `T${index + 1}`,
    receivedAt: `2023-03-0${index + 1}T09:00:00`,
    channel: index % 2 === 0 ? 'letter' : 'online',
    anonymous: false,
    reporter,
    subjects: [{ name: '张卫东', unit: '青山镇柳林村', position: '村委会主任' }],
    text: `${LETTER}举报人：${reporter.name}，电话${reporter.phone}，身份证号${reporter.idNumber}，住${reporter.address}。`,
    ...(index === 0 ? { attachments: [{ name: '照片.jpg', path: 'photo.jpg' }] } : {}),
  }));
  rows.push({
    id: 'J1',
    receivedAt: '2023-04-01',
    channel: 'letter',
    anonymous: false,
    reporter: { name: '马国庆', phone: '13700001111' },
    cosigners: [{ name: COSIGNERS[0] }, { name: COSIGNERS[1], denied: true }],
    subjects: [{ name: '许文斌', unit: '双桥镇杏花村' }],
    text: '联名信：杏花村村支书许文斌在危房改造中把补助名额给了自己的亲戚，真正困难的五保户却没有评上。<script>alert(1)</script> 联名人：马国庆、郑玉梅、黄海涛。',
  });
  rows.push({
    id: 'U1',
    receivedAt: '2023-05-01T10:00:00+08:00',
    channel: 'phone',
    anonymous: true,
    reporter: null,
    subjects: [{ name: '韩立新', unit: '平阳县水利局' }],
    text: '反映县水利局副局长韩立新经常在上班时间打牌，一输就是几千元，单位的事情没人管。',
  });
  return rows;
}

const IDENTITY_VALUES = [
  ...REPORTERS.flatMap((reporter) => Object.values(reporter)),
  '马国庆',
  '13700001111',
  ...COSIGNERS,
];

function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: directory, env });
  return { status: result.status, stderr: result.stderr };
}

function screen(
  input: string,
  out: string,
  extra: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): { status: number | null; stderr: string } {
  return runCli(['screen', input, '--out', out, ...extra], env);
}

function readJsonOutput(file: string): ScreenOutput {
  return ScreenOutputSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

async function xlsxText(file: string): Promise<{ sheets: string[]; text: string; workbook: ExcelJS.Workbook }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  let text = '';
  workbook.eachSheet((sheet) => {
    sheet.eachRow((row) => {
      text += `${JSON.stringify(row.values)}\n`;
    });
  });
  return { sheets: workbook.worksheets.map((sheet) => sheet.name), text, workbook };
}

function expectNoIdentity(text: string): void {
  for (const value of IDENTITY_VALUES) {
    expect(text, `identity value ${value} leaked`).not.toContain(value);
  }
}

const jsonlFile = path.join(directory, 'township.jsonl');
const csvFile = path.join(directory, '举报导出.csv');
const xlsxFile = path.join(directory, 'township.xlsx');

beforeAll(async () => {
  // The tests run the built CLI; build what is stale (a no-op when `npm test` has built it).
  const build = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'packages/cli'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  if (build.status !== 0) {
    throw new Error(`tsc -b failed: ${build.stdout}${build.stderr}`);
  }
  const rows = townshipRows();
  const lines = rows.map((row) => JSON.stringify(row));
  // Bad rows at known lines: 3 (not JSON), 5 (no text), 7 (repeated id), 9 (impossible date).
  lines.splice(2, 0, '{"id": "BAD1", "receivedAt": ');
  lines.splice(4, 0, JSON.stringify({ ...rows[0], id: 'BAD2', text: '' }));
  lines.splice(6, 0, JSON.stringify({ ...rows[1] }));
  lines.splice(8, 0, JSON.stringify({ ...rows[0], id: 'BAD4', receivedAt: '2023-02-30T10:00:00' }));
  fs.writeFileSync(jsonlFile, `${lines.join('\n')}\n`);

  const header = '编号,收件时间,渠道,是否匿名,举报人,联系电话,身份证号,地址,被反映人,单位,职务,联名人,内容';
  const csvLines = rows.map((row) => {
    const reporter = (row.reporter ?? {}) as Record<string, string>;
    const subjects = row.subjects as { name: string; unit?: string; position?: string }[];
    const cosigners = ((row.cosigners ?? []) as { name: string; denied?: boolean }[])
      .map((cosigner) => `${cosigner.name}${cosigner.denied ? '（否认）' : ''}`)
      .join('；');
    const channel = { letter: '来信', online: '网络', phone: '电话' }[row.channel as string] ?? '';
    const quote = (value: string): string => `"${value.replace(/"/g, '""')}"`;
    return [
      row.id,
      row.receivedAt,
      channel,
      row.anonymous ? '是' : '否',
      reporter.name ?? '',
      reporter.phone ?? '',
      reporter.idNumber ?? '',
      reporter.address ?? '',
      subjects.map((subject) => subject.name).join('；'),
      subjects.map((subject) => subject.unit ?? '').join('；'),
      subjects.map((subject) => subject.position ?? '').join('；'),
      cosigners,
      row.text,
    ]
      .map((value) => quote(String(value)))
      .join(',');
  });
  csvLines.splice(3, 0, '"BADCSV","2023-03-09","传真","否","","","","","张卫东","","","","内容"');
  fs.writeFileSync(csvFile, `\uFEFF${header}\n${csvLines.join('\n')}\n`);

  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('导出');
  sheet.addRow(header.split(','));
  rows.forEach((row, index) => {
    const reporter = (row.reporter ?? {}) as Record<string, string>;
    const subjects = row.subjects as { name: string; unit?: string }[];
    const received = new Date(Date.parse(`${String(row.receivedAt).slice(0, 10)}T09:00:00Z`));
    sheet.addRow([
      row.id,
      index === 0 ? 44986.375 : received, // an Excel serial date and date cells
      { letter: '来信', online: '网络', phone: '电话' }[row.channel as string],
      row.anonymous ? '是' : '否',
      reporter.name,
      reporter.phone,
      reporter.idNumber,
      reporter.address,
      subjects.map((subject) => subject.name).join('；'),
      subjects.map((subject) => subject.unit ?? '').join('；'),
      '',
      '',
      row.text,
    ]);
  });
  await workbook.xlsx.writeFile(xlsxFile);
}, 180_000);

afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

describe('zhengming screen', () => {
  it('writes the JSON output of the batch contract, finds the township campaign and lists bad rows by line', () => {
    const out = path.join(directory, 'township.json');
    const run = screen(jsonlFile, out);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('附件');
    const output = readJsonOutput(out);
    expect(output.stats.rows).toBe(12);
    expect(output.stats.screened).toBe(8);
    expect(output.stats.badRows.map((row) => row.line)).toEqual([3, 5, 7, 9]);
    expect(output.stats.badRows[0]?.reason).toContain('JSON');
    expect(output.stats.badRows[1]?.reason).toContain('内容');
    expect(output.stats.badRows[2]?.reason).toContain('已出现');
    expect(output.stats.badRows[3]?.reason).toContain('不存在');
    expect(output.campaigns).toHaveLength(1);
    expect(output.campaigns[0]?.complaintIds.sort()).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6']);
    expect(output.campaigns[0]?.firstAt).toBe('2023-03-01T09:00:00+08:00');
    expect(output.campaigns[0]?.subjects).toEqual([{ name: '张卫东', unit: '青山镇柳林村' }]);
    const flagsOf = (id: string) => output.complaints.find((complaint) => complaint.id === id)?.flags ?? [];
    expect(flagsOf('T1').map((flag) => flag.code)).toContain('COORDINATED_TEXT');
    expect(flagsOf('J1').map((flag) => flag.code)).toContain('COSIGNER_DENIED');
    expect(output.complaints.map((complaint) => complaint.id)).toEqual([
      'T1',
      'T2',
      'T3',
      'T4',
      'T5',
      'T6',
      'J1',
      'U1',
    ]);
    expectNoIdentity(fs.readFileSync(out, 'utf8'));
  });

  it('writes the same output with worker threads (bad rows at the same lines)', () => {
    const single = path.join(directory, 'township-single.json');
    const threaded = path.join(directory, 'township-threaded.json');
    const withoutTime = (file: string): string => fs.readFileSync(file, 'utf8').replace(/"seconds":[0-9.e+-]+/, '');
    expect(screen(jsonlFile, single, [], { ...process.env, ZHENGMING_SCREEN_WORKERS: '0' }).status).toBe(0);
    const run = screen(jsonlFile, threaded, [], { ...process.env, ZHENGMING_SCREEN_WORKERS: '2' });
    expect(run.status, run.stderr).toBe(0);
    expect(withoutTime(threaded)).toBe(withoutTime(single));
    const wrong = screen(jsonlFile, threaded, [], { ...process.env, ZHENGMING_SCREEN_WORKERS: 'many' });
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('ZHENGMING_SCREEN_WORKERS');
  });

  it('reads CSV with Chinese headers, channel names, “；” lists and （否认）', () => {
    const out = path.join(directory, 'csv.json');
    const run = screen(csvFile, out);
    expect(run.status, run.stderr).toBe(0);
    const output = readJsonOutput(out);
    expect(output.stats.rows).toBe(9);
    expect(output.stats.badRows).toEqual([{ line: 5, reason: expect.stringContaining('渠道') }]);
    expect(output.campaigns[0]?.complaintIds.sort()).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6']);
    const j1 = output.complaints.find((complaint) => complaint.id === 'J1');
    expect(j1?.flags.map((flag) => flag.code)).toContain('COSIGNER_DENIED');
    expectNoIdentity(fs.readFileSync(out, 'utf8'));
  });

  it('reads XLSX and writes an XLSX report with its sheets, readable by exceljs', async () => {
    const out = path.join(directory, 'report.xlsx');
    const run = screen(xlsxFile, out);
    expect(run.status, run.stderr).toBe(0);
    const { sheets, text, workbook } = await xlsxText(out);
    expect(sheets).toEqual(expect.arrayContaining(['雷同举报群', '异常提示']));
    const campaigns = workbook.getWorksheet('雷同举报群');
    expect(campaigns?.rowCount).toBe(2);
    expect(campaigns?.getRow(2).getCell(12).text).toContain('T1');
    expect(text).toContain('COORDINATED_TEXT');
    expectNoIdentity(text);
  });

  it('writes a self-contained, escaped HTML report', () => {
    const out = path.join(directory, 'report.html');
    const run = screen(jsonlFile, out, ['--format', 'html']);
    expect(run.status, run.stderr).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('雷同举报群');
    expect(html).toContain('<svg');
    expect(html).toContain('异常提示');
    expect(html).not.toMatch(/<script|src=|href="http|@import|url\(/i);
    expectNoIdentity(html);
  });

  it('exits non-zero with a clear message on an unreadable input', () => {
    const missing = runCli(['screen', path.join(directory, 'nope.jsonl'), '--out', path.join(directory, 'x.json')]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('不存在');

    const text = path.join(directory, 'notes.txt');
    fs.writeFileSync(text, 'hello');
    const unsupported = screen(text, path.join(directory, 'x.json'));
    expect(unsupported.status).not.toBe(0);
    expect(unsupported.stderr).toContain('不支持');

    const corrupt = path.join(directory, 'corrupt.xlsx');
    fs.writeFileSync(corrupt, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 7)]));
    const broken = screen(corrupt, path.join(directory, 'x.json'));
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toContain('XLSX');

    const notJson = path.join(directory, 'binary.jsonl');
    fs.writeFileSync(notJson, 'this is not json\nnor this\n');
    const notJsonl = screen(notJson, path.join(directory, 'x.json'));
    expect(notJsonl.status).not.toBe(0);
    expect(notJsonl.stderr).toContain('JSONL');

    const noHeader = path.join(directory, 'no-header.csv');
    fs.writeFileSync(noHeader, 'a,b,c\n1,2,3\n');
    const headerless = screen(noHeader, path.join(directory, 'x.json'));
    expect(headerless.status).not.toBe(0);
    expect(headerless.stderr).toContain('表头');
  });

  it('takes key periods and a boilerplate list from files', () => {
    const periods = path.join(directory, 'periods.json');
    fs.writeFileSync(
      periods,
      JSON.stringify([{ name: '村委会换届选举', from: '2023-03-01', to: '2023-03-31', units: ['青山镇柳林村'] }]),
    );
    const phrases = path.join(directory, 'phrases.txt');
    fs.writeFileSync(phrases, '# 常用语\n恳请上级纪委派人调查核实\n');
    const out = path.join(directory, 'periods.json.out');
    const run = screen(jsonlFile, out, ['--key-periods', periods, '--boilerplate', phrases, '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    const output = readJsonOutput(out);
    const codes = (id: string) =>
      output.complaints.find((complaint) => complaint.id === id)?.flags.map((flag) => flag.code) ?? [];
    expect(codes('T1')).toContain('KEY_PERIOD');
    expect(codes('U1')).not.toContain('KEY_PERIOD');

    fs.writeFileSync(periods, '[{"name": "x"}]');
    const bad = screen(jsonlFile, out, ['--key-periods', periods]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--key-periods');
  });

  it('rejects wrong options with a usage error', () => {
    const run = screen(jsonlFile, path.join(directory, 'x.json'), ['--threshold', '7']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--threshold');
  });
});
