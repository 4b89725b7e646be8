import type { Role, UserId, OfficeId } from '@zhengming/contracts';
import { appendAudit, type AuditEvent, type AuditWriter } from '../audit/audit.js';
import type { Db } from '../deps.js';
import type { AuthContext } from './auth-context.js';

/**
 * Who performs a service call: a signed-in user acting in their active office, or the operator running the
 * CLI on the server machine (local, owner-only). The operator is bound by the same grant rules as an admin
 * (a content grant needs a named approving leader) but is not scoped to a subtree.
 */
export type Actor =
  | { kind: 'user'; userId: UserId; activeOfficeId: OfficeId | null; activeRoles: readonly Role[] }
  | { kind: 'operator'; label: string };

/** The actor of an HTTP request. */
export function actorFromAuth(auth: AuthContext): Actor {
  return { kind: 'user', userId: auth.userId, activeOfficeId: auth.activeOfficeId, activeRoles: auth.activeRoles };
}

/** The id to record as the audit entry's actor (null for the operator, whose label goes in details). */
export function auditActorId(actor: Actor): UserId | null {
  return actor.kind === 'user' ? actor.userId : null;
}

/** Extra audit details that name the actor when it is not a user. */
export function auditActorDetails(actor: Actor): Record<string, string> {
  return actor.kind === 'operator' ? { operator: actor.label } : {};
}

/**
 * Appends an event the actor caused, inside the caller's transaction: the actor's id as the entry's actor, and the
 * operator's label in the details when the operator acted.
 */
export async function appendActorAudit(
  trx: Db,
  actor: Actor,
  event: Omit<AuditEvent, 'actorId'>,
  audit: AuditWriter,
): Promise<void> {
  await appendAudit(
    trx,
    {
      ...event,
      actorId: auditActorId(actor),
      details: { ...(event.details ?? {}), ...auditActorDetails(actor) },
    },
    audit,
  );
}
