import type { Command } from 'commander';
import { AppError } from '@zhengming/server';
import { cliConfig, print, runOperation } from '../runtime.js';
import { runCalendarDue } from './calendar-due.js';
import { readFileOrThrow } from './read-file.js';

/** `zhengming calendar list | add FILE | due`: the official working-day calendar (holidays and 调休). */
export function registerCalendarCommands(program: Command): void {
  const calendar = program.command('calendar').description('法定节假日与调休日历 / official working-day calendar');

  calendar
    .command('list')
    .description('列出生效的年度日历 / list the years in force')
    .action(async () => {
      const { result } = await runOperation(cliConfig(), 'calendar.list', {});
      for (const year of result.years) {
        const origin = year.origin === 'shipped' ? '随版本 shipped' : `已添加 added ${year.addedAt ?? ''}`;
        if (year.isMissing) {
          print(`${year.year}  ${origin}  缺失 missing：尚无国务院办公厅通知，涉及该年的期限显示“日历缺失”`);
          continue;
        }
        print(
          `${year.year}  ${origin}  放假 ${year.offDays} 天 off days，调休上班 ${year.workdays} 天 workdays  ${year.source}`,
        );
      }
    });

  calendar
    .command('add')
    .description('按国务院办公厅通知添加或替换一个年度（holiday-cn 格式 JSON，记入审计）/ add or replace a year')
    .argument('<file>', '年度文件，如 2027.json：{ year, papers: [通知], days: [{ name, date, isOffDay }] }')
    .action(async (file: string) => {
      const text = readFileOrThrow(file);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new AppError('VALIDATION_FAILED', `${file} is not JSON: ${(error as Error).message}`, {
          userMessage: `${file} 不是有效的 JSON 文件。`,
        });
      }
      const { result } = await runOperation(cliConfig(), 'calendar.add-year', { file: parsed });
      const year = result.year;
      print(
        `已添加 ${year.year} 年日历 / calendar year added: 放假 ${year.offDays} 天，调休上班 ${year.workdays} 天（${year.source}）`,
      );
    });

  calendar
    .command('due')
    .description(
      '期限到期日：自事件次日起算 N 个工作日、日或月（无参数时逐行读标准输入）/ due date of a period; no arguments: read DATE N UNIT lines from stdin',
    )
    .argument('[date]', '事件日期 YYYY-MM-DD / the event’s date')
    .argument('[count]', '期间长度 N / how many units')
    .argument('[unit]', 'working-days | days | months')
    .action(async (date: string | undefined, count: string | undefined, unit: string | undefined) => {
      await runCalendarDue([date, count, unit]);
    });
}
