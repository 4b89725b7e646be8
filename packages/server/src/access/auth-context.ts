import type { OfficeMembership, Role, SignInStep } from '@zhengming/contracts';

/** Who is calling, resolved from the session cookie for every request. */
export interface AuthContext {
  tokenHash: string;
  userId: string;
  username: string;
  displayName: string;
  step: SignInStep | null;
  csrfToken: string;
  activeOfficeId: string | null;
  /** Active roles in the active office only (views never merge offices). */
  activeRoles: Role[];
  isPrincipal: boolean;
  memberships: OfficeMembership[];
}
