import type { CampaignReport, ComplaintScreening, ScreeningReport } from '@zhengming/engine';
import { formatChinaTime } from './dates.js';

/** A row that was not screened, with its line (JSONL, CSV) or row number (XLSX). */
export interface BadRow {
  line: number;
  reason: string;
}

/** The `stats` block of the batch contract. */
export interface ScreenStats {
  rows: number;
  screened: number;
  badRows: BadRow[];
  seconds: number;
}

/** One campaign as the JSON output of the batch contract (docs/SCREENING.md) holds it. */
export interface CampaignOutput {
  id: string;
  complaintIds: string[];
  subjects: { name: string; unit?: string }[];
  distinctReporters: number;
  anonymousCount: number;
  firstAt: string;
  lastAt: string;
  similarity: { min: number; median: number; max: number };
  template: string;
}

/** One complaint as the JSON output holds it. */
export type ComplaintOutput = ComplaintScreening;

/** What a run produced: the engine's report (with members for HTML/XLSX), the stats, the settings used. */
export interface ScreenResult {
  report: ScreeningReport;
  stats: ScreenStats;
  inputName: string;
  generatedAt: number;
}

/** A campaign in the contract's shape: times as ISO-8601 in +08:00, no members (they are in HTML/XLSX). */
export function presentCampaign(campaign: CampaignReport): CampaignOutput {
  return {
    id: campaign.id,
    complaintIds: campaign.complaintIds,
    subjects: campaign.subjects.map((subject) =>
      subject.unit === undefined ? { name: subject.name } : { name: subject.name, unit: subject.unit },
    ),
    distinctReporters: campaign.distinctReporters,
    anonymousCount: campaign.anonymousCount,
    firstAt: formatChinaTime(campaign.firstAt),
    lastAt: formatChinaTime(campaign.lastAt),
    similarity: {
      min: roundSimilarity(campaign.similarity.min),
      median: roundSimilarity(campaign.similarity.median),
      max: roundSimilarity(campaign.similarity.max),
    },
    template: campaign.template,
  };
}

/** A complaint in the contract's shape (only the contract's keys, whatever the engine adds later). */
export function presentComplaint(complaint: ComplaintScreening): ComplaintOutput {
  return {
    id: complaint.id,
    anomalyScore: complaint.anomalyScore,
    flags: complaint.flags.map((flag) => ({
      code: flag.code,
      severity: flag.severity,
      message: flag.message,
      relatedIds: flag.relatedIds,
    })),
  };
}

/** Complaints with at least one flag, highest score first (ties in input order): what reports list. */
export function flaggedComplaints(report: ScreeningReport): ComplaintScreening[] {
  return report.complaints
    .map((complaint, index) => ({ complaint, index }))
    .filter(({ complaint }) => complaint.flags.length > 0)
    .sort((a, b) => b.complaint.anomalyScore - a.complaint.anomalyScore || a.index - b.index)
    .map(({ complaint }) => complaint);
}

function roundSimilarity(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
