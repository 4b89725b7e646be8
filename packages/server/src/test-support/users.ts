import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Secret } from 'otpauth';
import type { OfficeLevel, Role, SessionResponse } from '@zhengming/contracts';
import { seal, type DataKey } from '../keys/keys.js';
import { hashPassword } from '../modules/auth/passwords.js';
import { generateTotpSecret, totpCodeAt, totpSecretBase32 } from '../modules/auth/totp.js';
import type { Clock, AppDeps, Db } from '../deps.js';
import { SESSION_COOKIE } from '../http/session-cookie.js';

/*
 * Test builders for users, offices and signed-in sessions. Typical use in a route test:
 *
 *   const t = await buildTestApp();
 *   const root = await createTestOffice(t.deps.db, { name: '市纪委监委', level: 'prefecture' });
 *   const user = await createTestUser(t, { username: 'intake1', roles: [{ officeId: root.id, role: 'intake' }] });
 *   const { cookie, csrfToken } = await signInTestUser(t, user);
 *   await t.app.inject({ method: 'POST', url: '/api/…', headers: { cookie, 'x-csrf-token': csrfToken }, payload: {…} });
 */

/** A role held in an office; `isPrincipal` only with `leader` (the schema allows one principal per office). */
export interface TestRoleGrant {
  officeId: string;
  role: Role;
  isPrincipal?: boolean;
}

export interface CreateTestUserOptions {
  /** Lower case, as the users service stores it (LIMITS.usernamePattern). */
  username: string;
  /** Active grants, inserted directly (no approval flow). May be empty. */
  roles: readonly TestRoleGrant[];
  /** Defaults to DEFAULT_TEST_PASSWORD. */
  password?: string;
  /** Defaults to `测试用户 <username>`. */
  displayName?: string;
  /** Base32 TOTP secret to enrol; a random one by default (returned either way). */
  totpSecret?: string;
  /** Leave TOTP unenrolled (the next sign-in then goes to step 'totp_enrolment'). Default false. */
  isTotpUnenrolled?: boolean;
  /** Start with a one-time password to change (step 'password_change'). Default false. */
  mustChangePassword?: boolean;
  /** Create the user disabled. Default false. */
  isDisabled?: boolean;
}

/** A user created by `createTestUser`, with what it takes to sign it in. */
export interface TestUser {
  id: string;
  username: string;
  displayName: string;
  password: string;
  /** Base32 secret of the enrolled authenticator (also set when `isTotpUnenrolled`, but not stored then). */
  totpSecret: string;
}

/** The password of test users unless one is given; it passes the password policy. */
export const DEFAULT_TEST_PASSWORD = '正名-test-口令-2026-夏';

/** Where createTestUser writes: a TestApp (or anything with `deps.db` and `deps.key`), or a database plus key. */
export type TestUserTarget = { deps: Pick<AppDeps, 'db' | 'key'> } | Db;

/**
 * Inserts a user directly in the database — password already changed, TOTP enrolled with a known secret — and its
 * active role grants. Pass the TestApp (`createTestUser(t, …)`); with a bare Kysely `db`, give `key` (the app's
 * data key, which seals the TOTP secret) in the options.
 */
export async function createTestUser(
  target: { deps: Pick<AppDeps, 'db' | 'key'> },
  options: CreateTestUserOptions,
): Promise<TestUser>;
export async function createTestUser(target: Db, options: CreateTestUserOptions & { key: DataKey }): Promise<TestUser>;
export async function createTestUser(
  target: TestUserTarget,
  options: CreateTestUserOptions & { key?: DataKey },
): Promise<TestUser> {
  const { db, key } =
    'deps' in target
      ? target.deps
      : { db: target, key: options.key ?? missing('createTestUser(db, …) needs options.key') };
  const id = randomUUID();
  const password = options.password ?? DEFAULT_TEST_PASSWORD;
  const displayName = options.displayName ?? `测试用户 ${options.username}`;
  const secret =
    options.totpSecret === undefined ? generateTotpSecret() : Buffer.from(Secret.fromBase32(options.totpSecret).bytes);
  await db
    .insertInto('users')
    .values({
      id,
      username: options.username,
      display_name: displayName,
      password_hash: await hashPassword(password),
      must_change_password: options.mustChangePassword === true,
      totp_secret_sealed: options.isTotpUnenrolled === true ? null : seal(key, secret, 'users.totp_secret'),
      is_disabled: options.isDisabled === true,
      home_office_id: options.roles[0]?.officeId ?? null,
      created_at: new Date(),
    })
    .execute();
  for (const grant of options.roles) {
    await db
      .insertInto('role_grants')
      .values({
        id: randomUUID(),
        user_id: id,
        office_id: grant.officeId,
        role: grant.role,
        is_principal: grant.isPrincipal === true,
        status: 'active',
        requested_by: null,
        approved_by: null,
        approval_kind: 'test',
        created_at: new Date(),
        decided_at: new Date(),
      })
      .execute();
  }
  return { id, username: options.username, displayName, password, totpSecret: totpSecretBase32(secret) };
}

function missing(what: string): never {
  throw new Error(what);
}

/**
 * Inserts an office. Without `parentId` it is the root (a database holds one root only); with one, a child whose
 * materialised path extends the parent's.
 */
export async function createTestOffice(
  db: Db,
  options: { name: string; level: OfficeLevel; parentId?: string },
): Promise<{ id: string; path: string }> {
  const id = randomUUID();
  let path = `/${id}/`;
  if (options.parentId !== undefined) {
    const parent = await db
      .selectFrom('offices')
      .select('path')
      .where('id', '=', options.parentId)
      .executeTakeFirstOrThrow();
    path = `${parent.path}${id}/`;
  }
  await db
    .insertInto('offices')
    .values({
      id,
      parent_id: options.parentId ?? null,
      name: options.name,
      level: options.level,
      path,
      created_at: new Date(),
    })
    .execute();
  return { id, path };
}

/** The code an authenticator with this base32 secret shows at `at`. */
export function testTotpCode(totpSecret: string, at: Date): string {
  return totpCodeAt(Secret.fromBase32(totpSecret).bytes, at);
}

/** A signed-in session: send `cookie` as the Cookie header and `csrfToken` as x-csrf-token on non-GET requests. */
export interface SignedInTestUser {
  cookie: string;
  csrfToken: string;
  session: SessionResponse;
}

const TOTP_STEP_MS = 30_000;

/** The `zm_session=…` cookie a response sets, for the next request's Cookie header. */
export function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (cookie === undefined) {
    throw new Error(`response ${response.statusCode} set no ${SESSION_COOKIE} cookie: ${response.body}`);
  }
  return `${SESSION_COOKIE}=${cookie.value}`;
}

/**
 * Signs a user in through the real HTTP flow (password, then TOTP at the app's clock) and returns the session.
 * The user must be past the password change and enrolled (as createTestUser makes them). A TOTP code works once:
 * a second sign-in of the same user within the same 30-second step uses the next step's code (accepted within the
 * window); a third needs the test clock moved (`t.clock.advanceMinutes(1)`). `remoteAddress` sets the client
 * address (the per-address delay counts failures per address).
 */
export async function signInTestUser(
  t: { app: FastifyInstance; clock: Clock; deps: Pick<AppDeps, 'db'> },
  credentials: { username: string; password: string; totpSecret: string },
  options: { remoteAddress?: string } = {},
): Promise<SignedInTestUser> {
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
