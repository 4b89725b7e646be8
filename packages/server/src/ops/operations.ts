import type { Writable } from 'node:stream';
import { z } from 'zod';
import type { Actor } from '../access/actor.js';
import { migrateToLatest } from '../db/connect.js';
import { AUDIT_OPERATIONS } from '../modules/audit/audit.operations.js';
import { CALENDAR_OPERATIONS } from '../modules/calendar/calendar.operations.js';
import { OFFICE_OPERATIONS } from '../modules/offices/offices.operations.js';
import { USER_OPERATIONS } from '../modules/users/users.operations.js';
import { writeBackup, writeBackupFile, type BackupManifest } from './backup.js';
import { auditOperator, defineOperation, type OpsContext } from './define-operation.js';

export { operatorActor, sanitizeOperatorLabel, type OpsContext } from './define-operation.js';
export type { UserAddResult } from '../modules/users/users.operations.js';

/**
 * The operator's commands, run by the CLI directly on the database or by the running server for it through the
 * admin channel — the same code either way. Each feature module declares its own (`*.operations.ts`); this
 * registry only combines them. Every one goes through the services (which enforce the grant rules and audit each
 * change); reads by the operator are audited too, as `operator.read` in the system chain.
 */
export const OPERATIONS = {
  ...OFFICE_OPERATIONS,
  ...USER_OPERATIONS,
  ...CALENDAR_OPERATIONS,
  ...AUDIT_OPERATIONS,
  migrate: defineOperation(z.object({}), async (ctx, actor): Promise<{ applied: string[] }> => {
    const applied = await migrateToLatest(ctx.db);
    if (applied.length > 0) {
      await auditOperator(ctx, actor, 'system.migrated', { applied });
    }
    return { applied };
  }),
};

export type OperationName = keyof typeof OPERATIONS;
export type OperationParams<N extends OperationName> = z.input<(typeof OPERATIONS)[N]['params']>;
export type OperationResult<N extends OperationName> = Awaited<ReturnType<(typeof OPERATIONS)[N]['execute']>>;

/** True for the names of `OPERATIONS`. */
export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(OPERATIONS, name);
}

/**
 * The first problem of `params` for the operation `name` — the path of the parameter and the schema's message —
 * or null: lets the CLI refuse a mistyped argument as a usage error before it opens the database.
 */
export function findParamsProblem(name: OperationName, params: unknown): { path: string; message: string } | null {
  const parsed = OPERATIONS[name].params.safeParse(params);
  if (parsed.success) {
    return null;
  }
  const issue = parsed.error.issues[0];
  return { path: issue?.path.map(String).join('.') ?? '', message: issue?.message ?? 'invalid' };
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
