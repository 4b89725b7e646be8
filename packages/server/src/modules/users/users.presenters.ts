import type { PendingGrant, RoleGrant, User } from '@zhengming/contracts';
import type { UserRow } from '../../db/database.js';
import type { GrantWithOffice } from './users.repository.js';

/** The API shapes of users and role grants, shared by the user and the grant services. */

const toIso = (value: Date | string): string => new Date(value).toISOString();

/** The API shape of a grant. */
export function presentGrant(grant: GrantWithOffice): RoleGrant {
  return {
    id: grant.id,
    userId: grant.user_id,
    officeId: grant.office_id,
    officeName: grant.office_name,
    role: grant.role,
    isPrincipal: grant.is_principal,
    status: grant.status,
  };
}

/** The API shape of a pending grant, with who it is for and who asked for it (a leader's list to approve). */
export function presentPendingGrant(
  row: GrantWithOffice & { username: string; display_name: string; requested_by_name: string | null },
): PendingGrant {
  return {
    ...presentGrant(row),
    username: row.username,
    displayName: row.display_name,
    requestedByName: row.requested_by_name,
    createdAt: toIso(row.created_at),
  };
}

/** The API shape of a user with the grants the viewer may see. */
export function presentUser(row: UserRow, grants: readonly GrantWithOffice[]): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    isDisabled: row.is_disabled,
    hasTotp: row.totp_secret_sealed !== null,
    createdAt: toIso(row.created_at),
    grants: grants.filter((g) => g.user_id === row.id && g.status !== 'revoked').map(presentGrant),
  };
}
