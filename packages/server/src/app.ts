import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import applyHelmet, { type HelmetOptions } from 'helmet';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppDeps } from './deps.js';
import { AppError, notFound } from './errors.js';
import { handleError } from './http/error-handler.js';
import { installGuard } from './http/guard.js';
import { HSTS_HEADER_VALUE, isServedOverHttps } from './http/transport.js';
import type { RegisteredRoute } from './http/policy.js';
import { approvalRoutes } from './modules/approvals/approvals.routes.js';
import type { ApprovalHandlers } from './modules/approvals/approvals.service.js';
import { approvalPort } from './modules/approvals/approval-port.js';
import { SessionService } from './modules/auth/sessions.service.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { complaintRoutes } from './modules/complaints/complaints.routes.js';
import {
  complaintApprovalHandlers,
  createComplaintServices,
  loadIntakeSettings,
} from './modules/complaints/complaint-services.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { officeRoutes } from './modules/offices/offices.routes.js';
import { officeSettingsRoutes } from './modules/office-settings/office-settings.routes.js';
import { userRoutes } from './modules/users/users.routes.js';

export interface BuiltApp {
  app: FastifyInstance;
  /** Every registered route with its policy, for the route-policy test. */
  routes: RegisteredRoute[];
  sessions: SessionService;
}

/** Log fields that may carry secrets or reporter identity; pino replaces them with [redacted]. */
export const REDACTED_LOG_PATHS = [
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.oneTimePassword',
  '*.code',
  '*.secret',
  '*.reporter',
  '*.idNumber',
  '*.phone',
  '*.address',
  '*.unit',
  '*.deviceId',
  '*.cosigners',
  // Complaint content is confidential too: never logged.
  '*.text',
];

const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** The file of the built web app a URL names, relative to `webRoot`, or null (then the shell is served). */
function webFileOf(webRoot: string, url: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return null;
  }
  const relative = pathname.replace(/^\/+/, '');
  if (relative === '' || relative.includes('\0')) {
    return null;
  }
  const absolute = path.resolve(webRoot, relative);
  if (!absolute.startsWith(path.resolve(webRoot) + path.sep)) {
    return null;
  }
  try {
    return fs.statSync(absolute).isFile() ? path.relative(webRoot, absolute).split(path.sep).join('/') : null;
  } catch {
    return null;
  }
}

/** The security headers of every response (helmet), also set on errors the router answers before any hook runs. */
const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // Ant Design injects its CSS-in-JS style elements at run time.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginEmbedderPolicy: false,
  // Sent per request below: only when the app is reached over HTTPS.
  hsts: false,
} satisfies HelmetOptions;

/**
 * Errors Fastify's router meets before a route is chosen (a malformed percent-encoding, a path parameter longer
 * than `maxParamLength`): answered like every other error, with the security headers, and without echoing the URL.
 */
function handleRouterError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  applyHelmet(SECURITY_HEADERS)(request.raw, reply.raw, () => undefined);
  const refused =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? notFound('a path parameter longer than any id')
      : new AppError('VALIDATION_FAILED', `the request URL cannot be routed (${error.code})`, {
          details: [{ path: 'url', message: '地址格式有误 / malformed URL' }],
        });
  handleError(refused, request, reply);
}

/** Builds the Fastify app with every plugin and route; never listens (main.ts does). */
export async function buildApp(deps: AppDeps): Promise<BuiltApp> {
  const app = Fastify({
    logger: deps.logger ?? false,
    // Only the configured proxies may tell the client's address and protocol (X-Forwarded-For / -Proto).
    trustProxy: deps.trustProxy !== undefined && deps.trustProxy.length > 0 ? [...deps.trustProxy] : false,
    bodyLimit: 1024 * 1024,
    frameworkErrors: handleRouterError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);

  const routes: RegisteredRoute[] = [];
  const sessions = new SessionService(deps.db, deps.clock);
  installGuard(app, sessions, routes);

  await app.register(cookie);
  await app.register(helmet, SECURITY_HEADERS);
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/')) {
      void reply.header('cache-control', 'no-store');
    }
    if (isServedOverHttps(request, deps.https)) {
      void reply.header('strict-transport-security', HSTS_HEADER_VALUE);
    }
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Zhengming 正名 API', version: deps.version },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'zm_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(healthRoutes, { deps });
  await app.register(authRoutes, { deps, sessions });
  await app.register(officeRoutes, { deps });
  await app.register(officeSettingsRoutes, { deps });
  await app.register(userRoutes, { deps, sessions });
  await app.register(auditRoutes, { deps });
  const complaintServices = createComplaintServices(deps, approvalPort(deps.audit), loadIntakeSettings);
  await app.register(complaintRoutes, complaintServices);
  // The effects of the approval kinds, each built by the module that owns the kind (docs/ARCHITECTURE.md,
  // "Approvals"); a kind without a handler cannot be decided.
  const approvalHandlers: ApprovalHandlers = { ...complaintApprovalHandlers(complaintServices) };
  await app.register(approvalRoutes, { deps, handlers: approvalHandlers });
  for (const plugin of deps.extraPlugins ?? []) {
    await app.register(async (scope) => plugin(scope, deps));
  }

  const webRoot = deps.webRoot === undefined ? DEFAULT_WEB_ROOT : deps.webRoot;
  if (webRoot !== null && fs.existsSync(webRoot)) {
    // The plugin only lends `reply.sendFile`: its own per-file routes would carry no policy, and the guard
    // answers every such route "not found" (fail closed). One route with a declared policy serves them all.
    await app.register(fastifyStatic, { root: webRoot, serve: false });
    app.get(
      '/*',
      { config: { policy: { access: 'public', why: 'the web shell; it holds no data until the user signs in' } } },
      async (request, reply) => {
        if (request.url.startsWith('/api/')) {
          return reply.status(404).send({ code: 'NOT_FOUND', message: '未找到该内容。' });
        }
        const file = webFileOf(webRoot, request.url);
        if (file !== null && file !== 'index.html') {
          // Vite names built assets by content hash, so they never change under one name.
          const isHashed = file.startsWith('assets/');
          return reply.sendFile(file, { maxAge: isHashed ? 365 * 24 * 3600 * 1000 : 0, immutable: isHashed });
        }
        if (request.url.startsWith('/assets/')) {
          // A missing chunk (a page left open across an upgrade) must fail as such, not load the shell as code.
          return reply.status(404).send({ code: 'NOT_FOUND', message: '未找到该内容。' });
        }
        // Client-side routes of the single-page app get its shell, which must never be cached stale.
        void reply.header('cache-control', 'no-cache');
        return reply.type('text/html').sendFile('index.html', { cacheControl: false });
      },
    );
  }
  return { app, routes, sessions };
}
