import type { SessionService } from '../modules/auth/sessions.service.js';
import type { Db } from '../deps.js';
import { SESSION_COOKIE } from '../http/session-cookie.js';

/** A signed-in session for `app.inject()`: send `headers` with every request. */
export interface TestSession {
  userId: string;
  token: string;
  tokenHash: string;
  csrfToken: string;
  /** `cookie` and `x-csrf-token` headers. */
  headers: { cookie: string; 'x-csrf-token': string };
}

/**
 * Starts a fully signed-in session for a user directly in the database, skipping password and TOTP (tests of
 * other features; the sign-in flow has its own tests). The session is active in `activeOfficeId` when given,
 * otherwise in the user's first office, as a real sign-in would be.
 */
export async function startTestSession(
  target: { deps: { db: Db }; sessions: SessionService },
  userId: string,
  options: { activeOfficeId?: string } = {},
): Promise<TestSession> {
  const { token, tokenHash } = await target.sessions.create(userId, null);
  if (options.activeOfficeId !== undefined) {
    await target.sessions.setActiveOffice(tokenHash, options.activeOfficeId);
  }
  const row = await target.deps.db
    .selectFrom('sessions')
    .select('csrf_token')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirstOrThrow();
  return {
    userId,
    token,
    tokenHash,
    csrfToken: row.csrf_token,
    headers: { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': row.csrf_token },
  };
}
