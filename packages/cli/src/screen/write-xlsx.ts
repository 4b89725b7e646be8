import ExcelJS from 'exceljs';
import { SEVERITY_LABELS, SIGNAL_DISCLAIMER, SIGNAL_LABELS } from './report-labels.js';
import { flaggedComplaints, type ScreenResult } from './screen-output.js';
import { formatChinaTime } from './dates.js';

/** Excel's row limit per sheet, header included. */
export const EXCEL_MAX_ROWS = 1_048_576;
/** Excel's limit on the text of one cell. */
const EXCEL_MAX_CELL_CHARS = 32_767;
const TRUNCATION_NOTE = '…（已截断，全文见 JSON 输出）';
const OFFSET_MS = 8 * 60 * 60 * 1000;

type CellInput = string | number | Date;

interface ColumnSpec {
  header: string;
  width: number;
  isDate?: boolean;
}

/**
 * A sheet that continues on a new sheet (“异常提示 (2)” …) when it reaches the row limit, repeating the
 * header, so any number of flags fits.
 */
class SheetSeries {
  private sheet: ExcelJS.Worksheet | undefined;
  private rowsInSheet = 0;
  private part = 0;

  constructor(
    private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly name: string,
    private readonly columns: ColumnSpec[],
    private readonly maxRows: number,
  ) {}

  addRow(values: CellInput[]): void {
    if (this.sheet === undefined || this.rowsInSheet >= this.maxRows) {
      this.sheet?.commit();
      this.part += 1;
      this.sheet = this.workbook.addWorksheet(this.part === 1 ? this.name : `${this.name} (${this.part})`, {
        views: [{ state: 'frozen', ySplit: 1 }],
      });
      this.sheet.columns = this.columns.map((column) => ({
        header: column.header,
        width: column.width,
        ...(column.isDate ? { style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } } : {}),
      }));
      this.sheet.getRow(1).font = { bold: true };
      this.rowsInSheet = 1;
    }
    this.sheet.addRow(values.map(fitCell)).commit();
    this.rowsInSheet += 1;
  }

  /** Makes sure the sheet exists even without data rows, then commits it. */
  finish(): void {
    if (this.sheet === undefined) {
      this.addHeaderOnly();
    }
    this.sheet?.commit();
  }

  private addHeaderOnly(): void {
    this.part = 1;
    this.sheet = this.workbook.addWorksheet(this.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    this.sheet.columns = this.columns.map((column) => ({ header: column.header, width: column.width }));
    this.sheet.getRow(1).font = { bold: true };
    this.rowsInSheet = 1;
  }
}

/**
 * Writes the XLSX report with exceljs's streaming writer: 概况, 雷同举报群, 雷同举报群成员, 异常提示 (one row
 * per flag) and 问题行. Each sheet holds at most `maxRowsPerSheet` rows and continues on a new sheet.
 */
export async function writeXlsxReport(
  outPath: string,
  result: ScreenResult,
  maxRowsPerSheet: number = EXCEL_MAX_ROWS,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: outPath,
    useStyles: true,
    useSharedStrings: false,
  });
  const { report, stats } = result;
  const flagged = flaggedComplaints(report);

  const summary = new SheetSeries(
    workbook,
    '概况',
    [
      { header: '项目', width: 20 },
      { header: '内容', width: 100 },
    ],
    maxRowsPerSheet,
  );
  const parameters = report.parameters;
  const summaryRows: [string, string | number][] = [
    ['说明', SIGNAL_DISCLAIMER],
    ['输入文件', result.inputName],
    ['生成时间', formatChinaTime(result.generatedAt)],
    ['评分表版本', report.version],
    ['读取行数', stats.rows],
    ['甄别件数', stats.screened],
    ['问题行（未甄别）', stats.badRows.length],
    ['雷同举报群', report.campaigns.length],
    ['有异常提示的举报', flagged.length],
    ['相似度阈值', parameters.threshold],
    ['时间窗（天）', parameters.windowDays],
    ['最少不同举报人', parameters.minReporters],
    ['常用语快照', report.boilerplate.version],
    ['用时（秒）', stats.seconds],
  ];
  for (const row of summaryRows) {
    summary.addRow(row);
  }
  summary.finish();

  const campaigns = new SheetSeries(
    workbook,
    '雷同举报群',
    [
      { header: '序号', width: 6 },
      { header: '群编号', width: 20 },
      { header: '件数', width: 8 },
      { header: '不同举报人', width: 10 },
      { header: '匿名件数', width: 10 },
      { header: '首次收件', width: 20, isDate: true },
      { header: '末次收件', width: 20, isDate: true },
      { header: '最低相似度', width: 10 },
      { header: '中位相似度', width: 10 },
      { header: '最高相似度', width: 10 },
      { header: '被反映人', width: 30 },
      { header: '举报编号', width: 40 },
      { header: '共同模板（已遮蔽身份信息）', width: 80 },
    ],
    maxRowsPerSheet,
  );
  for (const [index, campaign] of report.campaigns.entries()) {
    campaigns.addRow([
      index + 1,
      campaign.id,
      campaign.complaintIds.length,
      campaign.distinctReporters,
      campaign.anonymousCount,
      excelDate(campaign.firstAt),
      excelDate(campaign.lastAt),
      campaign.similarity.min,
      campaign.similarity.median,
      campaign.similarity.max,
      campaign.subjects
        .map((subject) => (subject.unit ? `${subject.name}（${subject.unit}）` : subject.name))
        .join('；'),
      campaign.complaintIds.join('；'),
      campaign.template,
    ]);
  }
  campaigns.finish();

  // Sheets are written one after the other: the streaming writer keeps only the open sheet's rows.
  const members = new SheetSeries(
    workbook,
    '雷同举报群成员',
    [
      { header: '群编号', width: 20 },
      { header: '举报编号', width: 20 },
      { header: '收件时间', width: 20, isDate: true },
      { header: '相似度', width: 10 },
      { header: '与模板不同之处', width: 80 },
    ],
    maxRowsPerSheet,
  );
  for (const campaign of report.campaigns) {
    for (const member of campaign.members) {
      members.addRow([
        campaign.id,
        member.id,
        excelDate(member.receivedAt),
        member.similarity,
        member.differingSpans.map((span) => span.text).join(' … '),
      ]);
    }
  }
  members.finish();

  const flags = new SheetSeries(
    workbook,
    '异常提示',
    [
      { header: '编号', width: 20 },
      { header: '异常分值', width: 10 },
      { header: '提示', width: 20 },
      { header: '代码', width: 26 },
      { header: '等级', width: 8 },
      { header: '说明', width: 80 },
      { header: '相关编号', width: 40 },
    ],
    maxRowsPerSheet,
  );
  for (const complaint of flagged) {
    for (const flag of complaint.flags) {
      flags.addRow([
        complaint.id,
        complaint.anomalyScore,
        SIGNAL_LABELS[flag.code],
        flag.code,
        SEVERITY_LABELS[flag.severity],
        flag.message,
        flag.relatedIds.join('；'),
      ]);
    }
  }
  flags.finish();

  const badRows = new SheetSeries(
    workbook,
    '问题行',
    [
      { header: '行号', width: 10 },
      { header: '原因', width: 80 },
    ],
    maxRowsPerSheet,
  );
  for (const row of stats.badRows) {
    badRows.addRow([row.line, row.reason]);
  }
  badRows.finish();
  await workbook.commit();
}

/** A date cell showing +08:00 wall-clock time (Excel has no zones; exceljs writes Dates as UTC). */
function excelDate(epochMs: number): Date {
  return new Date(epochMs + OFFSET_MS);
}

function fitCell(value: CellInput): CellInput {
  if (typeof value === 'string' && value.length > EXCEL_MAX_CELL_CHARS) {
    return value.slice(0, EXCEL_MAX_CELL_CHARS - TRUNCATION_NOTE.length) + TRUNCATION_NOTE;
  }
  return value;
}
