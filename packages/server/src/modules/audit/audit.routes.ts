import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.js';

/** Audit-log reading and chain verification for `auditor`. */
export const auditRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async () => {};
