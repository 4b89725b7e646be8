import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AccountResetRequestSchema,
  CreateGrantSchema,
  RejectResetSchema,
  ResetPendingResponseSchema,
  ResetRequestIdParamsSchema,
  CreateUserSchema,
  GrantIdParamsSchema,
  UserIdParamsSchema,
  OneTimePasswordResponseSchema,
  PendingGrantSchema,
  RejectGrantSchema,
  RoleGrantSchema,
  UserSchema,
} from '@zhengming/contracts';
import { actorFromAuth } from '../../access/actor.js';
import { requireOffice } from '../../http/guard.js';
import type { RoutePolicy } from '../../http/policy.js';
import type { SessionService } from '../auth/sessions.service.js';
import { AccountResetService } from './account-resets.service.js';
import { GrantService } from './grants.service.js';
import { UserService } from './users.service.js';
import type { AppDeps } from '../../deps.js';

const ADMIN_POLICY: RoutePolicy = {
  access: 'roles',
  roles: ['admin'],
  dataClass: 'users-and-offices',
  offices: ['own', 'child', 'deeper'],
};

/** Grant and account-reset approval and rejection: a leader of the item's office or an ancestor. */
const APPROVER_POLICY: RoutePolicy = {
  access: 'roles',
  roles: ['leader'],
  dataClass: 'approvals',
  offices: ['own', 'child', 'deeper'],
};

/** User and role-grant routes for `admin`, and grant approval for leaders. */
export const userRoutes: FastifyPluginAsyncZod<{ deps: AppDeps; sessions: SessionService }> = async (
  app,
  { deps, sessions },
) => {
  const users = new UserService({ db: deps.db, clock: deps.clock, audit: deps.audit, sessions });
  const grants = new GrantService({ db: deps.db, clock: deps.clock, audit: deps.audit });
  const resets = new AccountResetService({ db: deps.db, clock: deps.clock, audit: deps.audit });

  app.get(
    '/api/users',
    {
      config: { policy: ADMIN_POLICY },
      schema: { tags: ['users'], summary: '用户列表 Users', response: { 200: z.array(UserSchema) } },
    },
    async (request) => users.listUsers(actorFromAuth(requireOffice(request))),
  );

  app.post(
    '/api/users',
    {
      config: { policy: ADMIN_POLICY },
      schema: {
        tags: ['users'],
        summary: '新建用户 Create a user',
        body: CreateUserSchema,
        response: { 201: OneTimePasswordResponseSchema },
      },
    },
    async (request, reply) => {
      const created = await users.createUser(actorFromAuth(requireOffice(request)), request.body);
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/users/:id/disable',
    {
      config: { policy: ADMIN_POLICY },
      schema: {
        tags: ['users'],
        summary: '停用用户 Disable a user',
        params: UserIdParamsSchema,
        response: { 200: UserSchema },
      },
    },
    async (request) => users.disableUser(actorFromAuth(requireOffice(request)), request.params.id),
  );

  app.post(
    '/api/users/:id/enable',
    {
      config: { policy: ADMIN_POLICY },
      schema: {
        tags: ['users'],
        summary: '启用用户 Re-enable a disabled user',
        params: UserIdParamsSchema,
        response: { 200: UserSchema },
      },
    },
    async (request) => users.enableUser(actorFromAuth(requireOffice(request)), request.params.id),
  );

  app.post(
    '/api/users/:id/reset',
    {
      config: { policy: ADMIN_POLICY },
      schema: {
        tags: ['users'],
        summary: '重置密码与动态验证码 Reset password and TOTP',
        description:
          'An account holding a content role or auditor is reset only after a leader approved: the first call answers ' +
          '202 with the pending request and changes nothing; after the approval, the same admin calls again (200).',
        params: UserIdParamsSchema,
        response: { 200: OneTimePasswordResponseSchema, 202: ResetPendingResponseSchema },
      },
    },
    async (request, reply) => {
      const outcome = await users.resetUser(actorFromAuth(requireOffice(request)), request.params.id);
      return outcome.kind === 'done'
        ? reply.status(200).send({ user: outcome.user, oneTimePassword: outcome.oneTimePassword })
        : reply.status(202).send({ user: outcome.user, resetRequest: outcome.resetRequest });
    },
  );

  app.post(
    '/api/users/:id/grants',
    {
      config: { policy: ADMIN_POLICY },
      schema: {
        tags: ['users'],
        summary: '授予角色 Grant a role',
        params: UserIdParamsSchema,
        body: CreateGrantSchema,
        response: { 201: RoleGrantSchema },
      },
    },
    async (request, reply) => {
      const grant = await grants.requestGrant(actorFromAuth(requireOffice(request)), request.params.id, request.body);
      return reply.status(201).send(grant);
    },
  );

  app.post(
    '/api/grants/:id/revoke',
    {
      config: { policy: ADMIN_POLICY },
      schema: {
        tags: ['users'],
        summary: '撤销授权 Revoke a grant',
        params: GrantIdParamsSchema,
        response: { 200: RoleGrantSchema },
      },
    },
    async (request) => grants.revokeGrant(actorFromAuth(requireOffice(request)), request.params.id),
  );

  app.get(
    '/api/grants/pending',
    {
      config: { policy: APPROVER_POLICY },
      schema: {
        tags: ['users'],
        summary: '待批准授权 Grants awaiting approval',
        response: { 200: z.array(PendingGrantSchema) },
      },
    },
    async (request) => grants.listPendingGrants(actorFromAuth(requireOffice(request))),
  );

  app.post(
    '/api/grants/:id/approve',
    {
      config: { policy: APPROVER_POLICY },
      schema: {
        tags: ['users'],
        summary: '批准授权 Approve a grant',
        params: GrantIdParamsSchema,
        response: { 200: RoleGrantSchema },
      },
    },
    async (request) => grants.approveGrant(actorFromAuth(requireOffice(request)), request.params.id),
  );

  app.post(
    '/api/grants/:id/reject',
    {
      config: { policy: APPROVER_POLICY },
      schema: {
        tags: ['users'],
        summary: '驳回授权 Reject a pending grant',
        params: GrantIdParamsSchema,
        // The body may be left out, as for an approval (Fastify then passes null).
        body: RejectGrantSchema.nullish(),
        response: { 200: RoleGrantSchema },
      },
    },
    async (request) => grants.rejectGrant(actorFromAuth(requireOffice(request)), request.params.id, request.body ?? {}),
  );

  app.get(
    '/api/account-resets/pending',
    {
      config: { policy: APPROVER_POLICY },
      schema: {
        tags: ['users'],
        summary: '待批准的账号重置 Account resets awaiting approval',
        response: { 200: z.array(AccountResetRequestSchema) },
      },
    },
    async (request) => resets.listPending(actorFromAuth(requireOffice(request))),
  );

  app.post(
    '/api/account-resets/:id/approve',
    {
      config: { policy: APPROVER_POLICY },
      schema: {
        tags: ['users'],
        summary: '批准重置账号 Approve an account reset',
        params: ResetRequestIdParamsSchema,
        response: { 200: AccountResetRequestSchema },
      },
    },
    async (request) => resets.approve(actorFromAuth(requireOffice(request)), request.params.id),
  );

  app.post(
    '/api/account-resets/:id/reject',
    {
      config: { policy: APPROVER_POLICY },
      schema: {
        tags: ['users'],
        summary: '驳回重置账号 Reject an account reset',
        params: ResetRequestIdParamsSchema,
        body: RejectResetSchema.nullish(),
        response: { 200: AccountResetRequestSchema },
      },
    },
    async (request) => resets.reject(actorFromAuth(requireOffice(request)), request.params.id, request.body ?? {}),
  );
};
