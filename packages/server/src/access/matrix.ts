import type { DataClass, OfficeRelation, Role } from '@zhengming/contracts';

/** Everything the access matrix (docs/ACCESS.md) looks at for one user and one item. */
export interface AccessQuestion {
  /** The user's active roles in their active office (views never merge offices). */
  roles: readonly Role[];
  /** Where the item's office stands relative to the active office. */
  relation: OfficeRelation;
  dataClass: DataClass;
  /** The user is on the item's handling team or its approval step. */
  isAssigned: boolean;
  /** The user is recused from the item (a subject, a relative, a conflict). Overrides every cell. */
  isRecused: boolean;
  /** The user holds an approved, reason-logged reveal of this item's reporter identity. */
  hasApprovedReveal: boolean;
}

const METADATA_OWN: readonly Role[] = ['intake', 'supervisor', 'investigator', 'reviewer', 'leader', 'monitor'];
const METADATA_BELOW: readonly Role[] = ['leader', 'monitor', 'supervisor', 'reviewer'];
const CONTENT_OWN_ALWAYS: readonly Role[] = ['intake'];
const CONTENT_OWN_ASSIGNED: readonly Role[] = ['supervisor', 'investigator', 'reviewer', 'leader'];
const CONTENT_BELOW: readonly Role[] = ['leader', 'reviewer'];

const hasAny = (roles: readonly Role[], allowed: readonly Role[]): boolean => roles.some((r) => allowed.includes(r));

/**
 * The access matrix of docs/ACCESS.md, evaluated in the user's active office. Parent, sibling and unrelated
 * offices see nothing; `admin` and `auditor` never see items; recusal overrides every cell.
 */
export function canAccess(q: AccessQuestion): boolean {
  if (q.isRecused) {
    return false;
  }
  const isBelow = q.relation === 'child' || q.relation === 'deeper';
  if (q.relation !== 'own' && !isBelow) {
    return false;
  }
  switch (q.dataClass) {
    case 'metadata':
      return hasAny(q.roles, q.relation === 'own' ? METADATA_OWN : METADATA_BELOW);
    case 'content':
      if (q.relation === 'own') {
        return hasAny(q.roles, CONTENT_OWN_ALWAYS) || (q.isAssigned && hasAny(q.roles, CONTENT_OWN_ASSIGNED));
      }
      return hasAny(q.roles, CONTENT_BELOW);
    case 'identity':
      if (q.relation === 'own' && hasAny(q.roles, ['intake'])) {
        return true;
      }
      // Anyone else — in the own office or above — only through an approved reveal, and only if they may
      // see the item at all.
      return q.hasApprovedReveal && canAccess({ ...q, dataClass: 'metadata', hasApprovedReveal: false });
  }
}

/** Which cells of one data class a set of roles opens: in the own office (always, when assigned, never) and below. */
export interface ClassScope {
  own: 'always' | 'assigned' | 'never';
  below: boolean;
}

/**
 * The cells of the matrix the roles open for a data class, for filtering lists in SQL the way `canAccess` decides
 * one item. Identity is never opened by a list (only intake sees it, item by item, and never in a list).
 */
export function classScope(roles: readonly Role[], dataClass: DataClass): ClassScope {
  switch (dataClass) {
    case 'metadata':
      return { own: hasAny(roles, METADATA_OWN) ? 'always' : 'never', below: hasAny(roles, METADATA_BELOW) };
    case 'content':
      return {
        own: hasAny(roles, CONTENT_OWN_ALWAYS) ? 'always' : hasAny(roles, CONTENT_OWN_ASSIGNED) ? 'assigned' : 'never',
        below: hasAny(roles, CONTENT_BELOW),
      };
    case 'identity':
      return { own: 'never', below: false };
  }
}

/** Where `itemPath` stands relative to `activePath` (materialised paths '/a/b/'). */
export function relationOf(activePath: string, activeParentPath: string | null, itemPath: string): OfficeRelation {
  if (itemPath === activePath) {
    return 'own';
  }
  if (itemPath.startsWith(activePath)) {
    const extra = itemPath.slice(activePath.length).split('/').filter(Boolean).length;
    return extra === 1 ? 'child' : 'deeper';
  }
  if (activePath.startsWith(itemPath)) {
    return 'parent';
  }
  if (activeParentPath !== null && itemPath.startsWith(activeParentPath)) {
    const extra = itemPath.slice(activeParentPath.length).split('/').filter(Boolean).length;
    if (extra === 1) {
      return 'sibling';
    }
  }
  return 'none';
}

/** The materialised path of the parent of the office at `path` ('/a/b/' → '/a/'); null for the root. */
export function parentPathOf(path: string): string | null {
  const ids = path.split('/').filter(Boolean);
  return ids.length <= 1 ? null : `/${ids.slice(0, -1).join('/')}/`;
}
