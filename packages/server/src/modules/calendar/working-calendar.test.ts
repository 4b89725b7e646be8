import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test-support/test-db.js';
import { loadShippedYears, loadWorkingCalendar } from './calendar.service.js';
import { WorkingCalendar, chinaDateOf } from './working-calendar.js';

describe('WorkingCalendar', () => {
  const calendar = new WorkingCalendar(loadShippedYears());

  it('ships every year from 2007 to 2026 and marks 2027 (empty notice) as missing', () => {
    for (let year = 2007; year <= 2026; year += 1) {
      expect(calendar.hasYear(year)).toBe(true);
    }
    expect(calendar.hasYear(2027)).toBe(false);
    expect(calendar.isWorkingDay('2027-03-01')).toEqual({ kind: 'calendar_missing', year: 2027 });
  });

  it('treats the National Day holiday as off and its weekend make-up day as a working day', () => {
    expect(calendar.isWorkingDay('2025-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2025-10-08')).toBe(false);
    // Sunday 28 September 2025 was a make-up workday for the National Day holiday.
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true);
    expect(calendar.isWorkingDay('2025-09-27')).toBe(false);
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
  });

  it('counts working days from the day after the event, skipping holidays and counting make-up days', () => {
    // Event on Friday 26 Sep 2025: Sun 28 Sep (make-up), Mon 29, Tue 30 are days 1–3; 1–8 Oct off; Thu 9 Oct day 4.
    expect(calendar.addWorkingDays('2025-09-26', 3)).toEqual({ kind: 'date', date: '2025-09-30' });
    expect(calendar.addWorkingDays('2025-09-26', 4)).toEqual({ kind: 'date', date: '2025-10-09' });
    expect(calendar.addWorkingDays('2025-09-26', 0)).toEqual({ kind: 'date', date: '2025-09-26' });
    expect(calendar.workingDaysBetween('2025-09-26', '2025-10-09')).toBe(4);
  });

  it('gives 15 working days for an ordinary fortnight-and-a-bit', () => {
    // Monday 3 Nov 2025 → 15 working days end on Monday 24 Nov 2025.
    expect(calendar.addWorkingDays('2025-11-03', 15)).toEqual({ kind: 'date', date: '2025-11-24' });
  });

  it('reports the missing year instead of guessing when a period runs into it', () => {
    expect(calendar.addWorkingDays('2026-12-20', 15)).toEqual({ kind: 'calendar_missing', year: 2027 });
  });

  it('takes the China date of an instant', () => {
    expect(chinaDateOf(new Date('2026-11-27T16:30:00Z'))).toBe('2026-11-28');
    expect(chinaDateOf(new Date('2026-11-27T15:59:59Z'))).toBe('2026-11-27');
  });

  it('lets a year added by an administrator replace the missing one', async () => {
    const database = await createTestDatabase();
    try {
      await database.db
        .insertInto('calendar_years')
        .values({
          year: 2027,
          days: JSON.stringify([{ name: '元旦', date: '2027-01-01', isOffDay: true }]),
          source: 'test notice',
        })
        .execute();
      const withAdded = await loadWorkingCalendar(database.db);
      expect(withAdded.hasYear(2027)).toBe(true);
      expect(withAdded.isWorkingDay('2027-01-01')).toBe(false);
      expect(withAdded.isWorkingDay('2027-01-04')).toBe(true);
    } finally {
      await database.destroy();
    }
  });
});
