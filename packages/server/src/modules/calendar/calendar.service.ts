import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { WorkingCalendar, type CalendarYear } from './working-calendar.js';

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

/** The calendar in force: years an administrator added (in the database) replace the shipped ones. */
export async function loadWorkingCalendar(
  db: Db,
  shipped: CalendarYear[] = loadShippedYears(),
): Promise<WorkingCalendar> {
  const added = await db.selectFrom('calendar_years').select(['year', 'days', 'source']).execute();
  const byYear = new Map(shipped.map((year) => [year.year, year]));
  for (const row of added) {
    const days = YearFileSchema.shape.days.parse(row.days);
    byYear.set(row.year, { year: row.year, days, source: row.source });
  }
  return new WorkingCalendar([...byYear.values()]);
}
