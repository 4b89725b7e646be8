import { z } from 'zod';
import { singleLineText } from './text.js';

/**
 * The units a deadline carries (principle 7): working days on the official calendar with its make-up workdays
 * (调休), calendar days, months. Calendar days and months whose last day is a rest day end on the next working
 * day (民法典 第二百零一至二百零三条).
 */
export const DEADLINE_UNITS = ['working_days', 'days', 'months'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

/** The longest period a deadline may count (in its unit): far beyond any time limit of the rules. */
export const DEADLINE_MAX_COUNT = 10_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (years 0001–9999), e.g. not `2025-02-29`. */
export function isIsoCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (match === null) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  // Day 0 of the next month is the last day of this one (UTC, so no time zone moves it).
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A China calendar date `YYYY-MM-DD` (the day of an event, or a due date). */
export const IsoDateSchema = singleLineText({ max: 10 }).refine(isIsoCalendarDate, {
  message: '须为日期 YYYY-MM-DD / must be a date YYYY-MM-DD',
});

/** A period: how many units. A count of 0 ends on the event's own day. */
export const DeadlinePeriodSchema = z.object({
  count: z.number().int().min(0).max(DEADLINE_MAX_COUNT),
  unit: z.enum(DEADLINE_UNITS),
});
export type DeadlinePeriod = z.infer<typeof DeadlinePeriodSchema>;

/**
 * A computed deadline: the period, the event's China date it counts from (counting starts the day after), and
 * either the due date or the year whose official calendar is missing ("calendar missing": no date is guessed).
 */
export const DeadlineSchema = DeadlinePeriodSchema.extend({
  from: IsoDateSchema,
  due: IsoDateSchema.nullable(),
  calendarMissingYear: z.number().int().nullable(),
}).refine((deadline) => (deadline.due === null) !== (deadline.calendarMissingYear === null), {
  message: 'either a due date or the missing calendar year',
  path: ['due'],
});
export type Deadline = z.infer<typeof DeadlineSchema>;

/** Intake: the acceptance notice to a real-name reporter is due within 15 working days. */
export const ACCEPTANCE_NOTICE_PERIOD = { count: 15, unit: 'working_days' } as const satisfies DeadlinePeriod;

/** Intake: an item passed up to the higher office, or down to a lower one, within 5 working days. */
export const TRANSFER_PERIOD = { count: 5, unit: 'working_days' } as const satisfies DeadlinePeriod;
