import {
  CreateUserSchema,
  DisplayNameSchema,
  LIMITS,
  RoleSchema,
  UsernameSchema,
  singleLineText,
  type ErrorCode,
  type RoleGrant,
  type User,
} from '@zhengming/contracts';
import { z } from 'zod';
import type { Actor } from '../../access/actor.js';
import { AppError } from '../../errors.js';
import {
  auditOperator,
  defineOperation,
  OfficeRefParam,
  parseInput,
  UsernameParam,
  type OpsContext,
} from '../../ops/define-operation.js';
import { findOfficeOrThrow } from '../offices/offices.operations.js';
import { GrantService } from './grants.service.js';
import { UserService } from './users.service.js';

function userService(ctx: OpsContext): UserService {
  return new UserService({ db: ctx.db, clock: ctx.clock, audit: ctx.audit, sessions: ctx.sessions });
}

function grantService(ctx: OpsContext): GrantService {
  return new GrantService({ db: ctx.db, clock: ctx.clock, audit: ctx.audit });
}

async function findUserOrThrow(ctx: OpsContext, username: string): Promise<User> {
  const user = await userService(ctx).findUserByUsername(username);
  if (user === null) {
    throw new AppError('NOT_FOUND', `user ${username} not found`, { userMessage: `用户 ${username} 不存在。` });
  }
  return user;
}

const GrantParams = z.object({
  username: UsernameParam,
  office: OfficeRefParam,
  role: RoleSchema,
  isPrincipal: z.boolean().default(false),
  approvedBy: UsernameParam.optional(),
});

/** A user created and the grant asked for with it; the grant may be refused after the user exists. */
export interface UserAddResult {
  user: User;
  oneTimePassword: string;
  grant: RoleGrant | null;
  grantError: { code: ErrorCode; message: string; userMessage: string | undefined } | null;
}

async function grantByNames(ctx: OpsContext, actor: Actor, params: z.infer<typeof GrantParams>): Promise<RoleGrant> {
  const user = await findUserOrThrow(ctx, params.username);
  const office = await findOfficeOrThrow(ctx, actor, params.office);
  const approver = params.approvedBy === undefined ? null : await findUserOrThrow(ctx, params.approvedBy);
  return grantService(ctx).grantWithApprover(
    actor,
    user.id,
    { officeId: office.id, role: params.role, isPrincipal: params.isPrincipal },
    approver?.id ?? null,
  );
}

/** `zhengming user list | add | disable | enable | reset | grant` and `office bootstrap-leader` (a grant). */
export const USER_OPERATIONS = {
  'office.bootstrap-leader': defineOperation(
    z.object({ username: UsernameParam, isPrincipal: z.boolean().default(false) }),
    async (ctx, actor, params): Promise<{ grant: RoleGrant }> => {
      const user = await findUserOrThrow(ctx, params.username);
      return {
        grant: await grantService(ctx).bootstrapRootLeader(actor, user.id, { isPrincipal: params.isPrincipal }),
      };
    },
  ),
  'user.list': defineOperation(z.object({}), async (ctx, actor): Promise<{ users: User[] }> => {
    const users = await userService(ctx).listUsers(actor);
    await auditOperator(ctx, actor, 'operator.read', { command: 'user list' });
    return { users };
  }),
  'user.add': defineOperation(
    z.object({
      username: UsernameSchema,
      displayName: DisplayNameSchema,
      grant: GrantParams.omit({ username: true }).optional(),
    }),
    async (ctx, actor, params): Promise<UserAddResult> => {
      if (params.grant !== undefined) {
        // Check what can be checked before the account exists, so a typo does not leave a user without roles.
        await findOfficeOrThrow(ctx, actor, params.grant.office);
        if (params.grant.approvedBy !== undefined) {
          await findUserOrThrow(ctx, params.grant.approvedBy);
        }
      }
      const created = await userService(ctx).createUser(actor, parseInput(CreateUserSchema, params));
      if (params.grant === undefined) {
        return { ...created, grant: null, grantError: null };
      }
      try {
        const grant = await grantByNames(ctx, actor, { ...params.grant, username: created.user.username });
        return { ...created, grant, grantError: null };
      } catch (error) {
        if (!(error instanceof AppError)) {
          throw error;
        }
        return {
          ...created,
          grant: null,
          grantError: { code: error.code, message: error.message, userMessage: error.userMessage },
        };
      }
    },
  ),
  'user.disable': defineOperation(
    z.object({ username: UsernameParam }),
    async (ctx, actor, params): Promise<{ user: User }> => {
      const user = await findUserOrThrow(ctx, params.username);
      return { user: await userService(ctx).disableUser(actor, user.id) };
    },
  ),
  'user.enable': defineOperation(
    z.object({ username: UsernameParam }),
    async (ctx, actor, params): Promise<{ user: User }> => {
      const user = await findUserOrThrow(ctx, params.username);
      return { user: await userService(ctx).enableUser(actor, user.id) };
    },
  ),
  'user.reset': defineOperation(
    z.object({
      username: UsernameParam,
      approvedBy: UsernameParam.optional(),
      breakGlassReason: singleLineText({ max: LIMITS.grantRejectReasonMaxLength }).optional(),
    }),
    async (ctx, actor, params): Promise<{ user: User; oneTimePassword: string }> => {
      const user = await findUserOrThrow(ctx, params.username);
      const approver = params.approvedBy === undefined ? undefined : await findUserOrThrow(ctx, params.approvedBy);
      const outcome = await userService(ctx).resetUser(actor, user.id, {
        ...(approver === undefined ? {} : { approvedBy: approver.id }),
        ...(params.breakGlassReason === undefined ? {} : { breakGlassReason: params.breakGlassReason }),
      });
      if (outcome.kind !== 'done') {
        throw new Error('the operator’s reset never waits for approval');
      }
      return { user: outcome.user, oneTimePassword: outcome.oneTimePassword };
    },
  ),
  'user.grant': defineOperation(GrantParams, async (ctx, actor, params): Promise<{ grant: RoleGrant }> => {
    return { grant: await grantByNames(ctx, actor, params) };
  }),
};
