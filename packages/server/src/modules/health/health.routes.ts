import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HealthResponseSchema } from '@zhengming/contracts';
import type { AppDeps } from '../../deps.js';
import { pingDatabase } from './health.repository.js';

/** `GET /api/health`: liveness and which database engine serves this instance. */
export const healthRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/api/health',
    {
      config: { policy: { access: 'public', why: 'load balancers and operators probe it; reveals no data' } },
      schema: { tags: ['system'], summary: '健康检查 Health', response: { 200: HealthResponseSchema } },
    },
    async () => {
      await pingDatabase(deps.db);
      return { status: 'ok' as const, database: deps.dbKind, version: deps.version };
    },
  );
};
