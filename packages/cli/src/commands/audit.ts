import fs from 'node:fs';
import { Option, type Command } from 'commander';
import type { Locale } from '@zhengming/contracts';
import { AppError, formatVerifyReport, parseExportedHeads } from '@zhengming/server';
import { AuditProblemsError } from '../cli-errors.js';
import { cliConfig, print, runOperation } from '../runtime.js';
import { readFileOrThrow } from './read-file.js';

/** `zhengming audit verify [--heads FILE]` and `zhengming audit head [--out FILE]`. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('审计日志 / audit log');

  audit
    .command('verify')
    .description('校验每条审计哈希链；给出导出的链头可发现被截断的尾部 / verify every audit chain')
    .option('--heads <file>', '此前用 audit head 导出的链头文件 / heads exported earlier')
    .addOption(new Option('--locale <locale>', '报告语言 / report language').choices(['zh-CN', 'en']).default('zh-CN'))
    .action(async (options: { heads?: string; locale: Locale }) => {
      const heads = options.heads === undefined ? undefined : parseExportedHeads(readFileOrThrow(options.heads));
      const { result } = await runOperation(cliConfig(), 'audit.verify', heads === undefined ? {} : { heads });
      print(formatVerifyReport(result, options.locale));
      if (!result.ok) {
        throw new AuditProblemsError('audit verification found problems');
      }
    });

  audit
    .command('head')
    .description('导出每条审计链的链头，供离线保存 / export the chain heads to keep outside the system')
    .option('--out <file>', '写入新文件（默认输出到屏幕）/ write to a new file (default stdout)')
    .action(async (options: { out?: string }) => {
      const { result } = await runOperation(cliConfig(), 'audit.head', {});
      const text = `${JSON.stringify(result, null, 2)}\n`;
      if (options.out === undefined) {
        process.stdout.write(text);
        return;
      }
      try {
        fs.writeFileSync(options.out, text, { flag: 'wx', mode: 0o644 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new AppError('CONFLICT', `the file ${options.out} exists already`, {
            userMessage: `文件 ${options.out} 已存在，请换一个文件名。`,
          });
        }
        throw error;
      }
      print(
        `已导出 ${Object.keys(result.chains).length} 条链的链头 / exported the heads of ${Object.keys(result.chains).length} chains: ${options.out}`,
      );
      print('请将该文件保存在系统之外（如离线介质）。 / Keep this file outside the system.');
    });
}
