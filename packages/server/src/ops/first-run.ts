import { visibleText, type OfficeLevel, type UserId, type OfficeId } from '@zhengming/contracts';
import { sql } from 'kysely';
import { appendAudit, type AuditWriter } from '../audit/audit.js';
import { generateOneTimePassword, hashPassword } from '../modules/auth/passwords.js';
import { formatBox } from './text-box.js';
import type { Db } from '../deps.js';
import { newGrantId, newOfficeId, newUserId } from '../db/ids.js';

export interface RootOfficeSpec {
  name: string;
  level: OfficeLevel;
}

export const DEFAULT_ROOT_OFFICE: RootOfficeSpec = { name: '市纪委监委', level: 'prefecture' };
export const FIRST_ADMIN_USERNAME = 'admin';

export interface FirstRunResult {
  officeId: OfficeId;
  officeName: string;
  userId: UserId;
  username: string;
  /** Shown once; only its Argon2id hash is stored. */
  oneTimePassword: string;
}

/**
 * Takes a transaction-scoped advisory lock, so that several app instances starting at once on one PostgreSQL
 * database do not both seed it. Released at commit.
 */
export async function lockSeeding(trx: Db): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('zhengming/seed'))`.execute(trx);
}

/** True when the database has no user at all (first start, or a folder set up only with offices). */
export async function hasNoUsers(db: Db): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/**
 * The first start on an empty database: creates the root office (unless the operator already created one with
 * the CLI) and an `admin` user with a one-time password that must be changed at first sign-in (TOTP enrolment
 * follows). The admin grant is non-content and active at once. Audited in the system chain. Returns null when
 * any user exists already.
 */
export async function ensureFirstRun(
  db: Db,
  audit: AuditWriter,
  rootOffice: RootOfficeSpec = DEFAULT_ROOT_OFFICE,
): Promise<FirstRunResult | null> {
  // Hash outside the transaction: Argon2id takes ~50 ms and needs no database.
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  return db.transaction().execute(async (trx) => {
    await lockSeeding(trx);
    if (!(await hasNoUsers(trx))) {
      return null;
    }
    const now = audit.clock.now();
    const existingRoot = await trx
      .selectFrom('offices')
      .select(['id', 'name'])
      .where('parent_id', 'is', null)
      .orderBy('created_at')
      .executeTakeFirst();
    let office = existingRoot;
    if (office === undefined) {
      const id = newOfficeId();
      await trx
        .insertInto('offices')
        .values({
          id,
          parent_id: null,
          name: rootOffice.name,
          level: rootOffice.level,
          path: `/${id}/`,
          created_at: now,
        })
        .execute();
      office = { id, name: rootOffice.name };
    }
    const userId = newUserId();
    await trx
      .insertInto('users')
      .values({
        id: userId,
        username: FIRST_ADMIN_USERNAME,
        display_name: '系统管理员',
        password_hash: passwordHash,
        must_change_password: true,
        totp_secret_sealed: null,
        totp_pending_sealed: null,
        totp_last_step: null,
        created_at: now,
      })
      .execute();
    await trx
      .insertInto('role_grants')
      .values({
        id: newGrantId(),
        user_id: userId,
        office_id: office.id,
        role: 'admin',
        is_principal: false,
        status: 'active',
        requested_by: null,
        approved_by: null,
        // `admin` opens no content, so it needs no leader's approval; this marks who set it up.
        approval_kind: 'first_run',
        created_at: now,
        decided_at: now,
      })
      .execute();
    await appendAudit(
      trx,
      {
        actorId: null,
        officeIds: [],
        action: 'system.first_run',
        targetIds: [office.id, userId],
        details: {
          office: office.name,
          officeCreated: existingRoot === undefined,
          username: FIRST_ADMIN_USERNAME,
          role: 'admin',
        },
      },
      audit,
    );
    return { officeId: office.id, officeName: office.name, userId, username: FIRST_ADMIN_USERNAME, oneTimePassword };
  });
}

/** The framed notice with the one-time password, printed once at the first start. */
export function formatFirstRunNotice(result: FirstRunResult): string {
  return formatBox([
    '首次启动：已创建系统管理员 / First start: administrator created',
    '',
    // An existing root office's name comes from the database: shown, never acted on by the terminal.
    `机构 Office:            ${visibleText(result.officeName)}`,
    `用户名 Username:        ${result.username}`,
    `一次性密码 Password:    ${result.oneTimePassword}`,
    '',
    '此密码只显示这一次。首次登录须修改密码，并绑定动态验证码（TOTP）。',
    'Shown only this once. Change it at first sign-in; TOTP enrolment follows.',
    '遗失时可运行 zhengming user reset admin 重新生成。 / If lost: zhengming user reset admin',
  ]);
}
