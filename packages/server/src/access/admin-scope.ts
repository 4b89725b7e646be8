import type { UserId, OfficeId } from '@zhengming/contracts';
import { forbidden } from '../errors.js';
import { findOfficePaths } from './access.repository.js';
import type { Actor } from './actor.js';
import type { Db } from '../deps.js';

/**
 * Where an administrative actor may act: the operator (CLI) everywhere, an `admin` in the subtree of the
 * office where it holds `admin` and which is its active office (docs/ACCESS.md: admin is scoped to a subtree).
 */
export type AdminScope = { kind: 'all' } | { kind: 'subtree'; userId: UserId; officeId: OfficeId; path: string };

/** The scope of an actor that must be the operator or an admin in its active office; refuses anyone else. */
export async function resolveAdminScope(db: Db, actor: Actor): Promise<AdminScope> {
  if (actor.kind === 'operator') {
    return { kind: 'all' };
  }
  if (actor.activeOfficeId === null || !actor.activeRoles.includes('admin')) {
    throw forbidden('only an admin (or the operator) administers users and offices');
  }
  // The roles come from the session, re-read on every request; the path is what fixes the subtree.
  const path = (await findOfficePaths(db, [actor.activeOfficeId])).get(actor.activeOfficeId);
  if (path === undefined) {
    throw forbidden('the active office of the admin does not exist');
  }
  return { kind: 'subtree', userId: actor.userId, officeId: actor.activeOfficeId, path };
}

/** Whether an office (by its materialised path) lies in the scope, its own office included. */
export function isInScope(scope: AdminScope, officePath: string): boolean {
  return scope.kind === 'all' || officePath.startsWith(scope.path);
}

/**
 * Whether an office lies strictly below the scope's office. An `admin` grant is given (or revoked, or its
 * holder disabled) only from above: an admin never makes or unmakes a peer admin of its own office.
 */
export function isStrictlyBelowScope(scope: AdminScope, officePath: string): boolean {
  return scope.kind === 'all' || (officePath !== scope.path && officePath.startsWith(scope.path));
}

/** The path of the scope's office, a prefix of every path in the scope (null = everything). */
export function scopePath(scope: AdminScope): string | null {
  return scope.kind === 'all' ? null : scope.path;
}
