import type { Command } from 'commander';
import { startServer } from '@zhengming/server';
import { cliConfig } from '../runtime.js';

/** `zhengming serve [--demo]`: runs the app until SIGINT/SIGTERM. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('启动服务（空数据库首次启动时创建系统管理员并显示一次性密码） / start the server')
    .option('--demo', '空数据库时写入演示机关和各角色演示用户（仅供体验） / seed demo offices and users')
    .action(async (options: { demo?: boolean }) => {
      await startServer(cliConfig(), { isDemo: options.demo === true });
    });
}
