import { DEADLINE_MAX_COUNT, isIsoCalendarDate, type Deadline, type DeadlineUnit } from '@zhengming/contracts';
import { chinaDateOf, type IsoDate, type WorkingCalendar, type WorkingDayResult } from './working-calendar.js';

const DAY_MS = 86_400_000;

function toUtcDate(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

function toIsoDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

/** The day `count` calendar days after `from`. */
function addCalendarDays(from: IsoDate, count: number): IsoDate {
  return toIsoDate(new Date(toUtcDate(from).getTime() + count * DAY_MS));
}

/**
 * The same-numbered day `count` months after `from`, or that month's last day when it has none (民法典 第二百零二条:
 * 到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日).
 */
function addMonths(from: IsoDate, count: number): IsoDate {
  const start = toUtcDate(from);
  const monthIndex = start.getUTCMonth() + count;
  const year = start.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const date = new Date(Date.UTC(year, month, Math.min(start.getUTCDate(), lastDay)));
  // Date.UTC maps years 0–99 to 1900–1999; the years of this system are far from it, but keep the year exact.
  date.setUTCFullYear(year);
  return toIsoDate(date);
}

/**
 * A period of calendar days or months whose last day is a rest day (a weekend day that is not a make-up workday,
 * or an official holiday) ends on the next working day (民法典 第二百零三条).
 */
function rollToWorkingDay(calendar: WorkingCalendar, last: IsoDate): WorkingDayResult {
  let date = last;
  for (;;) {
    const isWorking = calendar.isWorkingDay(date);
    if (typeof isWorking === 'object') {
      return isWorking;
    }
    if (isWorking) {
      return { kind: 'date', date };
    }
    date = addCalendarDays(date, 1);
  }
}

/**
 * The deadline of a period of `count` units counted from the day after `event` (an instant, taken as its China
 * date, or the China date itself), as the rules count time limits:
 * - `working_days`: the `count`-th working day of the official calendar (`WorkingCalendar.addWorkingDays`);
 * - `days`: the day `count` calendar days later; `months`: the same-numbered day `count` months later, or that
 *   month's last day where there is none (Jan 31 + 1 month → Feb 28/29); either moved to the next working day
 *   when it is a rest day;
 * - a count of 0 ends on the event's own day, for every unit, without looking at the calendar.
 * When the calendar of a year the computation needs is missing, the answer names that year and has no due date
 * (for days and months only the last day and the days it moves over are looked at).
 * Throws for a count that is negative, not an integer or above `DEADLINE_MAX_COUNT`, or an event date that is not
 * a real `YYYY-MM-DD` date: callers check what they are given at their boundary (`DeadlinePeriodSchema`).
 */
export function computeDeadline(
  calendar: WorkingCalendar,
  event: Date | IsoDate,
  count: number,
  unit: DeadlineUnit,
): Deadline {
  if (!Number.isInteger(count) || count < 0 || count > DEADLINE_MAX_COUNT) {
    throw new Error(`deadline count must be an integer from 0 to ${DEADLINE_MAX_COUNT}, got ${count}`);
  }
  const from = typeof event === 'string' ? event : chinaDateOf(event);
  if (!isIsoCalendarDate(from)) {
    throw new Error(`not a calendar date: ${from}`);
  }
  let result: WorkingDayResult;
  if (count === 0) {
    result = { kind: 'date', date: from };
  } else {
    switch (unit) {
      case 'working_days':
        result = calendar.addWorkingDays(from, count);
        break;
      case 'days':
        result = rollToWorkingDay(calendar, addCalendarDays(from, count));
        break;
      case 'months':
        result = rollToWorkingDay(calendar, addMonths(from, count));
        break;
    }
  }
  return result.kind === 'date'
    ? { unit, count, from, due: result.date, calendarMissingYear: null }
    : { unit, count, from, due: null, calendarMissingYear: result.year };
}

/** The deadline of a period (`ACCEPTANCE_NOTICE_PERIOD`, `TRANSFER_PERIOD` …) counted from `event`. */
export function computePeriodDeadline(
  calendar: WorkingCalendar,
  event: Date | IsoDate,
  period: { count: number; unit: DeadlineUnit },
): Deadline {
  return computeDeadline(calendar, event, period.count, period.unit);
}
