import type { OfficeId } from '@zhengming/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, notFound, unauthenticated } from '../errors.js';
import type { RegisteredRoute, RoutePolicy } from './policy.js';
import type { AuthContext } from '../access/auth-context.js';
import { SESSION_COOKIE } from './session-cookie.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's session, when signed in (possibly still in a sign-in step). */
    auth: AuthContext | null;
  }
}

/**
 * Routes registered by third-party plugins, whose policy is declared here in one place because their
 * route options are not ours to write. Each is public and serves no stored data.
 */
const PLUGIN_ROUTE_POLICIES: readonly { prefix: string; policy: RoutePolicy }[] = [
  { prefix: '/api/docs', policy: { access: 'public', why: 'OpenAPI description of the API; no stored data' } },
];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The signed-in context of a request whose policy already demanded one. */
export function requireAuth(request: FastifyRequest): AuthContext {
  if (request.auth === null) {
    throw unauthenticated();
  }
  return request.auth;
}

/** Like requireAuth, but also demands an active office (role routes always have one). */
export function requireOffice(request: FastifyRequest): AuthContext & { activeOfficeId: OfficeId } {
  const auth = requireAuth(request);
  if (auth.activeOfficeId === null) {
    throw notFound('active office');
  }
  return { ...auth, activeOfficeId: auth.activeOfficeId };
}

/** What the guard needs of the session store: a cookie's token resolved to its context (or null). */
export interface SessionAuthenticator {
  authenticate(token: string | undefined): Promise<AuthContext | null>;
}

/**
 * Installs the registry of routes and the hook that enforces each route's policy. A route without a
 * policy answers "not found" to everyone (fail closed) and is listed for the route-policy test.
 */
export function installGuard(app: FastifyInstance, sessions: SessionAuthenticator, registry: RegisteredRoute[]): void {
  app.decorateRequest('auth', null);

  app.addHook('onRoute', (route) => {
    const pluginPolicy = PLUGIN_ROUTE_POLICIES.find((p) => route.url.startsWith(p.prefix))?.policy;
    if (route.config?.policy === undefined && pluginPolicy !== undefined) {
      route.config = { ...route.config, policy: pluginPolicy };
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      registry.push({ method: String(method), url: route.url, policy: route.config?.policy });
    }
  });

  // Before the body and parameters are validated: a caller that may not call the route learns nothing of its
  // fields (an anonymous caller gets 401, not the list of what a valid body would hold).
  app.addHook('preValidation', async (request) => {
    const policy = request.routeOptions.config.policy;
    if (policy === undefined) {
      throw notFound(`route ${request.method} ${request.url} has no policy`);
    }
    const cookie = request.cookies[SESSION_COOKIE];
    request.auth = await sessions.authenticate(cookie);
    if (policy.access === 'public') {
      return;
    }
    const auth = request.auth;
    if (auth === null) {
      throw unauthenticated();
    }
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== auth.csrfToken) {
      throw new AppError('CSRF_FAILED', 'missing or wrong x-csrf-token');
    }
    if (policy.access === 'sign-in-step') {
      const isAllowed = auth.step === null ? policy.orDone === true : policy.steps.includes(auth.step);
      if (!isAllowed) {
        throw new AppError(
          'STEP_REQUIRED',
          `route needs step ${policy.steps.join('|')}, session is at ${auth.step ?? 'done'}`,
        );
      }
      return;
    }
    if (auth.step !== null) {
      throw new AppError('STEP_REQUIRED', `session is still at step ${auth.step}`);
    }
    if (policy.access === 'roles' && !auth.activeRoles.some((role) => policy.roles.includes(role))) {
      // Same answer as a missing item: a role that may not call the route learns nothing from it.
      throw notFound(`route ${request.routeOptions.url ?? request.url} for roles ${policy.roles.join(',')}`);
    }
  });
}
