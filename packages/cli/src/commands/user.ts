import { Option, type Command } from 'commander';
import { ROLES, visibleText, type Role } from '@zhengming/contracts';
import { AppError } from '@zhengming/server';
import { checkArguments, cliConfig, print, runOperation, UsageError } from '../runtime.js';
import { grantLine, oneTimePasswordBox, userLabel, usersTable } from './format.js';

interface GrantOptions {
  office?: string;
  role?: Role;
  principal?: boolean;
  approvedBy?: string;
}

const roleOption = (): Option => new Option('--role <role>', '角色 / role').choices(ROLES);

/** `zhengming user add | disable | reset | grant | list`. */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('用户与授权 / users and role grants');

  user
    .command('add')
    .description('新建用户（显示一次性密码），可同时授权 / create a user, optionally with a grant')
    .argument('<username>', '用户名（3–32 个小写字母、数字或 . _ -）')
    .requiredOption('--name <显示名>', '姓名或显示名 / display name')
    .option('--office <name-or-id>', '授权的机关（名称或编号）/ office of the grant')
    .addOption(roleOption())
    .option('--principal', '主要负责人（仅限 leader）/ principal leader')
    .option('--approved-by <leader>', '批准授权的领导用户名（业务角色必填）/ approving leader')
    .action(async (username: string, options: GrantOptions & { name: string }) => {
      if ((options.office === undefined) !== (options.role === undefined)) {
        throw new UsageError('--office 与 --role 须同时给出 / --office and --role go together');
      }
      if (options.office === undefined && (options.principal === true || options.approvedBy !== undefined)) {
        throw new UsageError('--principal 与 --approved-by 只能与 --office/--role 一起使用 / need --office and --role');
      }
      const grant =
        options.office !== undefined && options.role !== undefined
          ? {
              office: options.office,
              role: options.role,
              isPrincipal: options.principal === true,
              ...(options.approvedBy === undefined ? {} : { approvedBy: options.approvedBy }),
            }
          : undefined;
      const params = { username, displayName: options.name, ...(grant === undefined ? {} : { grant }) };
      checkArguments('user.add', params, {
        username: '<username>',
        displayName: '--name',
        'grant.office': '--office',
        'grant.approvedBy': '--approved-by',
      });
      const { result } = await runOperation(cliConfig(), 'user.add', params);
      print(`已创建用户 / user created: ${userLabel(result.user)}`);
      if (result.grant !== null) {
        print(`已授权 / granted: ${grantLine(result.grant)}`);
      }
      print(oneTimePasswordBox(result.user.username, result.oneTimePassword));
      if (result.grantError !== null) {
        throw new AppError(
          result.grantError.code,
          `the user was created, but the grant was refused: ${result.grantError.message}`,
          { userMessage: `用户已创建，但授权被拒绝：${result.grantError.userMessage ?? result.grantError.message}` },
        );
      }
    });

  user
    .command('disable')
    .description('停用用户并结束其所有会话 / disable a user and end its sessions')
    .argument('<username>')
    .action(async (username: string) => {
      checkArguments('user.disable', { username }, { username: '<username>' });
      const { result } = await runOperation(cliConfig(), 'user.disable', { username });
      print(`已停用用户 / user disabled: ${userLabel(result.user)}`);
    });

  user
    .command('enable')
    .description('重新启用已停用的用户（沿用原密码与动态验证码）/ re-enable a disabled user (same password and TOTP)')
    .argument('<username>')
    .action(async (username: string) => {
      checkArguments('user.enable', { username }, { username: '<username>' });
      const { result } = await runOperation(cliConfig(), 'user.enable', { username });
      print(`已启用用户 / user enabled: ${userLabel(result.user)}`);
    });

  user
    .command('reset')
    .description(
      '重置密码与动态验证码，显示新的一次性密码；担任业务或审计角色的账号须指明批准的领导 / reset password and TOTP',
    )
    .argument('<username>')
    .option('--approved-by <leader>', '批准重置的领导用户名（业务或审计角色的账号必填）/ approving leader')
    .option(
      '--break-glass',
      '紧急重置：仅当没有其他领导可以批准时（如根机关唯一的领导），须同时给出 --reason / only when no leader can approve',
    )
    .option('--reason <text>', '紧急重置的理由（记入审计日志）/ why, for the audit log')
    .action(async (username: string, options: { approvedBy?: string; breakGlass?: boolean; reason?: string }) => {
      if (options.breakGlass === true && options.approvedBy !== undefined) {
        throw new UsageError('--break-glass 与 --approved-by 不能同时使用 / not both');
      }
      if ((options.breakGlass === true) !== (options.reason !== undefined)) {
        throw new UsageError('--break-glass 须与 --reason 同时给出 / --break-glass needs --reason');
      }
      const params = {
        username,
        ...(options.approvedBy === undefined ? {} : { approvedBy: options.approvedBy }),
        ...(options.reason === undefined ? {} : { breakGlassReason: options.reason }),
      };
      checkArguments('user.reset', params, {
        username: '<username>',
        approvedBy: '--approved-by',
        breakGlassReason: '--reason',
      });
      const { result } = await runOperation(cliConfig(), 'user.reset', params);
      print(
        `已重置用户 / user reset: ${visibleText(result.user.username)}；其动态验证码须重新绑定 / TOTP must be enrolled again`,
      );
      print(oneTimePasswordBox(result.user.username, result.oneTimePassword));
    });

  user
    .command('grant')
    .description('授予角色；业务角色须由本机关或上级机关的领导批准 / grant a role')
    .argument('<username>')
    .requiredOption('--office <name-or-id>', '机关（名称或编号）/ office')
    .addOption(roleOption().makeOptionMandatory())
    .option('--principal', '主要负责人（仅限 leader）/ principal leader')
    .option('--approved-by <leader>', '批准授权的领导用户名（业务角色必填）/ approving leader')
    .action(async (username: string, options: Required<Pick<GrantOptions, 'office' | 'role'>> & GrantOptions) => {
      const params = {
        username,
        office: options.office,
        role: options.role,
        isPrincipal: options.principal === true,
        ...(options.approvedBy === undefined ? {} : { approvedBy: options.approvedBy }),
      };
      checkArguments('user.grant', params, { username: '<username>', office: '--office', approvedBy: '--approved-by' });
      const { result } = await runOperation(cliConfig(), 'user.grant', params);
      print(`已授权 / granted: ${visibleText(username)} — ${grantLine(result.grant)}`);
    });

  user
    .command('list')
    .description('列出用户及其角色 / list users and their roles')
    .action(async () => {
      const { result } = await runOperation(cliConfig(), 'user.list', {});
      print(usersTable(result.users));
    });
}
