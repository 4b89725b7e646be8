import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorActor } from '../../ops/operations.js';
import { TestClock } from '../../test-support/test-clock.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-db.js';
import { testAuditWriter } from '../../test-support/test-key.js';
import { addCalendarYear, checkYearFile, listCalendarYears, loadWorkingCalendar } from './calendar.service.js';

const NOTICE_2027 = '国务院办公厅关于2027年部分节假日安排的通知';
const YEAR_2027 = {
  year: 2027,
  papers: [NOTICE_2027],
  days: [
    { name: '元旦', date: '2027-01-01', isOffDay: true },
    { name: '春节', date: '2027-02-06', isOffDay: false },
    { name: '春节', date: '2027-02-08', isOffDay: true },
  ],
};

describe('checkYearFile', () => {
  it('accepts a year in the holiday-cn format and takes the notice as its source', () => {
    const checked = checkYearFile(YEAR_2027);
    expect(checked).toEqual({
      ok: true,
      year: { year: 2027, source: NOTICE_2027, days: YEAR_2027.days },
    });
  });

  it('lists every problem: dates outside the year, impossible or repeated dates, no notice, no days', () => {
    const checked = checkYearFile({
      year: 2027,
      papers: [' '],
      days: [
        { name: '元旦', date: '2026-12-31', isOffDay: true },
        { name: '春节', date: '2027-02-30', isOffDay: true },
        { name: '清明', date: '2027-04-05', isOffDay: true },
        { name: '清明', date: '2027-04-05', isOffDay: true },
      ],
    });
    expect(checked.ok).toBe(false);
    expect(checked.ok ? [] : checked.problems).toEqual([
      'papers: name the State Council notice the days come from',
      'days: 2026-12-31 is outside 2027',
      'days: 2027-02-30 is not a calendar date',
      'days: 2027-04-05 is listed twice',
    ]);
    const empty = checkYearFile({ year: 2027, papers: [NOTICE_2027], days: [] });
    expect(empty.ok ? [] : empty.problems).toEqual([
      'days: empty (an empty list marks a year as missing; there is nothing to add)',
    ]);
  });

  it('names the fields a malformed file gets wrong', () => {
    const checked = checkYearFile({ year: '2027', days: [{ date: '2027/01/01' }] });
    expect(checked.ok).toBe(false);
    const problems = checked.ok ? '' : checked.problems.join('\n');
    expect(problems).toContain('year:');
    expect(problems).toContain('papers:');
    expect(problems).toContain('days.0.date:');
  });
});

describe('addCalendarYear', () => {
  let database: TestDatabase;
  const clock = new TestClock({ start: new Date('2026-11-27T08:00:00Z') });
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('replaces the missing shipped year, applies to working days and is audited as its actor', async () => {
    const before = (await listCalendarYears(database.db)).find((year) => year.year === 2027);
    expect(before).toMatchObject({ origin: 'shipped', isMissing: true });

    const checked = checkYearFile(YEAR_2027);
    if (!checked.ok) {
      throw new Error(checked.problems.join('; '));
    }
    const added = await addCalendarYear(database.db, testAuditWriter(clock), operatorActor('cli:tester'), checked.year);
    expect(added).toEqual({
      year: 2027,
      origin: 'added',
      source: NOTICE_2027,
      isMissing: false,
      offDays: 2,
      workdays: 1,
      addedAt: '2026-11-27T08:00:00.000Z',
    });
    expect((await listCalendarYears(database.db)).find((year) => year.year === 2027)).toEqual(added);

    const calendar = await loadWorkingCalendar(database.db);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
    // Saturday 6 February 2027 is a make-up workday in this file.
    expect(calendar.isWorkingDay('2027-02-06')).toBe(true);

    const entries = await database.db
      .selectFrom('audit_entries')
      .select(['action', 'actor_id', 'details'])
      .where('action', '=', 'calendar.year_added')
      .execute();
    expect(entries).toEqual([
      {
        action: 'calendar.year_added',
        actor_id: null,
        details: {
          year: 2027,
          source: NOTICE_2027,
          offDays: 2,
          workdays: 1,
          replacesEarlierAddition: false,
          operator: 'cli:tester',
        },
      },
    ]);
  });

  it('replaces an earlier addition of the same year', async () => {
    const corrected = checkYearFile({ ...YEAR_2027, days: YEAR_2027.days.slice(0, 1) });
    if (!corrected.ok) {
      throw new Error(corrected.problems.join('; '));
    }
    clock.advanceMinutes(5);
    await addCalendarYear(database.db, testAuditWriter(clock), operatorActor('cli:tester'), corrected.year);
    expect((await listCalendarYears(database.db)).find((year) => year.year === 2027)).toMatchObject({
      offDays: 1,
      workdays: 0,
    });
    const calendar = await loadWorkingCalendar(database.db);
    expect(calendar.isWorkingDay('2027-02-08')).toBe(true);
    const last = await database.db
      .selectFrom('audit_entries')
      .select('details')
      .where('action', '=', 'calendar.year_added')
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.details).toMatchObject({ replacesEarlierAddition: true });
  });
});
