import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ChangePasswordSchema,
  OkResponseSchema,
  SessionResponseSchema,
  SignInSchema,
  SwitchOfficeSchema,
  TotpCodeSchema,
  TotpEnrolmentSchema,
  type SessionResponse,
} from '@zhengming/contracts';
import { AppError } from '../../errors.js';
import { requireAuth } from '../../http/guard.js';
import type { RoutePolicy } from '../../http/policy.js';
import { AuthService, presentSession, type ClientInfo, type SessionOutcome } from './auth.service.js';
import type { SessionService } from './sessions.service.js';
import type { AppDeps } from '../../deps.js';
import { SESSION_COOKIE } from '../../http/session-cookie.js';
import { isServedOverHttps } from '../../http/transport.js';

const ALL_STEPS = ['password_change', 'totp_enrolment', 'totp'] as const;
const ANY_SESSION: RoutePolicy = { access: 'sign-in-step', steps: ALL_STEPS, orDone: true };

function clientOf(request: FastifyRequest): ClientInfo {
  return { address: request.ip, presented: request.auth };
}

/**
 * Refuses what a cross-site page could send to these routes without the browser asking first: a body that is not
 * JSON (an HTML form posts urlencoded, multipart or text/plain) or a request the browser marks as coming from
 * another site. Sign-in has no CSRF token yet, so this and SameSite=Strict are its protection.
 */
async function refuseCrossSiteForms(request: FastifyRequest): Promise<void> {
  if (request.method !== 'POST') {
    return;
  }
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    throw new AppError('CSRF_FAILED', `auth request from another site (sec-fetch-site: ${site})`);
  }
  const contentType = request.headers['content-type'];
  const hasBody = request.routeOptions.schema?.body !== undefined;
  if (hasBody && (contentType === undefined || !/^application\/json\s*(;|$)/i.test(contentType))) {
    throw new AppError('VALIDATION_FAILED', 'auth routes accept application/json bodies only', {
      userMessage: '请求格式不正确（仅接受 JSON）。',
    });
  }
}

/** Sign-in, TOTP, password change, sign-out, session and office switch routes. */
export const authRoutes: FastifyPluginAsyncZod<{ deps: AppDeps; sessions: SessionService }> = async (
  app,
  { deps, sessions },
) => {
  const auth = new AuthService(deps, sessions);
  // Tallies of throttled sign-in attempts become audit entries when their window ends, also when no attempt follows.
  const flushTimer = setInterval(() => {
    auth.flushThrottledAttempts(false).catch((error: unknown) => app.log.error({ err: error }, 'throttle tally'));
  }, 60_000);
  flushTimer.unref();
  app.addHook('onClose', async () => {
    clearInterval(flushTimer);
    await auth.flushThrottledAttempts(true);
  });
  app.addHook('onRequest', refuseCrossSiteForms);

  const sendSession = (request: FastifyRequest, reply: FastifyReply, outcome: SessionOutcome): SessionResponse => {
    if (outcome.token !== undefined) {
      void reply.setCookie(SESSION_COOKIE, outcome.token, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        secure: isServedOverHttps(request, deps.https),
      });
    }
    return presentSession(outcome.context);
  };

  app.post(
    '/api/auth/sign-in',
    {
      config: {
        policy: {
          access: 'public',
          why: 'signing in is how a session starts; JSON only, delayed after failures, audited',
        },
      },
      schema: {
        tags: ['auth'],
        summary: '用户名密码登录 Sign in with username and password',
        body: SignInSchema,
        response: { 200: SessionResponseSchema },
      },
    },
    async (request, reply) => sendSession(request, reply, await auth.signIn(request.body, clientOf(request))),
  );

  app.post(
    '/api/auth/password',
    {
      config: { policy: { access: 'sign-in-step', steps: ['password_change'], orDone: true } },
      schema: {
        tags: ['auth'],
        summary: '修改密码 Change password',
        body: ChangePasswordSchema,
        response: { 200: SessionResponseSchema },
      },
    },
    async (request, reply) =>
      sendSession(request, reply, await auth.changePassword(requireAuth(request), request.body, clientOf(request))),
  );

  app.get(
    '/api/auth/totp/enrolment',
    {
      config: { policy: { access: 'sign-in-step', steps: ['totp_enrolment'] } },
      schema: {
        tags: ['auth'],
        summary: '获取动态验证码绑定信息 TOTP enrolment secret and QR code',
        response: { 200: TotpEnrolmentSchema },
      },
    },
    async (request) => auth.startTotpEnrolment(requireAuth(request)),
  );

  app.post(
    '/api/auth/totp/enrolment',
    {
      config: { policy: { access: 'sign-in-step', steps: ['totp_enrolment'] } },
      schema: {
        tags: ['auth'],
        summary: '确认绑定动态验证码 Confirm TOTP enrolment',
        body: TotpCodeSchema,
        response: { 200: SessionResponseSchema },
      },
    },
    async (request, reply) =>
      sendSession(
        request,
        reply,
        await auth.confirmTotpEnrolment(requireAuth(request), request.body.code, clientOf(request)),
      ),
  );

  app.post(
    '/api/auth/totp',
    {
      config: { policy: { access: 'sign-in-step', steps: ['totp'] } },
      schema: {
        tags: ['auth'],
        summary: '动态验证码验证 Verify TOTP code',
        body: TotpCodeSchema,
        response: { 200: SessionResponseSchema },
      },
    },
    async (request, reply) =>
      sendSession(request, reply, await auth.verifyTotp(requireAuth(request), request.body.code, clientOf(request))),
  );

  app.get(
    '/api/auth/session',
    {
      config: { policy: ANY_SESSION },
      schema: {
        tags: ['auth'],
        summary: '当前会话 Current session',
        response: { 200: SessionResponseSchema },
      },
    },
    async (request) => presentSession(requireAuth(request)),
  );

  app.post(
    '/api/auth/sign-out',
    {
      config: { policy: ANY_SESSION },
      schema: { tags: ['auth'], summary: '退出登录 Sign out', response: { 200: OkResponseSchema } },
    },
    async (request, reply) => {
      await auth.signOut(requireAuth(request), clientOf(request));
      void reply.clearCookie(SESSION_COOKIE, { path: '/', secure: isServedOverHttps(request, deps.https) });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/active-office',
    {
      config: { policy: { access: 'self' } },
      schema: {
        tags: ['auth'],
        summary: '切换当前机关 Switch the active office',
        body: SwitchOfficeSchema,
        response: { 200: SessionResponseSchema },
      },
    },
    async (request, reply) =>
      sendSession(request, reply, await auth.switchOffice(requireAuth(request), request.body.officeId)),
  );
};
