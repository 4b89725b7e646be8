import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AcceptanceNoticeInputSchema,
  AddRecusalSchema,
  ComplaintDetailSchema,
  ComplaintIdParamsSchema,
  ComplaintIdentitySchema,
  ComplaintListQuerySchema,
  ComplaintListSchema,
  CosignerDenialInputSchema,
  CosignerParamsSchema,
  CreateComplaintResponseSchema,
  CreateComplaintSchema,
  JurisdictionDecisionSchema,
  LeadDetailSchema,
  LeadIdParamsSchema,
  MatchTaskIdParamsSchema,
  ResolveSubjectMatchSchema,
  SubjectMatchTaskSchema,
  ReporterStatusInputSchema,
  RevealRequestSchema,
  RouteLeadSchema,
} from '@zhengming/contracts';
import { actorFromAuth } from '../../access/actor.js';
import { requireOffice } from '../../http/guard.js';
import type { RoutePolicy } from '../../http/policy.js';
import type { ComplaintIntakeService } from './complaint-intake.service.js';
import type { ComplaintService } from './complaints.service.js';
import type { LeadService } from './leads.service.js';

/** Everyone who may see some complaint's metadata (docs/ACCESS.md); the service decides item by item. */
const METADATA_POLICY: RoutePolicy = {
  access: 'roles',
  roles: ['intake', 'supervisor', 'investigator', 'reviewer', 'leader', 'monitor'],
  dataClass: 'metadata',
  offices: ['own', 'child', 'deeper'],
};

/** Reporter identity: intake of the owning office, anyone else who may see the item by an approved reveal. */
const IDENTITY_POLICY: RoutePolicy = { ...METADATA_POLICY, dataClass: 'identity' };

/** Intake's own steps on its office's complaints (registering, the real-name check, notices, jurisdiction). */
const INTAKE_POLICY: RoutePolicy = { access: 'roles', roles: ['intake'], dataClass: 'content', offices: ['own'] };

/** Complaint and lead routes. */
export const complaintRoutes: FastifyPluginAsyncZod<{
  intake: ComplaintIntakeService;
  complaints: ComplaintService;
  leads: LeadService;
}> = async (app, { intake, complaints, leads }) => {
  const actor = (request: Parameters<typeof requireOffice>[0]) => actorFromAuth(requireOffice(request));

  app.post(
    '/api/complaints',
    {
      config: { policy: INTAKE_POLICY },
      schema: {
        tags: ['complaints'],
        summary: '登记检举控告 Register a complaint',
        description:
          'Takes the row of the batch contract (receivedAt, channel, anonymous, reporter, cosigners, subjects, text; ' +
          'its id becomes the external reference) plus intake fields: jurisdiction (default handle), allegations ' +
          '(default one of category other), referringOrgan, noSubstance (default false), externalReference.',
        body: CreateComplaintSchema,
        response: { 201: CreateComplaintResponseSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await intake.register(actor(request), request.body)),
  );

  app.get(
    '/api/complaints',
    {
      config: { policy: METADATA_POLICY },
      schema: {
        tags: ['complaints'],
        summary: '检举控告列表 Complaints the caller may see',
        querystring: ComplaintListQuerySchema,
        response: { 200: ComplaintListSchema },
      },
    },
    async (request) => complaints.list(actor(request), request.query),
  );

  app.get(
    '/api/complaints/:id',
    {
      config: { policy: METADATA_POLICY },
      schema: {
        tags: ['complaints'],
        summary: '检举控告详情 Complaint detail',
        params: ComplaintIdParamsSchema,
        response: { 200: ComplaintDetailSchema },
      },
    },
    async (request) => complaints.detail(actor(request), request.params.id),
  );

  app.get(
    '/api/complaints/:id/identity',
    {
      config: { policy: IDENTITY_POLICY },
      schema: {
        tags: ['complaints'],
        summary: '举报人身份信息 Reporter identity (audited)',
        params: ComplaintIdParamsSchema,
        response: { 200: ComplaintIdentitySchema },
      },
    },
    async (request) => complaints.identity(actor(request), request.params.id),
  );

  app.post(
    '/api/complaints/:id/reveal-requests',
    {
      config: { policy: METADATA_POLICY },
      schema: {
        tags: ['complaints'],
        summary: '申请查阅举报人身份 Ask to reveal the reporter identity',
        params: ComplaintIdParamsSchema,
        body: RevealRequestSchema,
        response: { 201: z.object({ approvalId: z.string() }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await complaints.requestReveal(actor(request), request.params.id, request.body)),
  );

  app.post(
    '/api/complaints/:id/reporter-status',
    {
      config: { policy: { ...INTAKE_POLICY, dataClass: 'identity' } },
      schema: {
        tags: ['complaints'],
        summary: '核实实名 Confirm or record the denial of a real-name claim',
        params: ComplaintIdParamsSchema,
        body: ReporterStatusInputSchema,
        response: { 200: ComplaintDetailSchema },
      },
    },
    async (request) => complaints.setReporterStatus(actor(request), request.params.id, request.body),
  );

  app.post(
    '/api/complaints/:id/cosigners/:position/denial',
    {
      config: { policy: { ...INTAKE_POLICY, dataClass: 'identity' } },
      schema: {
        tags: ['complaints'],
        summary: '联名人否认签名 A co-signer denies signing',
        params: CosignerParamsSchema,
        body: CosignerDenialInputSchema,
        response: { 200: ComplaintDetailSchema },
      },
    },
    async (request) =>
      complaints.denyCosigner(actor(request), request.params.id, request.params.position, request.body.method),
  );

  app.post(
    '/api/complaints/:id/acceptance-notice',
    {
      config: { policy: INTAKE_POLICY },
      schema: {
        tags: ['complaints'],
        summary: '登记受理告知 Record the acceptance notice sent',
        params: ComplaintIdParamsSchema,
        body: AcceptanceNoticeInputSchema,
        response: { 200: ComplaintDetailSchema },
      },
    },
    async (request) => complaints.recordNotice(actor(request), request.params.id, request.body),
  );

  app.post(
    '/api/complaints/:id/jurisdiction',
    {
      config: { policy: INTAKE_POLICY },
      schema: {
        tags: ['complaints'],
        summary: '转来件管辖决定 Decide on an arrival',
        params: ComplaintIdParamsSchema,
        body: JurisdictionDecisionSchema,
        response: { 200: CreateComplaintResponseSchema },
      },
    },
    async (request) => intake.decideJurisdiction(actor(request), request.params.id, request.body),
  );

  app.get(
    '/api/leads/:id',
    {
      config: { policy: METADATA_POLICY },
      schema: {
        tags: ['leads'],
        summary: '问题线索详情 Lead detail',
        params: LeadIdParamsSchema,
        response: { 200: LeadDetailSchema },
      },
    },
    async (request) => leads.detail(actor(request), request.params.id),
  );

  app.post(
    '/api/leads/:id/team',
    {
      config: { policy: INTAKE_POLICY },
      schema: {
        tags: ['leads'],
        summary: '分办 Route the lead to a handling team member',
        params: LeadIdParamsSchema,
        body: RouteLeadSchema,
        response: { 200: z.object({ lead: LeadDetailSchema, approvalId: z.string().nullable() }) },
      },
    },
    async (request) => leads.route(actor(request), request.params.id, request.body),
  );

  app.post(
    '/api/leads/:id/recusals',
    {
      config: { policy: { access: 'roles', roles: ['intake', 'leader'], dataClass: 'content', offices: ['own'] } },
      schema: {
        tags: ['leads'],
        summary: '回避 Recuse a user from the lead',
        params: LeadIdParamsSchema,
        body: AddRecusalSchema,
        response: { 200: LeadDetailSchema },
      },
    },
    async (request) => leads.addRecusal(actor(request), request.params.id, request.body),
  );

  app.get(
    '/api/subject-match-tasks',
    {
      config: { policy: INTAKE_POLICY },
      schema: {
        tags: ['complaints'],
        summary: '被反映人比对任务 Uncertain subject matches to decide',
        response: { 200: z.array(SubjectMatchTaskSchema) },
      },
    },
    async (request) => leads.listMatchTasks(actor(request)),
  );

  app.post(
    '/api/subject-match-tasks/:id/resolve',
    {
      config: { policy: INTAKE_POLICY },
      schema: {
        tags: ['complaints'],
        summary: '确认比对结果 Decide an uncertain subject match',
        params: MatchTaskIdParamsSchema,
        body: ResolveSubjectMatchSchema,
        response: { 200: z.object({ status: z.enum(['merged', 'distinct']) }) },
      },
    },
    async (request) => leads.resolveMatchTask(actor(request), request.params.id, request.body),
  );
};
