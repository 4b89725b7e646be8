/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;
/** The offices' time zone, +08:00, in milliseconds. */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The calendar day (days since 1970-01-01 in +08:00) an instant falls on. */
export function calendarDay(epochMs: number): number {
  return Math.floor((epochMs + CHINA_OFFSET_MS) / DAY_MS);
}

/** `YYYY-MM-DD` of an instant in +08:00. */
export function formatDay(epochMs: number): string {
  return new Date(calendarDay(epochMs) * DAY_MS).toISOString().slice(0, 10);
}
