import type { OfficeMembership, Role, SignInStep, UserId, OfficeId } from '@zhengming/contracts';

/** Who is calling, resolved from the session cookie for every request. */
export interface AuthContext {
  tokenHash: string;
  userId: UserId;
  username: string;
  displayName: string;
  step: SignInStep | null;
  csrfToken: string;
  activeOfficeId: OfficeId | null;
  /** Active roles in the active office only (views never merge offices). */
  activeRoles: Role[];
  isPrincipal: boolean;
  memberships: OfficeMembership[];
}
