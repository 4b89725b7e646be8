import {
  OFFICE_LEVEL_LABELS,
  ROLE_LABELS,
  type Office,
  type OfficeLevel,
  type Role,
  type RoleGrant,
  type User,
  visibleText,
} from '@zhengming/contracts';
import { formatBox, formatTable } from '@zhengming/server';

const STATUS_LABELS: Record<RoleGrant['status'], string> = {
  active: '已生效',
  pending: '待批准',
  revoked: '已撤销',
};

/*
 * Every name, username and reason printed comes from the database, which may hold text written before the text
 * rules (contracts/src/text.ts) or behind the application's back: each is passed through `visibleText` where it
 * is put in a line, so that a crafted name cannot move the cursor, erase or forge a line of the operator's screen.
 */

/** 信访干部 intake */
export function roleLabel(role: Role): string {
  return `${ROLE_LABELS[role].zh} ${role}`;
}

/** A user as `username（display name）`, escaped. */
export function userLabel(user: Pick<User, 'username' | 'displayName'>): string {
  return `${visibleText(user.username)}（${visibleText(user.displayName)}）`;
}

/** 县级 county */
export function levelLabel(level: OfficeLevel): string {
  return `${OFFICE_LEVEL_LABELS[level].zh} ${level}`;
}

/** One grant on one line: role, office, principal flag, status. */
export function grantLine(grant: RoleGrant): string {
  const principal = grant.isPrincipal ? '（主要负责人 principal）' : '';
  return `${roleLabel(grant.role)}${principal} @ ${visibleText(grant.officeName)}（${STATUS_LABELS[grant.status]} ${grant.status}）`;
}

/** The one-time password, framed, with what the user must do with it. */
export function oneTimePasswordBox(username: string, oneTimePassword: string): string {
  return formatBox([
    `用户 User: ${visibleText(username)}`,
    `一次性密码 One-time password: ${oneTimePassword}`,
    '只显示这一次；首次登录须修改密码，并绑定动态验证码（TOTP）。',
    'Shown once; change it at first sign-in, then enrol TOTP.',
  ]);
}

/** Users as a table. */
export function usersTable(users: readonly User[]): string {
  if (users.length === 0) {
    return '（没有用户 / no users）';
  }
  const rows = users.map((user) => [
    visibleText(user.username),
    visibleText(user.displayName),
    user.isDisabled ? '已停用 disabled' : '正常 active',
    user.hasTotp ? '已绑定 yes' : '未绑定 no',
    user.grants.length === 0 ? '—' : user.grants.map(grantLine).join('；'),
  ]);
  return formatTable(['用户名 Username', '姓名 Name', '状态 Status', 'TOTP', '角色 Roles'], rows);
}

/** Offices as an indented tree, children under their parent, siblings by name. */
export function officeTree(offices: readonly Office[]): string {
  if (offices.length === 0) {
    return '（没有机关 / no offices）';
  }
  const ids = new Set(offices.map((o) => o.id));
  const childrenOf = new Map<string | null, Office[]>();
  for (const office of offices) {
    // An office whose parent is not listed (outside the visible scope) is shown as a top-level entry.
    const parent = office.parentId !== null && ids.has(office.parentId) ? office.parentId : null;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), office]);
  }
  const lines: string[] = [];
  const walk = (parent: string | null, prefix: string): void => {
    const children = [...(childrenOf.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    children.forEach((office, i) => {
      const isLast = i === children.length - 1;
      const branch = parent === null ? '' : isLast ? '└─ ' : '├─ ';
      lines.push(`${prefix}${branch}${visibleText(office.name)}（${levelLabel(office.level)}）  ${office.id}`);
      walk(office.id, parent === null ? '' : `${prefix}${isLast ? '   ' : '│  '}`);
    });
  };
  walk(null, '');
  return lines.join('\n');
}
