import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { appendActorAudit, auditActorId, type Actor } from '../../access/actor.js';
import { hasAddedYear, listAddedYears, upsertAddedYear } from './calendar.repository.js';
import { WorkingCalendar, type CalendarYear } from './working-calendar.js';
import type { AuditWriter } from '../../audit/audit.js';
import type { Db } from '../../deps.js';

/** The shipped copy of holiday-cn (see data/holiday-cn/README.md for the attribution). */
export const SHIPPED_CALENDAR_DIR = fileURLToPath(new URL('../../../data/holiday-cn/', import.meta.url));

const YearFileSchema = z.object({
  year: z.number().int(),
  papers: z.array(z.string()),
  days: z.array(z.object({ name: z.string(), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), isOffDay: z.boolean() })),
});

/** Reads every shipped year file; a malformed file is a packaging bug and throws. */
export function loadShippedYears(dir: string = SHIPPED_CALENDAR_DIR): CalendarYear[] {
  return fs
    .readdirSync(dir)
    .filter((name) => /^\d{4}\.json$/.test(name))
    .sort()
    .map((name) => {
      const file = YearFileSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')));
      return { year: file.year, days: file.days, source: file.papers[0] ?? 'shipped' };
    });
}

/**
 * The years in force, oldest first: years an administrator added (in the database) replace the shipped ones.
 * Plain data, so it crosses the admin channel to a CLI command that computes with it (`calendar due`).
 */
export async function loadCalendarYears(db: Db, shipped: CalendarYear[] = loadShippedYears()): Promise<CalendarYear[]> {
  const added = await listAddedYears(db);
  const byYear = new Map(shipped.map((year) => [year.year, year]));
  for (const row of added) {
    const days = YearFileSchema.shape.days.parse(row.days);
    byYear.set(row.year, { year: row.year, days, source: row.source });
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

/** The calendar in force: years an administrator added (in the database) replace the shipped ones. */
export async function loadWorkingCalendar(
  db: Db,
  shipped: CalendarYear[] = loadShippedYears(),
): Promise<WorkingCalendar> {
  return new WorkingCalendar(await loadCalendarYears(db, shipped));
}

/** The outcome of checking a year file: the year to store, or every problem found. */
export type YearFileCheck = { ok: true; year: CalendarYear } | { ok: false; problems: string[] };

/**
 * Checks a year of the official calendar in the shipped (holiday-cn) format before it replaces that year:
 * the notice it comes from (`papers`), at least one day (an empty list is how a year is marked missing), real
 * dates inside the year, each date once.
 */
export function checkYearFile(value: unknown): YearFileCheck {
  const parsed = YearFileSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`),
    };
  }
  const file = parsed.data;
  const problems: string[] = [];
  if (file.year < 2000 || file.year > 2100) {
    problems.push(`year: ${file.year} is not a plausible calendar year`);
  }
  const source = file.papers[0]?.trim() ?? '';
  if (source === '') {
    problems.push('papers: name the State Council notice the days come from');
  }
  if (file.days.length === 0) {
    problems.push('days: empty (an empty list marks a year as missing; there is nothing to add)');
  }
  const seen = new Set<string>();
  for (const day of file.days) {
    const date = new Date(`${day.date}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day.date) {
      problems.push(`days: ${day.date} is not a calendar date`);
    } else if (date.getUTCFullYear() !== file.year) {
      problems.push(`days: ${day.date} is outside ${file.year}`);
    }
    if (seen.has(day.date)) {
      problems.push(`days: ${day.date} is listed twice`);
    }
    seen.add(day.date);
  }
  if (problems.length > 0) {
    return { ok: false, problems };
  }
  const days = [...file.days].sort((a, b) => (a.date < b.date ? -1 : 1));
  return { ok: true, year: { year: file.year, days, source } };
}

/** One year of the calendar in force, for listing. */
export interface CalendarYearSummary {
  year: number;
  /** Shipped with the release, or added by an administrator or operator (which replaces a shipped year). */
  origin: 'shipped' | 'added';
  source: string;
  /** No days: the notice is not out or not added yet, and deadlines running into the year say "calendar missing". */
  isMissing: boolean;
  offDays: number;
  /** Make-up workdays on a weekend (调休). */
  workdays: number;
  /** ISO instant of the addition (a string, so it crosses the admin channel unchanged). */
  addedAt: string | null;
}

function summarize(
  year: CalendarYear,
  origin: CalendarYearSummary['origin'],
  addedAt: string | null,
): CalendarYearSummary {
  const offDays = year.days.filter((day) => day.isOffDay).length;
  return {
    year: year.year,
    origin,
    source: year.source,
    isMissing: year.days.length === 0,
    offDays,
    workdays: year.days.length - offDays,
    addedAt,
  };
}

/** Every year of the calendar in force, oldest first. */
export async function listCalendarYears(
  db: Db,
  shipped: CalendarYear[] = loadShippedYears(),
): Promise<CalendarYearSummary[]> {
  const byYear = new Map(shipped.map((year) => [year.year, summarize(year, 'shipped', null)]));
  const added = await listAddedYears(db);
  for (const row of added) {
    const days = YearFileSchema.shape.days.parse(row.days);
    byYear.set(
      row.year,
      summarize({ year: row.year, days, source: row.source }, 'added', new Date(row.added_at).toISOString()),
    );
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

/**
 * Adds a checked year, replacing an earlier addition or the shipped copy of that year, and audits it in the
 * system chain in the same transaction. Deadlines read the calendar when they are computed, so the year applies
 * from the next computation on.
 */
export async function addCalendarYear(
  db: Db,
  audit: AuditWriter,
  actor: Actor,
  year: CalendarYear,
): Promise<CalendarYearSummary> {
  const now = audit.clock.now();
  const summary = summarize(year, 'added', now.toISOString());
  await db.transaction().execute(async (trx) => {
    const isReplacingAddition = await hasAddedYear(trx, year.year);
    await upsertAddedYear(trx, {
      year: year.year,
      days: JSON.stringify(year.days),
      source: year.source,
      added_by: auditActorId(actor),
      added_at: now,
    });
    await appendActorAudit(
      trx,
      actor,
      {
        officeIds: [],
        action: 'calendar.year_added',
        details: {
          year: year.year,
          source: year.source,
          offDays: summary.offDays,
          workdays: summary.workdays,
          replacesEarlierAddition: isReplacingAddition,
        },
      },
      audit,
    );
  });
  return summary;
}
