import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AuditExportQuerySchema,
  AuditFilterOptionsSchema,
  AuditHeadsExportSchema,
  AuditLogPageSchema,
  AuditLogQuerySchema,
  AuditVerifyResultSchema,
  formatShanghaiTime,
} from '@zhengming/contracts';
import { actorFromAuth } from '../../access/actor.js';
import { requireOffice } from '../../http/guard.js';
import type { RoutePolicy } from '../../http/policy.js';
import { auditExportDisposition, writeAuditXlsx } from './audit-export.js';
import { AuditLogService } from './audit-log.service.js';
import { AuditService } from './audit.service.js';
import type { AppDeps } from '../../deps.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const AUDITOR_POLICY: RoutePolicy = {
  access: 'roles',
  roles: ['auditor'],
  dataClass: 'audit-log',
  offices: ['own', 'child', 'deeper'],
};

/** Audit-log reading and chain verification for `auditor`: the chains of its active office's subtree. */
export const auditRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const audit = new AuditService({ db: deps.db, clock: deps.clock, audit: deps.audit });
  const auditLog = new AuditLogService({ db: deps.db, clock: deps.clock, audit: deps.audit });

  app.get(
    '/api/audit/entries',
    {
      config: { policy: AUDITOR_POLICY },
      schema: {
        tags: ['audit'],
        summary: '审计日志 Audit entries, filtered, newest first, with names',
        querystring: AuditLogQuerySchema,
        response: { 200: AuditLogPageSchema },
      },
    },
    async (request) => auditLog.listEntries(actorFromAuth(requireOffice(request)), request.query),
  );

  app.get(
    '/api/audit/filters',
    {
      config: { policy: AUDITOR_POLICY },
      schema: {
        tags: ['audit'],
        summary: '筛选选项 The offices and people the audit-log filters offer',
        response: { 200: AuditFilterOptionsSchema },
      },
    },
    async (request) => auditLog.filterOptions(actorFromAuth(requireOffice(request))),
  );

  app.get(
    '/api/audit/export',
    {
      config: { policy: AUDITOR_POLICY },
      schema: {
        tags: ['audit'],
        summary: '导出审计日志 The filtered audit log as XLSX (at most 100,000 rows)',
        querystring: AuditExportQuerySchema,
      },
    },
    async (request, reply) => {
      const prepared = await auditLog.prepareExport(actorFromAuth(requireOffice(request)), request.query);
      const stream = new PassThrough();
      writeAuditXlsx(stream, prepared.batches, prepared.language).catch((error: unknown) => {
        request.log.error({ err: error }, 'audit export failed while streaming');
        stream.destroy(error instanceof Error ? error : new Error('audit export failed'));
      });
      const date = formatShanghaiTime(deps.clock.now().toISOString()).slice(0, 10);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', auditExportDisposition(date, prepared.language))
        .header('x-audit-rows', String(prepared.rows))
        .send(stream);
    },
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
