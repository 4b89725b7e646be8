import { APPROVAL_ROLES, CONTENT_ROLES, type Role, type UserId } from '@zhengming/contracts';
import { AppError } from '../../errors.js';

/**
 * The grant rules of docs/ACCESS.md that need no database: which roles open content, and which combinations
 * and flags are refused. The service applies them with the data it loaded under lock.
 */

/** A role that opens complaint content in some cell of the access matrix. */
export function opensContent(role: Role): boolean {
  return CONTENT_ROLES.includes(role);
}

/**
 * A role guarded by a leader's approval: its grant, and a reset of an account holding it, need a leader of that
 * office or an ancestor (the content roles and `auditor`).
 */
export function needsApproval(role: Role): boolean {
  return APPROVAL_ROLES.includes(role);
}

/** A role `admin` never goes with, for one user in any office: the content roles and `auditor`. */
function clashesWithAdmin(role: Role): boolean {
  return opensContent(role) || role === 'auditor';
}

/** A refused grant, with the reason the user sees. */
export function grantNotAllowed(reason: string, userMessage: string): AppError {
  return new AppError('GRANT_NOT_ALLOWED', reason, { userMessage });
}

/** Nobody grants a role to themselves (the CLI operator is not a user, so never the grantee). */
export function assertNotSelfGrant(actorUserId: UserId | null, granteeId: UserId): void {
  if (actorUserId === granteeId) {
    throw grantNotAllowed('self-grant', '不能给自己授予角色。');
  }
}

/**
 * `admin` is never combined with a content role or with `auditor` for the same user, in any office, whichever
 * comes first: an administrator neither reads case content nor audits its own administration.
 * `liveRoles` are the user's pending and active grants.
 */
export function assertRoleCombination(role: Role, liveRoles: readonly Role[]): void {
  const clashes =
    role === 'admin' ? liveRoles.some(clashesWithAdmin) : clashesWithAdmin(role) && liveRoles.includes('admin');
  if (clashes) {
    throw grantNotAllowed(
      `admin combined with ${role === 'admin' ? liveRoles.join(',') : role}`,
      '系统管理员不能同时担任业务角色（信访、监督检查、审查调查、审理、领导）或审计角色。',
    );
  }
}

/** The principal flag (主要负责人) only marks a leader. */
export function assertPrincipalFlag(role: Role, isPrincipal: boolean): void {
  if (isPrincipal && role !== 'leader') {
    throw new AppError('VALIDATION_FAILED', `isPrincipal on a ${role} grant`, {
      details: [{ path: 'isPrincipal', message: 'only a leader can be the principal' }],
      userMessage: '只有领导角色可以标记为主要负责人。',
    });
  }
}

/**
 * Whether a leader whose active leader grants sit at `leaderOfficePaths` may approve a grant in the office at
 * `grantOfficePath`: a leader of that office or of an ancestor (never of a child or a sibling).
 */
export function isApprovingOffice(leaderOfficePaths: readonly string[], grantOfficePath: string): boolean {
  return leaderOfficePaths.some((path) => grantOfficePath.startsWith(path));
}

/** The paths of the office at `path` and of each of its ancestors, root first: '/a/b/' → ['/a/', '/a/b/']. */
export function pathsUpTo(path: string): string[] {
  const ids = path.split('/').filter((part) => part !== '');
  return ids.map((_, index) => `/${ids.slice(0, index + 1).join('/')}/`);
}

/** The path of the nearest office at or above every office at `paths` (their deepest common ancestor). */
export function commonAncestorPath(paths: readonly string[]): string {
  const [first, ...rest] = paths.map(pathsUpTo);
  if (first === undefined) {
    throw new Error('commonAncestorPath of no office');
  }
  const common = first.filter((ancestor) => rest.every((chain) => chain.includes(ancestor)));
  const nearest = common.at(-1);
  if (nearest === undefined) {
    throw new Error('offices without a common ancestor');
  }
  return nearest;
}
