import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ApprovalIdParamsSchema,
  ApprovalSchema,
  CONTENT_ROLES,
  DecideApprovalSchema,
  RecordExternalApprovalSchema,
  ReturnApprovalSchema,
} from '@zhengming/contracts';
import { actorFromAuth } from '../../access/actor.js';
import { requireOffice } from '../../http/guard.js';
import type { RoutePolicy } from '../../http/policy.js';
import type { AppDeps } from '../../deps.js';
import {
  APPROVER_ROLES,
  decideApproval,
  getApproval,
  listMyProposals,
  listPendingApprovals,
  recordExternalApproval,
  withdrawApproval,
  type ApprovalHandlers,
} from './approvals.service.js';

/** The inbox and the decisions: approvers (leaders) of the approval's office or an ancestor. */
const APPROVER_POLICY: RoutePolicy = {
  access: 'roles',
  roles: APPROVER_ROLES,
  dataClass: 'approvals',
  offices: ['own', 'child', 'deeper'],
};

/** A proposer's own proposals, one approval, withdrawal and external records: any content role (the service decides). */
const PROPOSER_POLICY: RoutePolicy = {
  access: 'roles',
  roles: CONTENT_ROLES,
  dataClass: 'approvals',
  offices: ['own', 'child', 'deeper'],
};

/**
 * The approval routes. `handlers` are the effects of the kinds, built by the modules that own them and passed in by
 * app.ts; a kind without a handler cannot be decided.
 */
export const approvalRoutes: FastifyPluginAsyncZod<{ deps: AppDeps; handlers: ApprovalHandlers }> = async (
  app,
  { deps, handlers },
) => {
  const serviceDeps = { db: deps.db, audit: deps.audit };

  app.get(
    '/api/approvals/pending',
    {
      config: { policy: APPROVER_POLICY },
      schema: {
        tags: ['approvals'],
        summary: '待我审批 Approvals awaiting my decision',
        description: 'Oldest first; each shows its proposer (four eyes): the proposer never sees its own here.',
        response: { 200: z.array(ApprovalSchema) },
      },
    },
    async (request) => listPendingApprovals(deps.db, actorFromAuth(requireOffice(request)), handlers),
  );

  app.get(
    '/api/approvals/mine',
    {
      config: { policy: PROPOSER_POLICY },
      schema: {
        tags: ['approvals'],
        summary: '我提请的审批 My proposals',
        response: { 200: z.array(ApprovalSchema) },
      },
    },
    async (request) => listMyProposals(deps.db, actorFromAuth(requireOffice(request))),
  );

  app.get(
    '/api/approvals/:id',
    {
      config: { policy: PROPOSER_POLICY },
      schema: {
        tags: ['approvals'],
        summary: '审批详情 One approval',
        params: ApprovalIdParamsSchema,
        response: { 200: ApprovalSchema },
      },
    },
    async (request) => getApproval(deps.db, actorFromAuth(requireOffice(request)), request.params.id, handlers),
  );

  app.post(
    '/api/approvals/:id/approve',
    {
      config: { policy: APPROVER_POLICY },
      schema: {
        tags: ['approvals'],
        summary: '同意 Approve',
        params: ApprovalIdParamsSchema,
        // The body may be left out (Fastify then passes null).
        body: DecideApprovalSchema.nullish(),
        response: { 200: ApprovalSchema },
      },
    },
    async (request) =>
      decideApproval(
        serviceDeps,
        actorFromAuth(requireOffice(request)),
        request.params.id,
        { decision: 'approve', reason: request.body?.reason },
        handlers,
      ),
  );

  app.post(
    '/api/approvals/:id/return',
    {
      config: { policy: APPROVER_POLICY },
      schema: {
        tags: ['approvals'],
        summary: '退回 Return with reasons',
        params: ApprovalIdParamsSchema,
        body: ReturnApprovalSchema,
        response: { 200: ApprovalSchema },
      },
    },
    async (request) =>
      decideApproval(
        serviceDeps,
        actorFromAuth(requireOffice(request)),
        request.params.id,
        { decision: 'return', reason: request.body.reason },
        handlers,
      ),
  );

  app.post(
    '/api/approvals/:id/withdraw',
    {
      config: { policy: PROPOSER_POLICY },
      schema: {
        tags: ['approvals'],
        summary: '撤回 Withdraw my proposal',
        params: ApprovalIdParamsSchema,
        response: { 200: ApprovalSchema },
      },
    },
    async (request) => withdrawApproval(serviceDeps, actorFromAuth(requireOffice(request)), request.params.id),
  );

  app.post(
    '/api/approvals/:id/external',
    {
      config: { policy: PROPOSER_POLICY },
      schema: {
        tags: ['approvals'],
        summary: '登记外部审批 Record an external approval',
        params: ApprovalIdParamsSchema,
        body: RecordExternalApprovalSchema,
        response: { 200: ApprovalSchema },
      },
    },
    async (request) =>
      recordExternalApproval(
        serviceDeps,
        actorFromAuth(requireOffice(request)),
        request.params.id,
        request.body,
        handlers,
      ),
  );
};
