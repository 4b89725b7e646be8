import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.js';
import type { SessionService } from './sessions.service.js';

/** Sign-in, TOTP, password change, sign-out, session and office switch routes. */
export const authRoutes: FastifyPluginAsyncZod<{ deps: AppDeps; sessions: SessionService }> = async () => {};
