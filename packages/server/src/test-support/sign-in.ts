import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Secret } from 'otpauth';
import type { SessionResponse } from '@zhengming/contracts';
import type { AppDeps, Clock } from '../deps.js';
import { SESSION_COOKIE } from '../http/session-cookie.js';
import { totpCodeAt } from '../modules/auth/totp.js';

/*
 * Signing in through the real HTTP flow, for the tests of sign-in and of what it leaves behind (cookies, logs,
 * throttling). Tests of other features start their sessions with buildSession (builders.ts) instead.
 */

/** The code an authenticator with this base32 secret shows at `at`. */
export function testTotpCode(totpSecret: string, at: Date): string {
  return totpCodeAt(Secret.fromBase32(totpSecret).bytes, at);
}

/** The `zm_session=…` cookie a response sets, for the next request's Cookie header. */
export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (cookie === undefined) {
    throw new Error(`response ${response.statusCode} set no ${SESSION_COOKIE} cookie: ${response.body}`);
  }
  return `${SESSION_COOKIE}=${cookie.value}`;
}

/** A session signed in through the API: send `cookie` as the Cookie header and `csrfToken` as x-csrf-token. */
export interface ApiSignIn {
  cookie: string;
  csrfToken: string;
  session: SessionResponse;
}

const TOTP_STEP_MS = 30_000;

/**
 * Signs a user in through the real HTTP flow (password, then TOTP at the app's clock) and returns the session.
 * The user must be past the password change and enrolled (as buildUser makes them). A TOTP code works once:
 * a second sign-in of the same user within the same 30-second step uses the next step's code (accepted within the
 * window); a third needs the test clock moved (`t.clock.advanceMinutes(1)`). `remoteAddress` sets the client
 * address (the per-address delay counts failures per address).
 */
export async function signInThroughApi(
  t: { app: FastifyInstance; clock: Clock; deps: Pick<AppDeps, 'db'> },
  credentials: { username: string; password: string; totpSecret: string },
  options: { remoteAddress?: string } = {},
): Promise<ApiSignIn> {
  const remoteAddress = options.remoteAddress ?? '127.0.0.1';
  const signIn = await t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    remoteAddress,
    payload: { username: credentials.username, password: credentials.password },
  });
  const started = signIn.json<SessionResponse>();
  if (signIn.statusCode !== 200 || started.step !== 'totp') {
    throw new Error(`sign-in of ${credentials.username} did not reach step totp: ${signIn.statusCode} ${signIn.body}`);
  }
  const user = await t.deps.db
    .selectFrom('users')
    .select('totp_last_step')
    .where('username', '=', credentials.username)
    .executeTakeFirstOrThrow();
  const lastStep = user.totp_last_step === null ? -1 : Number(user.totp_last_step);
  const currentStep = Math.floor(t.clock.now().getTime() / TOTP_STEP_MS);
  const step = [currentStep, currentStep + 1].find((s) => s > lastStep);
  if (step === undefined) {
    throw new Error(`the TOTP codes of ${credentials.username} at this clock are used; advance the test clock`);
  }
  const verified = await t.app.inject({
    method: 'POST',
    url: '/api/auth/totp',
    remoteAddress,
    headers: { cookie: sessionCookieOf(signIn), 'x-csrf-token': started.csrfToken },
    payload: { code: testTotpCode(credentials.totpSecret, new Date(step * TOTP_STEP_MS)) },
  });
  if (verified.statusCode !== 200) {
    throw new Error(`TOTP of ${credentials.username} refused: ${verified.statusCode} ${verified.body}`);
  }
  const session = verified.json<SessionResponse>();
  return { cookie: sessionCookieOf(verified), csrfToken: session.csrfToken, session };
}
