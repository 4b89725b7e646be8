import { Secret } from 'otpauth';
import type { GrantId, OfficeId, OfficeLevel, Role, UserId } from '@zhengming/contracts';
import type { Actor } from '../access/actor.js';
import type { GrantStatus } from '../db/database.js';
import { newGrantId, newOfficeId, newUserId } from '../db/ids.js';
import type { AppDeps, Clock, Db } from '../deps.js';
import { SESSION_COOKIE } from '../http/session-cookie.js';
import { seal, type DataKey } from '../keys/keys.js';
import { hashPassword } from '../modules/auth/passwords.js';
import type { SessionService } from '../modules/auth/sessions.service.js';
import { generateTotpSecret, totpSecretBase32 } from '../modules/auth/totp.js';

/*
 * The test builders: one `buildX(target, overrides)` per entity the tests create (STYLE.md §2, §6). Each inserts
 * its rows directly in the database — no service, no approval flow, no audit entry — with sensible defaults, and
 * the overrides say only what the test is about. Worlds of several entities (the users fixture, the matrix office
 * tree and world) are compositions of these builders in their own files.
 *
 *   const t = await buildTestApp();
 *   const town = await buildOffice(t, { name: '东湖镇纪委', level: 'township' });
 *   const user = await buildUser(t, { username: 'intake1', roles: [{ officeId: town.id, role: 'intake' }] });
 *   const session = await buildSession(t, { userId: user.id });
 *   await t.app.inject({ method: 'POST', url: '/api/…', headers: session.headers, payload: {…} });
 *
 * A new entity adds its builder here in the same shape — an overrides interface whose fields are all optional
 * except the ids it cannot invent, and a function that fills in the rest and inserts:
 *
 *   export interface ComplaintOverrides { officeId: string; content?: string; … }
 *   export async function buildComplaint(target: BuildTarget, overrides: ComplaintOverrides): Promise<…> { … }
 */

/**
 * Where builders write: the test app (its database, data key and clock), or a bare database (a TestDatabase, or
 * `{ db, key }`). Times come from the target's clock when it has one, otherwise from the wall clock.
 */
export type BuildTarget =
  { deps: Pick<AppDeps, 'db' | 'key'>; clock?: Clock } | { db: Db; key?: DataKey | undefined; clock?: Clock };

function resolveTarget(target: BuildTarget): { db: Db; key: DataKey | undefined; now: () => Date } {
  const clock = target.clock;
  const now = (): Date => clock?.now() ?? new Date();
  return 'deps' in target ? { db: target.deps.db, key: target.deps.key, now } : { db: target.db, key: target.key, now };
}

// Offices ------------------------------------------------------------------------------------------------------

export interface OfficeOverrides {
  /** The parent office; by default the root office (created on first use). `null` makes this office the root. */
  parentId?: OfficeId | null;
  /** Defaults to `测试机关 <id>` (the root: 测试省纪委监委). */
  name?: string;
  /** Defaults to county (the root: province). */
  level?: OfficeLevel;
}

/** An office as built: its id and materialised path (`/<root id>/…/<id>/`), the id of its audit chain too. */
export interface TestOffice {
  id: OfficeId;
  parentId: OfficeId | null;
  name: string;
  level: OfficeLevel;
  path: string;
}

/**
 * Inserts an office under `parentId` — by default under the root office, which is created on first use (a
 * database holds one root only); `parentId: null` creates the root itself.
 */
export async function buildOffice(target: BuildTarget, overrides: OfficeOverrides = {}): Promise<TestOffice> {
  const { db, now } = resolveTarget(target);
  const id = newOfficeId();
  let parent: { id: OfficeId; path: string } | null = null;
  if (overrides.parentId === undefined) {
    const root = await db
      .selectFrom('offices')
      .select(['id', 'path'])
      .where('parent_id', 'is', null)
      .executeTakeFirst();
    parent = root ?? (await buildOffice(target, { parentId: null }));
  } else if (overrides.parentId !== null) {
    parent = await db
      .selectFrom('offices')
      .select(['id', 'path'])
      .where('id', '=', overrides.parentId)
      .executeTakeFirstOrThrow();
  }
  const office: TestOffice = {
    id,
    parentId: parent?.id ?? null,
    name: overrides.name ?? (parent === null ? '测试省纪委监委' : `测试机关 ${id.slice(0, 8)}`),
    level: overrides.level ?? (parent === null ? 'province' : 'county'),
    path: `${parent?.path ?? '/'}${id}/`,
  };
  await db
    .insertInto('offices')
    .values({
      id,
      parent_id: office.parentId,
      name: office.name,
      level: office.level,
      path: office.path,
      created_at: now(),
    })
    .execute();
  return office;
}

// Role grants --------------------------------------------------------------------------------------------------

export interface GrantOverrides {
  userId: UserId;
  officeId: OfficeId;
  role: Role;
  /** Only with `leader` (the schema allows one principal per office). Default false. */
  isPrincipal?: boolean;
  /** Default active; a pending grant has no decision time or approval kind. */
  status?: GrantStatus;
  /** Who asked for the grant (a user id); default null, as when the operator did. */
  requestedBy?: UserId | null;
  /** The approving leader (a user id); default null. */
  approvedBy?: UserId | null;
}

/** Inserts a role grant, active by default. Returns its id. */
export async function buildGrant(target: BuildTarget, overrides: GrantOverrides): Promise<GrantId> {
  const { db, now } = resolveTarget(target);
  const id = newGrantId();
  const status = overrides.status ?? 'active';
  const at = now();
  await db
    .insertInto('role_grants')
    .values({
      id,
      user_id: overrides.userId,
      office_id: overrides.officeId,
      role: overrides.role,
      is_principal: overrides.isPrincipal === true,
      status,
      requested_by: overrides.requestedBy ?? null,
      approved_by: overrides.approvedBy ?? null,
      approval_kind: status === 'pending' ? null : 'test',
      created_at: at,
      decided_at: status === 'pending' ? null : at,
    })
    .execute();
  return id;
}

// Users --------------------------------------------------------------------------------------------------------

/** The password of test users unless one is given; it passes the password policy. */
export const DEFAULT_TEST_PASSWORD = '正名-test-口令-2026-夏';

/** A role the user holds in an office (an active grant); `isPrincipal` only with `leader`. */
export interface TestRoleGrant {
  officeId: OfficeId;
  role: Role;
  isPrincipal?: boolean;
}

export interface UserOverrides {
  /** Lower case, as the users service stores it (LIMITS.usernamePattern). Default `user-<random>`. */
  username?: string;
  /** Defaults to `测试用户 <username>`. */
  displayName?: string;
  /** Active grants, inserted with the user (no approval flow). Default none. */
  roles?: readonly TestRoleGrant[];
  /**
   * Defaults to DEFAULT_TEST_PASSWORD. `null` stores no usable password hash and skips the ~50 ms of hashing, for
   * users who only ever get a session from buildSession.
   */
  password?: string | null;
  /** Base32 TOTP secret to enrol; a random one by default (returned either way). */
  totpSecret?: string;
  /** Leave TOTP unenrolled (the next sign-in then goes to step 'totp_enrolment'). Default false. */
  isTotpUnenrolled?: boolean;
  /** Start with a one-time password to change (step 'password_change'). Default false. */
  mustChangePassword?: boolean;
  /** Create the user disabled. Default false. */
  isDisabled?: boolean;
  /** The office of the admin who created the user; default null, as when the operator did. */
  homeOfficeId?: OfficeId | null;
}

/** A user as built, with what it takes to sign it in through the API (see sign-in.ts). */
export interface TestUser {
  id: UserId;
  username: string;
  displayName: string;
  password: string;
  /** Base32 secret of the enrolled authenticator (also set when `isTotpUnenrolled`, but not stored then). */
  totpSecret: string;
}

/** A user built with `password: null`: it has no password to sign in with. */
export type PasswordlessTestUser = Omit<TestUser, 'password'> & { password: null };

/**
 * Inserts a user — password already changed, TOTP enrolled with a known secret unless told otherwise — and its
 * active role grants. Enrolling seals the TOTP secret with the data key: build on the test app, or pass `key`
 * with a bare database.
 */
export async function buildUser(
  target: BuildTarget,
  overrides: UserOverrides & { password: null },
): Promise<PasswordlessTestUser>;
export async function buildUser(
  target: BuildTarget,
  overrides?: UserOverrides & { password?: string },
): Promise<TestUser>;
export async function buildUser(
  target: BuildTarget,
  overrides: UserOverrides = {},
): Promise<TestUser | PasswordlessTestUser> {
  const { db, key, now } = resolveTarget(target);
  const id = newUserId();
  const username = overrides.username ?? `user-${id.slice(0, 8)}`;
  const displayName = overrides.displayName ?? `测试用户 ${username}`;
  const password = overrides.password === undefined ? DEFAULT_TEST_PASSWORD : overrides.password;
  const secret =
    overrides.totpSecret === undefined
      ? generateTotpSecret()
      : Buffer.from(Secret.fromBase32(overrides.totpSecret).bytes);
  let totpSealed: string | null = null;
  if (overrides.isTotpUnenrolled !== true) {
    if (key === undefined) {
      throw new Error('buildUser enrols TOTP, which needs the data key: build on the test app or pass { db, key }');
    }
    totpSealed = seal(key, secret, 'users.totp_secret');
  }
  await db
    .insertInto('users')
    .values({
      id,
      username,
      display_name: displayName,
      // Not an Argon2 hash, so no password ever matches it.
      password_hash: password === null ? 'unusable' : await hashPassword(password),
      must_change_password: overrides.mustChangePassword === true,
      totp_secret_sealed: totpSealed,
      is_disabled: overrides.isDisabled === true,
      home_office_id: overrides.homeOfficeId ?? null,
      created_at: now(),
    })
    .execute();
  for (const grant of overrides.roles ?? []) {
    await buildGrant(target, { userId: id, ...grant });
  }
  const built = { id, username, displayName, totpSecret: totpSecretBase32(secret) };
  return password === null ? { ...built, password } : { ...built, password };
}

// Sessions -----------------------------------------------------------------------------------------------------

export interface SessionOverrides {
  userId: UserId;
  /** The office the session acts in; by default the user's first office, as a real sign-in would choose. */
  activeOfficeId?: OfficeId;
}

/** A signed-in session for `app.inject()`: send `headers` with every request (or just `cookie` on reads). */
export interface TestSession {
  userId: UserId;
  token: string;
  tokenHash: string;
  csrfToken: string;
  /** The `zm_session=…` Cookie header. */
  cookie: string;
  /** `cookie` and `x-csrf-token` headers. */
  headers: { cookie: string; 'x-csrf-token': string };
}

/**
 * Starts a fully signed-in session for a user through the app's session service, skipping password and TOTP (for
 * tests of other features; the sign-in flow has its own tests, and sign-in.ts walks it).
 */
export async function buildSession(
  t: { sessions: SessionService; deps: Pick<AppDeps, 'db'> },
  overrides: SessionOverrides,
): Promise<TestSession> {
  const { token, tokenHash } = await t.sessions.create(overrides.userId, null);
  if (overrides.activeOfficeId !== undefined) {
    await t.sessions.setActiveOffice(tokenHash, overrides.activeOfficeId);
  }
  const row = await t.deps.db
    .selectFrom('sessions')
    .select('csrf_token')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirstOrThrow();
  const cookie = `${SESSION_COOKIE}=${token}`;
  return {
    userId: overrides.userId,
    token,
    tokenHash,
    csrfToken: row.csrf_token,
    cookie,
    headers: { cookie, 'x-csrf-token': row.csrf_token },
  };
}

// Actors -------------------------------------------------------------------------------------------------------

/** A user acting in an office with roles there, or (without `userId`) the operator with a label. */
export type ActorOverrides =
  { userId: UserId; activeOfficeId?: OfficeId | null; activeRoles?: readonly Role[] } | { label?: string };

/**
 * Who calls a service in a test: a user (`{ userId, activeOfficeId, activeRoles }`, no office and no roles by
 * default), or the operator labelled `test-operator` (or `{ label }`). Nothing is inserted.
 */
export function buildActor(overrides: ActorOverrides = {}): Actor {
  if ('userId' in overrides) {
    return {
      kind: 'user',
      userId: overrides.userId,
      activeOfficeId: overrides.activeOfficeId ?? null,
      activeRoles: overrides.activeRoles ?? [],
    };
  }
  return { kind: 'operator', label: overrides.label ?? 'test-operator' };
}
