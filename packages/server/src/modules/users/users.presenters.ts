import type { AccountResetRequest, PendingGrant, RoleGrant, User } from '@zhengming/contracts';
import type { UserRow } from '../../db/database.js';
import type { ResetRequestRow } from './account-resets.repository.js';
import type { GrantWithOffice } from './users.repository.js';

/** The API shapes of users, role grants and account reset requests, shared by the services of this module. */

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

/** The API shape of an account reset request. */
export function presentResetRequest(row: ResetRequestRow): AccountResetRequest {
  return {
    id: row.id,
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    officeId: row.office_id,
    officeName: row.office_name,
    roles: row.roles.map((r) => ({ role: r.role, officeName: r.officeName })),
    requestedByName: row.requested_by_name,
    status: row.status,
    createdAt: toIso(row.created_at),
    decidedAt: row.decided_at === null ? null : toIso(row.decided_at),
    decidedByName: row.decided_by_name,
  };
}
