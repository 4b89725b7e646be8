import fs from 'node:fs';
import path from 'node:path';
import { fc, test } from '@fast-check/vitest';
import {
  ACCEPTANCE_NOTICE_PERIOD,
  DeadlineSchema,
  TRANSFER_PERIOD,
  type Deadline,
  type DeadlineUnit,
} from '@zhengming/contracts';
import { describe, expect, it } from 'vitest';
import { SHIPPED_CALENDAR_DIR, loadShippedYears } from './calendar.service.js';
import { computeDeadline, computePeriodDeadline } from './deadlines.js';
import { WorkingCalendar } from './working-calendar.js';

/*
 * An independent implementation of the deadline rules, written another way: days are integers (days since
 * 1970-01-01 from the civil-calendar formula, no Date), the shipped files are read here directly, every working
 * day of the known years is listed once in order, and a period is found by binary search in that list; months
 * are counted as a month number (year × 12 + month).
 */

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [month <= 2 ? yearOfEra + era * 400 + 1 : yearOfEra + era * 400, month, day];
}

function dayNumber(date: string): number {
  const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
  return daysFromCivil(year, month, day);
}

function dateOf(days: number): string {
  const [year, month, day] = civilFromDays(days);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const yearOf = (days: number): number => civilFromDays(days)[0];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function monthLength(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (MONTH_LENGTHS[month - 1] ?? 0);
}

interface YearFile {
  year: number;
  days: { date: string; isOffDay: boolean }[];
}

/** The reference: answers a period with the same result shape, from its own tables. */
class ReferenceDeadlines {
  private readonly known = new Set<number>();
  /** Every working day of the known years, as day numbers, ascending. */
  private readonly workingDays: number[] = [];

  constructor(files: readonly YearFile[]) {
    const marked = new Map<number, boolean>();
    for (const file of files) {
      if (file.days.length > 0) {
        this.known.add(file.year);
      }
      for (const day of file.days) {
        marked.set(dayNumber(day.date), day.isOffDay);
      }
    }
    for (const year of [...this.known].sort((a, b) => a - b)) {
      for (let day = daysFromCivil(year, 1, 1); day < daysFromCivil(year + 1, 1, 1); day += 1) {
        // 1970-01-01 was a Thursday: (day + 4) mod 7 is 0 on Sundays, 6 on Saturdays.
        const weekday = (((day + 4) % 7) + 7) % 7;
        const isOff = marked.get(day) ?? (weekday === 0 || weekday === 6);
        if (!isOff) {
          this.workingDays.push(day);
        }
      }
    }
  }

  /** The first year from `year` on without data. */
  private firstMissingYear(year: number): number {
    let missing = year;
    while (this.known.has(missing)) {
      missing += 1;
    }
    return missing;
  }

  /** Index of the first working day at or after `day` (the list's length when there is none). */
  private firstWorkingIndex(day: number): number {
    let low = 0;
    let high = this.workingDays.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.workingDays[middle] ?? 0) < day) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /** The working day at `index` if every year from `fromDay`'s to its own is known, else the missing year. */
  private answer(fromDay: number, index: number): number | { missing: number } {
    const firstMissing = this.firstMissingYear(yearOf(fromDay));
    const found = this.workingDays[index];
    if (found === undefined || yearOf(found) >= firstMissing) {
      return { missing: firstMissing };
    }
    return found;
  }

  deadline(from: string, count: number, unit: DeadlineUnit): Deadline {
    const start = dayNumber(from);
    let result: number | { missing: number };
    if (count === 0) {
      result = start;
    } else if (unit === 'working_days') {
      result = this.answer(start + 1, this.firstWorkingIndex(start + 1) + count - 1);
    } else {
      let last: number;
      if (unit === 'days') {
        last = start + count;
      } else {
        const [year, month, day] = civilFromDays(start);
        const target = year * 12 + (month - 1) + count;
        const targetYear = Math.floor(target / 12);
        const targetMonth = (target % 12) + 1;
        last = daysFromCivil(targetYear, targetMonth, Math.min(day, monthLength(targetYear, targetMonth)));
      }
      result = this.answer(last, this.firstWorkingIndex(last));
    }
    return typeof result === 'number'
      ? { unit, count, from, due: dateOf(result), calendarMissingYear: null }
      : { unit, count, from, due: null, calendarMissingYear: result.missing };
  }
}

function readShippedFiles(): YearFile[] {
  return fs
    .readdirSync(SHIPPED_CALENDAR_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(fs.readFileSync(path.join(SHIPPED_CALENDAR_DIR, name), 'utf8')) as YearFile);
}

const calendar = new WorkingCalendar(loadShippedYears());
const reference = new ReferenceDeadlines(readShippedFiles());

const FIRST_DAY = daysFromCivil(2008, 1, 1);
const LAST_DAY = daysFromCivil(2026, 12, 31);
const anyDate = fc.integer({ min: FIRST_DAY, max: LAST_DAY }).map(dateOf);
const lateDate = fc.integer({ min: daysFromCivil(2025, 6, 1), max: LAST_DAY }).map(dateOf);
const period = fc.oneof(
  fc.record({ unit: fc.constant<DeadlineUnit>('working_days'), count: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ unit: fc.constant<DeadlineUnit>('days'), count: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ unit: fc.constant<DeadlineUnit>('months'), count: fc.integer({ min: 0, max: 36 }) }),
);

const due = (from: string, count: number, unit: DeadlineUnit): string | null =>
  computeDeadline(calendar, from, count, unit).due;

describe('computeDeadline', () => {
  test.prop([anyDate, period], { numRuns: 3000 })(
    'agrees with an independent implementation on every unit, 2008–2026',
    (from, { unit, count }) => {
      expect(computeDeadline(calendar, from, count, unit)).toEqual(reference.deadline(from, count, unit));
    },
  );

  test.prop([lateDate, period], { numRuns: 2000 })(
    'agrees with it at the edge of the known years, where the calendar goes missing',
    (from, { unit, count }) => {
      const deadline = computeDeadline(calendar, from, count, unit);
      expect(deadline).toEqual(reference.deadline(from, count, unit));
      expect(DeadlineSchema.parse(deadline)).toEqual(deadline);
    },
  );

  test.prop([fc.integer({ min: Date.UTC(2008, 0, 1), max: Date.UTC(2026, 11, 31) }), period])(
    'takes an instant as its China date',
    (instant, { unit, count }) => {
      const chinaDate = dateOf(Math.floor((instant + 8 * 3_600_000) / 86_400_000));
      expect(computeDeadline(calendar, new Date(instant), count, unit)).toEqual(
        reference.deadline(chinaDate, count, unit),
      );
    },
  );

  it('counts working days across the 2024 Spring Festival, with its make-up Sunday', () => {
    // Thu 8 Feb 2024: Fri 9 Feb is day 1; 10–17 Feb off; Sun 18 Feb (make-up workday) is day 2; Wed 21 Feb day 5.
    expect(due('2024-02-08', 1, 'working_days')).toBe('2024-02-09');
    expect(due('2024-02-08', 2, 'working_days')).toBe('2024-02-18');
    expect(due('2024-02-08', 5, 'working_days')).toBe('2024-02-21');
    // The make-up Sunday before the holiday counts too: Sat 3 Feb + 1 working day is Sun 4 Feb.
    expect(due('2024-02-03', 1, 'working_days')).toBe('2024-02-04');
  });

  it('counts working days across the 2024 National Day holiday', () => {
    expect(due('2024-09-27', 1, 'working_days')).toBe('2024-09-29');
    expect(due('2024-09-30', 1, 'working_days')).toBe('2024-10-08');
    expect(due('2024-09-30', 5, 'working_days')).toBe('2024-10-12');
  });

  it('ends a calendar-day period on its last day, or the next working day when that is a rest day', () => {
    // Mon 4 Mar 2024 + 10 days is Thu 14 Mar.
    expect(due('2024-03-04', 10, 'days')).toBe('2024-03-14');
    // Fri 1 Mar + 8 days is Sat 9 Mar: the period ends on Mon 11 Mar.
    expect(due('2024-03-01', 8, 'days')).toBe('2024-03-11');
    // 1 Oct 2024 is a holiday: the period ends on Tue 8 Oct.
    expect(due('2024-09-23', 8, 'days')).toBe('2024-10-08');
    // Sun 29 Sep 2024 was a make-up workday: a period ending on it ends there.
    expect(due('2024-09-22', 7, 'days')).toBe('2024-09-29');
  });

  it('ends a month period on the same-numbered day, or the last day of a shorter month', () => {
    expect(due('2024-01-31', 1, 'months')).toBe('2024-02-29');
    expect(due('2025-01-31', 1, 'months')).toBe('2025-02-28');
    expect(due('2024-03-15', 1, 'months')).toBe('2024-04-15');
    // 28 Feb 2025 is a Friday; 31 Jan 2023 + 1 month is Tue 28 Feb 2023.
    expect(due('2023-01-31', 1, 'months')).toBe('2023-02-28');
    expect(due('2024-02-29', 12, 'months')).toBe('2025-02-28');
  });

  it('moves a month period ending on a Saturday or a holiday to the next working day', () => {
    // 15 Jun 2024 is a Saturday.
    expect(due('2024-05-15', 1, 'months')).toBe('2024-06-17');
    expect(due('2024-09-01', 1, 'months')).toBe('2024-10-08');
  });

  it('ends a period of 0 units on the event day itself, for every unit', () => {
    // Sat 9 Mar 2024: no roll forward for an empty period, and no calendar needed (2030 has none).
    for (const unit of ['working_days', 'days', 'months'] as const) {
      expect(due('2024-03-09', 0, unit)).toBe('2024-03-09');
      expect(due('2030-06-01', 0, unit)).toBe('2030-06-01');
    }
  });

  it('says which calendar is missing instead of guessing', () => {
    expect(computeDeadline(calendar, '2026-12-20', 15, 'working_days')).toEqual({
      unit: 'working_days',
      count: 15,
      from: '2026-12-20',
      due: null,
      calendarMissingYear: 2027,
    });
    expect(computeDeadline(calendar, '2026-12-25', 10, 'days').calendarMissingYear).toBe(2027);
    expect(computeDeadline(calendar, '2026-12-01', 1, 'months').calendarMissingYear).toBe(2027);
    // A period that ends in 2026 needs no 2027 data: Wed 30 Dec 2026 is a working day.
    expect(due('2026-11-30', 1, 'months')).toBe('2026-12-30');
  });

  it('reports the missing year when only the roll forward runs into it', () => {
    const yearEnd = new WorkingCalendar([
      { year: 2026, source: 'test', days: [{ date: '2026-12-31', name: '假', isOffDay: true }] },
    ]);
    expect(computeDeadline(yearEnd, '2026-12-30', 1, 'days').calendarMissingYear).toBe(2027);
    expect(computeDeadline(yearEnd, '2026-11-30', 1, 'months').calendarMissingYear).toBe(null);
  });

  it('uses a year an administrator added', () => {
    const withAdded = new WorkingCalendar([
      ...loadShippedYears(),
      { year: 2027, source: 'test notice', days: [{ date: '2027-01-01', name: '元旦', isOffDay: true }] },
    ]);
    // Thu 31 Dec 2026 + 1 day is 1 Jan 2027, a holiday: the period ends on Mon 4 Jan 2027.
    expect(computeDeadline(withAdded, '2026-12-31', 1, 'days').due).toBe('2027-01-04');
  });

  it('takes the China date of an event instant', () => {
    // 16:30 UTC on 7 Feb is 00:30 on 8 Feb in China.
    expect(computeDeadline(calendar, new Date('2024-02-07T16:30:00Z'), 1, 'working_days')).toMatchObject({
      from: '2024-02-08',
      due: '2024-02-09',
    });
  });

  it('refuses a negative, fractional or over-long count and a date that does not exist', () => {
    expect(() => computeDeadline(calendar, '2024-03-01', -1, 'days')).toThrow(/count/);
    expect(() => computeDeadline(calendar, '2024-03-01', 1.5, 'working_days')).toThrow(/count/);
    expect(() => computeDeadline(calendar, '2024-03-01', Number.NaN, 'months')).toThrow(/count/);
    expect(() => computeDeadline(calendar, '2024-03-01', 10_001, 'days')).toThrow(/count/);
    expect(() => computeDeadline(calendar, '2024-02-30', 1, 'days')).toThrow(/calendar date/);
    expect(() => computeDeadline(calendar, '2024-3-1', 1, 'days')).toThrow(/calendar date/);
  });

  it("gives intake's periods in working days", () => {
    // Mon 3 Nov 2025 → 15 working days end on Mon 24 Nov 2025; 5 working days on Mon 10 Nov.
    expect(computePeriodDeadline(calendar, '2025-11-03', ACCEPTANCE_NOTICE_PERIOD).due).toBe('2025-11-24');
    expect(computePeriodDeadline(calendar, '2025-11-03', TRANSFER_PERIOD).due).toBe('2025-11-10');
  });
});
