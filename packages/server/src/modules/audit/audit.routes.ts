import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AuditHeadsExportSchema,
  AuditLogPageSchema,
  AuditLogQuerySchema,
  AuditVerifyResultSchema,
} from '@zhengming/contracts';
import { actorFromAuth } from '../../access/actor.js';
import { requireOffice } from '../../http/guard.js';
import type { RoutePolicy } from '../../http/policy.js';
import { AuditService } from './audit.service.js';
import type { AppDeps } from '../../deps.js';

const AUDITOR_POLICY: RoutePolicy = {
  access: 'roles',
  roles: ['auditor'],
  dataClass: 'audit-log',
  offices: ['own', 'child', 'deeper'],
};

/** Audit-log reading and chain verification for `auditor`: the chains of its active office's subtree. */
export const auditRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const audit = new AuditService({ db: deps.db, clock: deps.clock, audit: deps.audit });

  app.get(
    '/api/audit/entries',
    {
      config: { policy: AUDITOR_POLICY },
      schema: {
        tags: ['audit'],
        summary: '审计日志 Audit entries of one chain, newest first',
        querystring: AuditLogQuerySchema,
        response: { 200: AuditLogPageSchema },
      },
    },
    async (request) => audit.listEntries(actorFromAuth(requireOffice(request)), request.query),
  );

  app.get(
    '/api/audit/verify',
    {
      config: { policy: AUDITOR_POLICY },
      schema: {
        tags: ['audit'],
        summary: '校验审计链 Verify the audit chains',
        response: { 200: AuditVerifyResultSchema },
      },
    },
    async (request) => audit.verify(actorFromAuth(requireOffice(request))),
  );

  app.get(
    '/api/audit/heads',
    {
      config: { policy: AUDITOR_POLICY },
      schema: {
        tags: ['audit'],
        summary: '导出链头 Current chain heads, to keep outside the system',
        response: { 200: AuditHeadsExportSchema },
      },
    },
    async (request) => audit.exportHeads(actorFromAuth(requireOffice(request))),
  );
};
