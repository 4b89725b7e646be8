import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { OfficeIdParamsSchema, OfficeSettingsSchema, UpdateOfficeSettingsSchema } from '@zhengming/contracts';
import { actorFromAuth } from '../../access/actor.js';
import { requireOffice } from '../../http/guard.js';
import type { RoutePolicy } from '../../http/policy.js';
import type { AppDeps } from '../../deps.js';
import { OfficeSettingsService } from './office-settings.service.js';

/** An admin, for the offices of its subtree (the service checks the office lies in it). */
const SETTINGS_POLICY: RoutePolicy = {
  access: 'roles',
  roles: ['admin'],
  dataClass: 'office-settings',
  offices: ['own', 'child', 'deeper'],
};

/** Per-office settings routes for `admin`: number prefix and word, key periods, online identifiers. */
export const officeSettingsRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const settings = new OfficeSettingsService({ db: deps.db, clock: deps.clock, audit: deps.audit });

  app.get(
    '/api/offices/:id/settings',
    {
      config: { policy: SETTINGS_POLICY },
      schema: {
        tags: ['offices'],
        summary: '机构设置 Office settings',
        params: OfficeIdParamsSchema,
        response: { 200: OfficeSettingsSchema },
      },
    },
    async (request) => settings.getSettings(actorFromAuth(requireOffice(request)), request.params.id),
  );

  app.put(
    '/api/offices/:id/settings',
    {
      config: { policy: SETTINGS_POLICY },
      schema: {
        tags: ['offices'],
        summary: '保存机构设置 Replace office settings',
        description:
          'Replaces the whole settings: a field left out takes its default (word 信, no key periods, online ' +
          'identifiers off, no shared endpoints).',
        params: OfficeIdParamsSchema,
        body: UpdateOfficeSettingsSchema,
        response: { 200: OfficeSettingsSchema },
      },
    },
    async (request) => settings.updateSettings(actorFromAuth(requireOffice(request)), request.params.id, request.body),
  );
};
