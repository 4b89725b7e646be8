import { z } from 'zod';
import { AppError } from '../../errors.js';
import { auditOperator, defineOperation } from '../../ops/define-operation.js';
import { addCalendarYear, checkYearFile, listCalendarYears, type CalendarYearSummary } from './calendar.service.js';

/** `zhengming calendar list | add FILE`. */
export const CALENDAR_OPERATIONS = {
  'calendar.list': defineOperation(z.object({}), async (ctx, actor): Promise<{ years: CalendarYearSummary[] }> => {
    const years = await listCalendarYears(ctx.db);
    await auditOperator(ctx, actor, 'operator.read', { command: 'calendar list' });
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
