import type { DataClass, OfficeRelation, Role, SignInStep } from '@zhengming/contracts';

/**
 * Who may call a route, declared on every route in its `config.policy`. The policy hook enforces the
 * route-level part (signed in, step done, a role in the active office); services then check the item
 * itself (office relation, data class, assignment, recusal) with `canAccess`.
 */
export type RoutePolicy =
  /** Anyone, signed in or not (health, sign-in, the web shell's static files). `why` is for reviewers. */
  | { access: 'public'; why: string }
  /** A session that is still in one of the given sign-in steps (or done, when `orDone`). */
  | { access: 'sign-in-step'; steps: readonly SignInStep[]; orDone?: boolean }
  /** Any fully signed-in user acting on their own session or account. */
  | { access: 'self' }
  /**
   * A fully signed-in user holding one of `roles` in the active office. `dataClass` and `offices` state which
   * cells of the access matrix the route opens, for the matrix harness and the reviewer; `assigned` marks
   * content routes that also need assignment for the roles the matrix says so.
   */
  | {
      access: 'roles';
      roles: readonly Role[];
      dataClass: DataClass | 'users-and-offices' | 'office-settings' | 'audit-log' | 'approvals';
      offices: readonly OfficeRelation[];
      assigned?: boolean;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
}

/** One registered route and its policy, as the registry records it for the route-policy test. */
export interface RegisteredRoute {
  method: string;
  url: string;
  policy: RoutePolicy | undefined;
}
