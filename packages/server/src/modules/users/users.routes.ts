import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.js';
import type { SessionService } from '../auth/sessions.service.js';

/** User and role-grant routes for `admin`, and grant approval for leaders. */
export const userRoutes: FastifyPluginAsyncZod<{ deps: AppDeps; sessions: SessionService }> = async () => {};
