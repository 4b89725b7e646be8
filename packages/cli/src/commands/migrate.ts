import type { Command } from 'commander';
import { cliConfig, print, runOperation } from '../runtime.js';

/** `zhengming migrate`: applies pending database migrations (a running server did so at start). */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('执行数据库结构迁移 / apply database migrations')
    .action(async () => {
      const { result, route } = await runOperation(cliConfig(), 'migrate', {});
      if (route === 'channel') {
        print('服务正在运行，启动时已完成迁移，无需操作。 / The running server migrated at start; nothing to do.');
      } else if (result.applied.length === 0) {
        print('数据库结构已是最新。 / The database is up to date.');
      } else {
        print(`已执行迁移 / applied migrations: ${result.applied.join(', ')}`);
      }
    });
}
