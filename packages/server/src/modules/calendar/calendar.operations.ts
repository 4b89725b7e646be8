import { z } from 'zod';
import { AppError } from '../../errors.js';
import { auditOperator, defineOperation } from '../../ops/define-operation.js';
import {
  addCalendarYear,
  checkYearFile,
  listCalendarYears,
  loadCalendarYears,
  type CalendarYearSummary,
} from './calendar.service.js';
import type { CalendarYear } from './working-calendar.js';

/** `zhengming calendar list | add FILE | due`. */
export const CALENDAR_OPERATIONS = {
  'calendar.list': defineOperation(z.object({}), async (ctx, actor): Promise<{ years: CalendarYearSummary[] }> => {
    const years = await listCalendarYears(ctx.db);
    await auditOperator(ctx, actor, 'operator.read', { command: 'calendar list' });
    return { years };
  }),
  // `calendar due` computes its dates in the CLI from the years in force (a stream of any length, one read).
  'calendar.due': defineOperation(z.object({}), async (ctx, actor): Promise<{ years: CalendarYear[] }> => {
    const years = await loadCalendarYears(ctx.db);
    await auditOperator(ctx, actor, 'operator.read', { command: 'calendar due' });
    return { years };
  }),
  'calendar.add-year': defineOperation(
    z.object({ file: z.unknown() }),
    async (ctx, actor, params): Promise<{ year: CalendarYearSummary }> => {
      const checked = checkYearFile(params.file);
      if (!checked.ok) {
        throw new AppError('VALIDATION_FAILED', `calendar year file: ${checked.problems.join('; ')}`, {
          details: checked.problems.map((problem) => ({ path: 'file', message: problem })),
          userMessage: `日历年度文件有误：${checked.problems.join('；')}`,
        });
      }
      return { year: await addCalendarYear(ctx.db, ctx.audit, actor, checked.year) };
    },
  ),
};
