import type { DataClass, OfficeRelation, Role, UserId, OfficeId } from '@zhengming/contracts';
import { notFound } from '../errors.js';
import { findOfficePaths } from './access.repository.js';
import type { Actor } from './actor.js';
import { canAccess, parentPathOf, relationOf } from './matrix.js';
import type { Db } from '../deps.js';
import type { AuthContext } from './auth-context.js';

/** What the access matrix needs to know about one item (a complaint, a lead, a document…). */
export interface ItemAccessTarget {
  /** The office that holds the item. */
  officeId: OfficeId;
  /** The data class the caller is about to read or change. */
  dataClass: DataClass;
  /** Users on the item's handling team or its approval step. */
  assignedUserIds: readonly string[];
  /** Users recused from the item (subjects, relatives, conflicts): they never see it. */
  recusedUserIds: readonly string[];
  /** Users holding an approved, reason-logged reveal of the item's reporter identity. */
  revealedUserIds?: readonly string[];
}

/** A signed-in request's context or a service actor. The operator (CLI) never sees case content. */
export type AccessSubject = AuthContext | Actor;

interface ResolvedSubject {
  userId: UserId;
  activeOfficeId: OfficeId | null;
  roles: readonly Role[];
}

function resolveSubject(who: AccessSubject): ResolvedSubject | null {
  if ('kind' in who) {
    return who.kind === 'operator'
      ? null
      : { userId: who.userId, activeOfficeId: who.activeOfficeId, roles: who.activeRoles };
  }
  return { userId: who.userId, activeOfficeId: who.activeOfficeId, roles: who.activeRoles };
}

/**
 * Whether the subject may open the item's data class: the relation between its active office and the item's
 * office comes from the materialised paths, then the matrix of docs/ACCESS.md decides. Returns the relation too,
 * or null when the subject has no office in common with the item at all.
 */
export async function checkItemAccess(
  db: Db,
  who: AccessSubject,
  item: ItemAccessTarget,
): Promise<{ isAllowed: boolean; relation: OfficeRelation | null }> {
  const subject = resolveSubject(who);
  if (subject === null || subject.activeOfficeId === null) {
    return { isAllowed: false, relation: null };
  }
  const paths = await findOfficePaths(db, [subject.activeOfficeId, item.officeId]);
  const activePath = paths.get(subject.activeOfficeId);
  const itemPath = paths.get(item.officeId);
  if (activePath === undefined || itemPath === undefined) {
    return { isAllowed: false, relation: null };
  }
  const relation = relationOf(activePath, parentPathOf(activePath), itemPath);
  const isAllowed = canAccess({
    roles: subject.roles,
    relation,
    dataClass: item.dataClass,
    isAssigned: item.assignedUserIds.includes(subject.userId),
    isRecused: item.recusedUserIds.includes(subject.userId),
    hasApprovedReveal: (item.revealedUserIds ?? []).includes(subject.userId),
  });
  return { isAllowed, relation };
}

/**
 * Refuses access with "not found" — the same answer as a missing item, so a refusal reveals nothing — unless
 * the matrix allows it. Returns the relation of the item's office to the subject's active office.
 */
export async function assertCanAccess(db: Db, who: AccessSubject, item: ItemAccessTarget): Promise<OfficeRelation> {
  const { isAllowed, relation } = await checkItemAccess(db, who, item);
  if (!isAllowed || relation === null) {
    throw notFound(`${item.dataClass} of an item`);
  }
  return relation;
}
