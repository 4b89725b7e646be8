import os from 'node:os';
import { LIMITS, singleLineText, type AuditAction } from '@zhengming/contracts';
import type { z } from 'zod';
import { appendActorAudit, type Actor } from '../access/actor.js';
import type { DatabaseKind } from '../db/connect.js';
import type { AuditWriter } from '../audit/audit.js';
import type { Clock, Db } from '../deps.js';
import { validationFailed } from '../errors.js';
import type { SessionService } from '../modules/auth/sessions.service.js';

/*
 * The building blocks of the operator's commands. Each feature module declares its own commands with
 * `defineOperation` in a `*.operations.ts` file; `ops/operations.ts` only combines them into the registry that
 * the CLI and the admin channel run. This is the one file of ops/ that modules import.
 */

/** What the operator's commands run with: the same services the HTTP routes use. */
export interface OpsContext {
  db: Db;
  kind: DatabaseKind;
  clock: Clock;
  /** Appends audit entries under the data key (`createAuditWriter(key, clock)`). */
  audit: AuditWriter;
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

/** One command: its parameter schema and how it runs. */
export interface Operation<P extends z.ZodType, R> {
  params: P;
  /** Validates raw parameters (from the CLI or the admin channel) and runs. */
  execute(ctx: OpsContext, actor: Actor, raw: unknown): Promise<R>;
}

/** Declares a command whose raw parameters are validated by `params` before `run` sees them. */
export function defineOperation<P extends z.ZodType, R>(
  params: P,
  run: (ctx: OpsContext, actor: Actor, params: z.output<P>) => Promise<R>,
): Operation<P, R> {
  return { params, execute: (ctx, actor, raw) => run(ctx, actor, parseInput(params, raw)) };
}

/** Parses a value with a schema, refusing it as `VALIDATION_FAILED` with the first problem's path. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw validationFailed(issue?.path.map(String).join('.') ?? '', issue?.message ?? 'invalid');
  }
  return parsed.data;
}

/** Records an operator's event that belongs to no office (reads, checks, backups) in the system chain. */
export async function auditOperator(
  ctx: OpsContext,
  actor: Actor,
  action: AuditAction,
  details: Record<string, unknown>,
): Promise<void> {
  // Outside a transaction appendAudit opens its own, so the entry and its chain head advance together.
  await appendActorAudit(ctx.db, actor, { officeIds: [], action, details }, ctx.audit);
}

/** A user name as the operator types it: one line of text (contracts/src/text.ts), trimmed, lower case. */
export const UsernameParam = singleLineText({ max: LIMITS.signInUsernameMaxLength }).toLowerCase();

/** An office as the operator names it, by name or by id: one line of text, trimmed. */
export const OfficeRefParam = singleLineText({ max: LIMITS.officeNameMaxLength });
