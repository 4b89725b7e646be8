import { Option, type Command } from 'commander';
import { OFFICE_LEVELS, visibleText, type OfficeLevel } from '@zhengming/contracts';
import { checkArguments, cliConfig, print, runOperation } from '../runtime.js';
import { grantLine, levelLabel, officeTree } from './format.js';

/** `zhengming office add | list | bootstrap-leader`. */
export function registerOfficeCommands(program: Command): void {
  const office = program.command('office').description('机关 / offices');

  office
    .command('add')
    .description('新建机关；不指定上级即为根机关（仅当尚无根机关时）/ create an office (no parent = the root)')
    .argument('<name>', '机关名称 / office name')
    .addOption(new Option('--level <level>', '层级 / level').choices(OFFICE_LEVELS).makeOptionMandatory())
    .option('--parent <name-or-id>', '上级机关（名称或编号）/ parent office')
    .action(async (name: string, options: { level: OfficeLevel; parent?: string }) => {
      const params = {
        name,
        level: options.level,
        ...(options.parent === undefined ? {} : { parent: options.parent }),
      };
      checkArguments('office.add', params, { name: '<name>', parent: '--parent' });
      const { result } = await runOperation(cliConfig(), 'office.add', params);
      const root = result.office.parentId === null ? '（根机关 root）' : '';
      print(
        `已创建机关 / office created: ${visibleText(result.office.name)}${root}（${levelLabel(result.office.level)}）  ${result.office.id}`,
      );
    });

  office
    .command('list')
    .description('以树形列出机关 / list offices as a tree')
    .action(async () => {
      const { result } = await runOperation(cliConfig(), 'office.list', {});
      print(officeTree(result.offices));
    });

  office
    .command('bootstrap-leader')
    .description("登记根机关的首位领导（仅当根机关尚无领导时，记入审计）/ record the root office's first leader")
    .argument('<username>')
    .option('--principal', '主要负责人 / principal leader')
    .action(async (username: string, options: { principal?: boolean }) => {
      const params = { username, isPrincipal: options.principal === true };
      checkArguments('office.bootstrap-leader', params, { username: '<username>' });
      const { result } = await runOperation(cliConfig(), 'office.bootstrap-leader', params);
      print(`已登记根机关首位领导 / root leader recorded: ${visibleText(username)} — ${grantLine(result.grant)}`);
    });
}
