import {
  APPROVAL_ROLES,
  ROLE_LABELS,
  type OfficeLevel,
  type Role,
  type UserId,
  type OfficeId,
} from '@zhengming/contracts';
import type { Actor } from '../access/actor.js';
import { auditActorDetails, auditActorId } from '../access/actor.js';
import { appendAudit, type AuditWriter } from '../audit/audit.js';
import { AppError } from '../errors.js';
import { checkPasswordPolicy, hashPassword } from '../modules/auth/passwords.js';
import type { SessionService } from '../modules/auth/sessions.service.js';
import { OfficeService } from '../modules/offices/offices.service.js';
import { GrantService } from '../modules/users/grants.service.js';
import { UserService } from '../modules/users/users.service.js';
import type { DataKey } from '../keys/keys.js';
import { seedDemoComplaints } from './demo-complaints.js';
import { hasNoUsers } from './first-run.js';
import { formatBox, formatTable } from './text-box.js';
import type { Clock, Db } from '../deps.js';

type DemoOfficeKey = 'city' | 'district' | 'donghu' | 'xishan';

/** The demo office tree: a city, one of its districts, and two townships of the district. */
export const DEMO_OFFICES: { key: DemoOfficeKey; name: string; level: OfficeLevel; parent: DemoOfficeKey | null }[] = [
  { key: 'city', name: '示范市纪委监委', level: 'prefecture', parent: null },
  { key: 'district', name: '示范区纪委监委', level: 'county', parent: 'city' },
  { key: 'donghu', name: '东湖镇纪委', level: 'township', parent: 'district' },
  { key: 'xishan', name: '西山镇纪委', level: 'township', parent: 'district' },
];

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  office: string;
  isPrincipal: boolean;
  /** Printed at start; demo only. */
  password: string;
}

/**
 * One user per role, placed as a small prefecture would: intake and supervision in a township, investigation,
 * case review and case management at the district, and the principal leader at the city — an ancestor of every
 * office, so it can approve every content grant (the root's first leader is the recorded bootstrap step). A second
 * intake officer works at the district, where complaints about the township's principal arrive.
 */
const DEMO_USERS: { username: string; displayName: string; role: Role; office: DemoOfficeKey; password: string }[] = [
  { username: 'leader', displayName: '李领导', role: 'leader', office: 'city', password: 'zhengming-demo-1' },
  { username: 'intake', displayName: '王信访', role: 'intake', office: 'donghu', password: 'zhengming-demo-2' },
  { username: 'supervisor', displayName: '赵监督', role: 'supervisor', office: 'donghu', password: 'zhengming-demo-3' },
  {
    username: 'investigator',
    displayName: '钱审查',
    role: 'investigator',
    office: 'district',
    password: 'zhengming-demo-4',
  },
  { username: 'reviewer', displayName: '孙审理', role: 'reviewer', office: 'district', password: 'zhengming-demo-5' },
  { username: 'monitor', displayName: '周案管', role: 'monitor', office: 'district', password: 'zhengming-demo-6' },
  { username: 'admin', displayName: '吴管理', role: 'admin', office: 'city', password: 'zhengming-demo-7' },
  { username: 'auditor', displayName: '郑审计', role: 'auditor', office: 'city', password: 'zhengming-demo-8' },
  {
    username: 'district-intake',
    displayName: '冯来信',
    role: 'intake',
    office: 'district',
    password: 'zhengming-demo-9',
  },
];

export interface DemoDeps {
  db: Db;
  /** The data key: the sample complaints' reporters are sealed with it. */
  key: DataKey;
  clock: Clock;
  audit: AuditWriter;
  sessions: SessionService;
}

/** The setting that marks a database as seeded with demo data. */
export const DEMO_SETTING = 'demo_seeded_at';

/** Whether the database was seeded by the demo (its accounts' credentials are then printed at every start). */
export async function isDemoDatabase(db: Db): Promise<boolean> {
  const row = await db.selectFrom('settings').select('key').where('key', '=', DEMO_SETTING).executeTakeFirst();
  return row !== undefined;
}

/**
 * Seeds an empty database with the demo office tree and one user per role, with known passwords and no
 * password change required; TOTP is not enrolled (each user enrols at first sign-in). Everything goes through
 * the office and user services, so the grant rules hold and every step is audited; content grants are approved
 * by the demo leader. Then the sample complaints and leads (`seedDemoComplaints`), registered through the
 * complaint services by the demo users. Returns null, changing nothing, when the database already has users or
 * offices.
 */
export async function seedDemo(deps: DemoDeps, actor: Actor): Promise<DemoAccount[] | null> {
  const anyOffice = await deps.db.selectFrom('offices').select('id').limit(1).executeTakeFirst();
  if (!(await hasNoUsers(deps.db)) || anyOffice !== undefined) {
    return null;
  }
  const offices = new OfficeService({ db: deps.db, clock: deps.clock, audit: deps.audit });
  const users = new UserService(deps);
  const grants = new GrantService(deps);
  const officeIds = new Map<DemoOfficeKey, OfficeId>();
  for (const spec of DEMO_OFFICES) {
    const parentId = spec.parent === null ? undefined : officeIds.get(spec.parent);
    const office =
      parentId === undefined
        ? await offices.createRootOffice(actor, { name: spec.name, level: spec.level })
        : await offices.createOffice(actor, { parentId, name: spec.name, level: spec.level });
    officeIds.set(spec.key, office.id);
  }
  const userIds = new Map<string, UserId>();
  for (const spec of DEMO_USERS) {
    const policy = checkPasswordPolicy(spec.password, { username: spec.username, displayName: spec.displayName });
    if (!policy.ok) {
      throw new AppError('INTERNAL', `demo password of ${spec.username} breaks the policy: ${policy.reasons.join('')}`);
    }
    const created = await users.createUser(actor, { username: spec.username, displayName: spec.displayName });
    userIds.set(spec.username, created.user.id);
    await setDemoPassword(deps, actor, created.user.id, spec.username, spec.password);
  }
  const userIdOf = (username: string): UserId => {
    const id = userIds.get(username);
    if (id === undefined) {
      throw new AppError('INTERNAL', `demo user ${username} was not created`);
    }
    return id;
  };
  const officeIdOf = (key: DemoOfficeKey): OfficeId => {
    const id = officeIds.get(key);
    if (id === undefined) {
      throw new AppError('INTERNAL', `demo office ${key} was not created`);
    }
    return id;
  };
  const leaderId = userIdOf('leader');
  await grants.bootstrapRootLeader(actor, leaderId, { isPrincipal: true });
  for (const spec of DEMO_USERS.filter((u) => u.role !== 'leader')) {
    await grants.grantWithApprover(
      actor,
      userIdOf(spec.username),
      { officeId: officeIdOf(spec.office), role: spec.role, isPrincipal: false },
      APPROVAL_ROLES.includes(spec.role) ? leaderId : null,
    );
  }
  await seedDemoComplaints({
    db: deps.db,
    key: deps.key,
    clock: deps.clock,
    audit: deps.audit,
    offices: { city: officeIdOf('city'), district: officeIdOf('district'), donghu: officeIdOf('donghu') },
    userIdOf,
  });
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now();
    await trx.insertInto('settings').values({ key: DEMO_SETTING, value: now.toISOString(), updated_at: now }).execute();
    await appendAudit(
      trx,
      {
        actorId: auditActorId(actor),
        officeIds: [],
        action: 'demo.seeded',
        targetIds: [...officeIds.values(), ...userIds.values()],
        details: { offices: DEMO_OFFICES.length, users: DEMO_USERS.length, ...auditActorDetails(actor) },
      },
      deps.audit,
    );
  });
  return demoAccounts();
}

/** The demo's accounts with their public demo passwords, as printed at every start of a demo database. */
export function demoAccounts(): DemoAccount[] {
  const officeName = new Map(DEMO_OFFICES.map((o) => [o.key, o.name]));
  return DEMO_USERS.map((spec) => ({
    username: spec.username,
    displayName: spec.displayName,
    role: spec.role,
    office: officeName.get(spec.office) ?? '',
    isPrincipal: spec.role === 'leader',
    password: spec.password,
  }));
}

/** Replaces the one-time password of a demo user by its known demo password, with no change required. */
async function setDemoPassword(
  deps: DemoDeps,
  actor: Actor,
  userId: UserId,
  username: string,
  password: string,
): Promise<void> {
  const passwordHash = await hashPassword(password);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: false })
      .where('id', '=', userId)
      .execute();
    await appendAudit(
      trx,
      {
        actorId: auditActorId(actor),
        officeIds: [],
        action: 'demo.password_set',
        targetIds: [userId],
        details: { username, ...auditActorDetails(actor) },
      },
      deps.audit,
    );
  });
}

/** The table of demo accounts printed at start, flagged as demo-only. */
export function formatDemoNotice(accounts: readonly DemoAccount[], options: { isAgain?: boolean } = {}): string {
  const rows = accounts.map((a) => [
    a.username,
    a.password,
    `${ROLE_LABELS[a.role].zh}${a.isPrincipal ? '（主要负责人）' : ''}`,
    a.office,
    a.displayName,
  ]);
  return [
    formatBox([
      '演示数据：仅供体验，切勿用于真实工作。 / DEMO DATA ONLY — never for real cases.',
      '以下密码是公开的演示密码；首次登录时绑定动态验证码（TOTP）。',
      'These passwords are public; each user enrols TOTP at first sign-in.',
      ...(options.isAgain === true
        ? [
            '演示数据库已存在，沿用原有数据；如已修改密码，以修改后的为准。',
            'The demo database exists and is reused; a changed password is the user’s own.',
          ]
        : []),
    ]),
    formatTable(['用户名 Username', '演示密码 Password', '角色 Role', '机关 Office', '姓名 Name'], rows),
  ].join('\n');
}
