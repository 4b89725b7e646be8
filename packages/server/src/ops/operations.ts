import os from 'node:os';
import type { Writable } from 'node:stream';
import {
  AuditHeadsExportSchema,
  CreateUserSchema,
  OfficeLevelSchema,
  RoleSchema,
  type AuditAction,
  type AuditHeadsExport,
  type AuditVerifyResult,
  type ErrorCode,
  type Office,
  type RoleGrant,
  type User,
} from '@zhengming/contracts';
import { z } from 'zod';
import { auditActorDetails, auditActorId, type Actor } from '../access/actor.js';
import { appendAudit, type Clock } from '../audit/audit.js';
import { exportAuditHeads, verifyAuditChains } from '../audit/audit-verify.js';
import { migrateToLatest, type DatabaseKind } from '../db/connect.js';
import type { Db } from '../db/database.js';
import { AppError, validationFailed } from '../errors.js';
import type { SessionService } from '../modules/auth/sessions.service.js';
import { OfficeService } from '../modules/offices/offices.service.js';
import {
  addCalendarYear,
  checkYearFile,
  listCalendarYears,
  type CalendarYearSummary,
} from '../modules/calendar/calendar.service.js';
import { GrantService } from '../modules/users/grants.service.js';
import { UserService } from '../modules/users/users.service.js';
import { writeBackup, writeBackupFile, type BackupManifest } from './backup.js';

/** What the operator's commands run with: the same services the HTTP routes use. */
export interface OpsContext {
  db: Db;
  kind: DatabaseKind;
  clock: Clock;
  sessions: SessionService;
  appVersion: string;
}

/** The operator running the CLI on this machine, named in every audit entry it causes. */
export function operatorActor(label?: string): Actor {
  return { kind: 'operator', label: label ?? `cli:${os.userInfo().username}` };
}

/** A label the admin channel accepts from its (owner-only) peer; anything else is replaced. */
export function sanitizeOperatorLabel(label: unknown): string | undefined {
  return typeof label === 'string' && /^cli:[\w.@-]{1,64}$/.test(label) ? label : undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function services(ctx: OpsContext): { offices: OfficeService; users: UserService; grants: GrantService } {
  return {
    offices: new OfficeService({ db: ctx.db, clock: ctx.clock }),
    grants: new GrantService({ db: ctx.db, clock: ctx.clock }),
    users: new UserService({ db: ctx.db, clock: ctx.clock, sessions: ctx.sessions }),
  };
}

async function findUserOrThrow(ctx: OpsContext, username: string): Promise<User> {
  const user = await services(ctx).users.findUserByUsername(username);
  if (user === null) {
    throw new AppError('NOT_FOUND', `user ${username} not found`, { userMessage: `用户 ${username} 不存在。` });
  }
  return user;
}

/** An office named by id or by name (a name held by two offices must be given as id). */
async function findOfficeOrThrow(ctx: OpsContext, actor: Actor, nameOrId: string): Promise<Office> {
  const { offices } = services(ctx);
  const office = UUID.test(nameOrId)
    ? ((await offices.listOffices(actor)).find((o) => o.id === nameOrId.toLowerCase()) ?? null)
    : await offices.findOfficeByName(nameOrId);
  if (office === null) {
    throw new AppError('NOT_FOUND', `office ${nameOrId} not found`, { userMessage: `机关 ${nameOrId} 不存在。` });
  }
  return office;
}

async function auditOperator(
  ctx: OpsContext,
  actor: Actor,
  action: AuditAction,
  details: Record<string, unknown>,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await appendAudit(
      trx,
      { actorId: auditActorId(actor), officeIds: [], action, details: { ...details, ...auditActorDetails(actor) } },
      ctx.clock,
    );
  });
}

const Username = z.string().trim().toLowerCase().min(1);
const GrantParams = z.object({
  username: Username,
  office: z.string().trim().min(1),
  role: RoleSchema,
  isPrincipal: z.boolean().default(false),
  approvedBy: Username.optional(),
});

/** A user created and the grant asked for with it; the grant may be refused after the user exists. */
export interface UserAddResult {
  user: User;
  oneTimePassword: string;
  grant: RoleGrant | null;
  grantError: { code: ErrorCode; message: string; userMessage: string | undefined } | null;
}

async function grantByNames(ctx: OpsContext, actor: Actor, params: z.infer<typeof GrantParams>): Promise<RoleGrant> {
  const user = await findUserOrThrow(ctx, params.username);
  const office = await findOfficeOrThrow(ctx, actor, params.office);
  const approver = params.approvedBy === undefined ? null : await findUserOrThrow(ctx, params.approvedBy);
  return services(ctx).grants.grantWithApprover(
    actor,
    user.id,
    { officeId: office.id, role: params.role, isPrincipal: params.isPrincipal },
    approver?.id ?? null,
  );
}

interface Operation<P extends z.ZodType, R> {
  params: P;
  /** Validates raw parameters (from the CLI or the admin channel) and runs. */
  execute(ctx: OpsContext, actor: Actor, raw: unknown): Promise<R>;
}

function defineOperation<P extends z.ZodType, R>(
  params: P,
  run: (ctx: OpsContext, actor: Actor, params: z.output<P>) => Promise<R>,
): Operation<P, R> {
  return { params, execute: (ctx, actor, raw) => run(ctx, actor, parseInput(params, raw)) };
}

/**
 * The operator's commands, run by the CLI directly on the database or by the running server for it through the
 * admin channel — the same code either way. Every one goes through the services (which enforce the grant rules
 * and audit each change); reads by the operator are audited too, as `operator.read` in the system chain.
 */
export const OPERATIONS = {
  'office.list': defineOperation(z.object({}), async (ctx, actor): Promise<{ offices: Office[] }> => {
    const offices = await services(ctx).offices.listOffices(actor);
    await auditOperator(ctx, actor, 'operator.read', { command: 'office list' });
    return { offices };
  }),
  'office.add': defineOperation(
    z.object({ name: z.string().trim().min(1), level: OfficeLevelSchema, parent: z.string().trim().min(1).optional() }),
    async (ctx, actor, params): Promise<{ office: Office }> => {
      const { offices } = services(ctx);
      if (params.parent === undefined) {
        return { office: await offices.createRootOffice(actor, { name: params.name, level: params.level }) };
      }
      const parent = await findOfficeOrThrow(ctx, actor, params.parent);
      return {
        office: await offices.createOffice(actor, { parentId: parent.id, name: params.name, level: params.level }),
      };
    },
  ),
  'office.bootstrap-leader': defineOperation(
    z.object({ username: Username, isPrincipal: z.boolean().default(false) }),
    async (ctx, actor, params): Promise<{ grant: RoleGrant }> => {
      const user = await findUserOrThrow(ctx, params.username);
      return {
        grant: await services(ctx).grants.bootstrapRootLeader(actor, user.id, { isPrincipal: params.isPrincipal }),
      };
    },
  ),
  'user.list': defineOperation(z.object({}), async (ctx, actor): Promise<{ users: User[] }> => {
    const users = await services(ctx).users.listUsers(actor);
    await auditOperator(ctx, actor, 'operator.read', { command: 'user list' });
    return { users };
  }),
  'user.add': defineOperation(
    z.object({
      username: z.string(),
      displayName: z.string(),
      grant: GrantParams.omit({ username: true }).optional(),
    }),
    async (ctx, actor, params): Promise<UserAddResult> => {
      const { users } = services(ctx);
      if (params.grant !== undefined) {
        // Check what can be checked before the account exists, so a typo does not leave a user without roles.
        await findOfficeOrThrow(ctx, actor, params.grant.office);
        if (params.grant.approvedBy !== undefined) {
          await findUserOrThrow(ctx, params.grant.approvedBy);
        }
      }
      const created = await users.createUser(actor, parseInput(CreateUserSchema, params));
      if (params.grant === undefined) {
        return { ...created, grant: null, grantError: null };
      }
      try {
        const grant = await grantByNames(ctx, actor, { ...params.grant, username: created.user.username });
        return { ...created, grant, grantError: null };
      } catch (error) {
        if (!(error instanceof AppError)) {
          throw error;
        }
        return {
          ...created,
          grant: null,
          grantError: { code: error.code, message: error.message, userMessage: error.userMessage },
        };
      }
    },
  ),
  'user.disable': defineOperation(
    z.object({ username: Username }),
    async (ctx, actor, params): Promise<{ user: User }> => {
      const user = await findUserOrThrow(ctx, params.username);
      return { user: await services(ctx).users.disableUser(actor, user.id) };
    },
  ),
  'user.enable': defineOperation(
    z.object({ username: Username }),
    async (ctx, actor, params): Promise<{ user: User }> => {
      const user = await findUserOrThrow(ctx, params.username);
      return { user: await services(ctx).users.enableUser(actor, user.id) };
    },
  ),
  'user.reset': defineOperation(
    z.object({ username: Username }),
    async (ctx, actor, params): Promise<{ user: User; oneTimePassword: string }> => {
      const user = await findUserOrThrow(ctx, params.username);
      return services(ctx).users.resetUser(actor, user.id);
    },
  ),
  'user.grant': defineOperation(GrantParams, async (ctx, actor, params): Promise<{ grant: RoleGrant }> => {
    return { grant: await grantByNames(ctx, actor, params) };
  }),
  'calendar.list': defineOperation(z.object({}), async (ctx, actor): Promise<{ years: CalendarYearSummary[] }> => {
    const years = await listCalendarYears(ctx.db);
    await auditOperator(ctx, actor, 'operator.read', { command: 'calendar list' });
    return { years };
  }),
  'calendar.add-year': defineOperation(
    z.object({ file: z.unknown() }),
    async (ctx, actor, params): Promise<{ year: CalendarYearSummary }> => {
      const checked = checkYearFile(params.file);
      if (!checked.ok) {
        throw new AppError('VALIDATION_FAILED', `calendar year file: ${checked.problems.join('; ')}`, {
          details: checked.problems.map((problem) => ({ path: 'file', message: problem })),
          userMessage: `日历年度文件有误：${checked.problems.join('；')}`,
        });
      }
      return { year: await addCalendarYear(ctx.db, ctx.clock, actor, checked.year) };
    },
  ),
  'audit.verify': defineOperation(
    z.object({ heads: AuditHeadsExportSchema.optional() }),
    async (ctx, actor, params): Promise<AuditVerifyResult> => {
      const heads: AuditHeadsExport | undefined = params.heads;
      const result = await verifyAuditChains(ctx.db, heads === undefined ? {} : { heads });
      await auditOperator(ctx, actor, 'system.audit_verified', {
        ok: result.ok,
        chains: result.chains.length,
        brokenChains: result.chains.filter((c) => !c.ok).length,
        truncated: result.truncated.length,
        headsExportedAt: result.headsExportedAt,
      });
      return result;
    },
  ),
  'audit.head': defineOperation(z.object({}), async (ctx, actor): Promise<AuditHeadsExport> => {
    const heads = await exportAuditHeads(ctx.db, { clock: ctx.clock });
    await auditOperator(ctx, actor, 'system.audit_heads_exported', {
      chains: Object.keys(heads.chains).length,
      exportedAt: heads.exportedAt,
    });
    return heads;
  }),
  migrate: defineOperation(z.object({}), async (ctx, actor): Promise<{ applied: string[] }> => {
    const applied = await migrateToLatest(ctx.db);
    if (applied.length > 0) {
      await auditOperator(ctx, actor, 'system.migrated', { applied });
    }
    return { applied };
  }),
};

function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw validationFailed(issue?.path.map(String).join('.') ?? '', issue?.message ?? 'invalid');
  }
  return parsed.data;
}

export type OperationName = keyof typeof OPERATIONS;
export type OperationParams<N extends OperationName> = z.input<(typeof OPERATIONS)[N]['params']>;
export type OperationResult<N extends OperationName> = Awaited<ReturnType<(typeof OPERATIONS)[N]['execute']>>;

/** True for the names of `OPERATIONS`. */
export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(OPERATIONS, name);
}

/** Validates the parameters and runs one operation as `actor`. */
export async function executeOperation<N extends OperationName>(
  ctx: OpsContext,
  actor: Actor,
  name: N,
  params: unknown,
): Promise<OperationResult<N>> {
  // TypeScript cannot narrow the union of operations by N; each operation returns its own result type.
  return (await OPERATIONS[name].execute(ctx, actor, params)) as OperationResult<N>;
}

/**
 * Writes a backup to `sink` and records it in the system chain (who, when, how many rows) once it is complete.
 * The entry is not in the backup itself: it is written after the snapshot.
 */
export async function backupToStream(
  ctx: OpsContext,
  actor: Actor,
  sink: Writable,
  fileLabel: string | null,
): Promise<BackupManifest> {
  const manifest = await writeBackup(ctx, sink, { appVersion: ctx.appVersion, createdAt: ctx.clock.now() });
  await auditBackup(ctx, actor, manifest, fileLabel);
  return manifest;
}

/** As `backupToStream`, into a new file. */
export async function backupToFile(ctx: OpsContext, actor: Actor, file: string): Promise<BackupManifest> {
  const manifest = await writeBackupFile(ctx, file, { appVersion: ctx.appVersion, createdAt: ctx.clock.now() });
  await auditBackup(ctx, actor, manifest, file);
  return manifest;
}

async function auditBackup(
  ctx: OpsContext,
  actor: Actor,
  manifest: BackupManifest,
  file: string | null,
): Promise<void> {
  await auditOperator(ctx, actor, 'system.backup_created', {
    createdAt: manifest.createdAt,
    ...(file === null ? {} : { file }),
    rows: Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows])),
  });
}
