/** One year of the official calendar: the dates that differ from the ordinary Monday–Friday week. */
export interface CalendarYear {
  year: number;
  days: readonly { date: string; name: string; isOffDay: boolean }[];
  /** Where the year came from (the notice's address, or 'shipped'). */
  source: string;
}

/** A date in the deadline sense: an ISO calendar date (YYYY-MM-DD) in China time. */
export type IsoDate = string;

export type WorkingDayResult = { kind: 'date'; date: IsoDate } | { kind: 'calendar_missing'; year: number };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIsoDate(date: IsoDate): Date {
  const match = ISO_DATE.exec(date);
  if (match === null) {
    throw new Error(`not an ISO date: ${date}`);
  }
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

function formatIsoDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

/** The China-time (UTC+08:00, no daylight saving) calendar date of an instant. */
export function chinaDateOf(instant: Date): IsoDate {
  return formatIsoDate(new Date(instant.getTime() + 8 * 3_600_000));
}

/**
 * Working days after the official calendar, including make-up workdays (调休). A year without data is
 * "calendar missing": no answer is guessed for it.
 */
export class WorkingCalendar {
  private readonly overrides = new Map<IsoDate, boolean>();
  private readonly knownYears = new Set<number>();

  constructor(years: readonly CalendarYear[]) {
    for (const year of years) {
      if (year.days.length > 0) {
        this.knownYears.add(year.year);
      }
      for (const day of year.days) {
        // A later notice may set a date of the previous year (a December make-up day): every file counts.
        this.overrides.set(day.date, day.isOffDay);
      }
    }
  }

  /** True when the official calendar of that year is known. */
  hasYear(year: number): boolean {
    return this.knownYears.has(year);
  }

  /** Whether a date is a working day, or that its year's calendar is missing. */
  isWorkingDay(date: IsoDate): boolean | { kind: 'calendar_missing'; year: number } {
    const day = parseIsoDate(date);
    const year = day.getUTCFullYear();
    if (!this.knownYears.has(year)) {
      return { kind: 'calendar_missing', year };
    }
    const override = this.overrides.get(date);
    if (override !== undefined) {
      return !override;
    }
    const weekday = day.getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * The date on which a period of `count` working days ends, counted from the day after `from` (the
   * triggering event's day), as the rules count time limits.
   */
  addWorkingDays(from: IsoDate, count: number): WorkingDayResult {
    if (!Number.isInteger(count) || count < 0) {
      throw new Error(`working-day count must be a non-negative integer, got ${count}`);
    }
    let day = parseIsoDate(from);
    let remaining = count;
    while (remaining > 0) {
      day = new Date(day.getTime() + 86_400_000);
      const isWorking = this.isWorkingDay(formatIsoDate(day));
      if (typeof isWorking === 'object') {
        return isWorking;
      }
      if (isWorking) {
        remaining -= 1;
      }
    }
    return { kind: 'date', date: formatIsoDate(day) };
  }

  /** Working days strictly after `from` up to and including `to` (0 when `to` is not after `from`). */
  workingDaysBetween(from: IsoDate, to: IsoDate): number | { kind: 'calendar_missing'; year: number } {
    let day = parseIsoDate(from);
    const end = parseIsoDate(to);
    let count = 0;
    while (day.getTime() < end.getTime()) {
      day = new Date(day.getTime() + 86_400_000);
      const isWorking = this.isWorkingDay(formatIsoDate(day));
      if (typeof isWorking === 'object') {
        return isWorking;
      }
      if (isWorking) {
        count += 1;
      }
    }
    return count;
  }
}
