import { CONTENT_ROLES, type Role, type UserId } from '@zhengming/contracts';
import { AppError } from '../../errors.js';

/**
 * The grant rules of docs/ACCESS.md that need no database: which roles open content, and which combinations
 * and flags are refused. The service applies them with the data it loaded under lock.
 */

/** A role that opens complaint content in some cell of the access matrix: its grant needs a leader's approval. */
export function opensContent(role: Role): boolean {
  return CONTENT_ROLES.includes(role);
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
 * `admin` is never combined with a content role for the same user, in any office, whichever comes first.
 * `liveRoles` are the user's pending and active grants.
 */
export function assertRoleCombination(role: Role, liveRoles: readonly Role[]): void {
  const clashes = role === 'admin' ? liveRoles.some(opensContent) : opensContent(role) && liveRoles.includes('admin');
  if (clashes) {
    throw grantNotAllowed(
      `admin combined with a content role (${role} with ${liveRoles.join(',')})`,
      '系统管理员不能同时担任业务角色（信访、监督检查、审查调查、审理、领导）。',
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
