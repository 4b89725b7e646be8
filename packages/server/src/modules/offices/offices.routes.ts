import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.js';

/** Office tree routes for `admin`. */
export const officeRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async () => {};
