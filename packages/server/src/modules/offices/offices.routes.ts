import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CreateOfficeSchema, OfficeSchema } from '@zhengming/contracts';
import { actorFromAuth } from '../../access/actor.js';
import { requireOffice } from '../../http/guard.js';
import type { RoutePolicy } from '../../http/policy.js';
import { OfficeService } from './offices.service.js';
import type { AppDeps } from '../../deps.js';

const ADMIN_POLICY: RoutePolicy = {
  access: 'roles',
  roles: ['admin'],
  dataClass: 'users-and-offices',
  offices: ['own', 'child', 'deeper'],
};

/** Office tree routes for `admin`: its subtree only. */
export const officeRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const offices = new OfficeService({ db: deps.db, clock: deps.clock, audit: deps.audit });

  app.get(
    '/api/offices',
    {
      config: { policy: ADMIN_POLICY },
      schema: { tags: ['offices'], summary: '机关列表 Offices', response: { 200: z.array(OfficeSchema) } },
    },
    async (request) => offices.listOffices(actorFromAuth(requireOffice(request))),
  );

  app.post(
    '/api/offices',
    {
      config: { policy: ADMIN_POLICY },
      schema: {
        tags: ['offices'],
        summary: '新建机关 Create an office',
        body: CreateOfficeSchema,
        response: { 201: OfficeSchema },
      },
    },
    async (request, reply) => {
      const office = await offices.createOffice(actorFromAuth(requireOffice(request)), request.body);
      return reply.status(201).send(office);
    },
  );
};
