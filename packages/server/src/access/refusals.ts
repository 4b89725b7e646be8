import type { ErrorCode } from '@zhengming/contracts';
import type { AuditWriter } from '../audit/audit.js';
import type { Db } from '../deps.js';
import { AppError } from '../errors.js';
import { appendActorAudit, type Actor } from './actor.js';

/** Refusals that mean someone tried to widen a power: a rule said no, not a typo or a missing item. */
const ESCALATION_CODES: ReadonlySet<ErrorCode> = new Set(['GRANT_NOT_ALLOWED', 'FORBIDDEN', 'RESET_NOT_ALLOWED']);

/**
 * Runs a user-management step and, when a signed-in user is refused by a grant or scope rule, records the attempt
 * as `access.escalation_refused` in the user's active office chain before passing the refusal on. The step's own
 * transaction rolled back, so the entry is written in a transaction of its own. "Not found" is not recorded: it
 * answers probing too, and would let anyone fill the log.
 */
export async function auditingRefusals<T>(
  db: Db,
  writer: AuditWriter,
  actor: Actor,
  attempt: { name: string; targetIds: readonly string[] },
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (actor.kind === 'user' && error instanceof AppError && ESCALATION_CODES.has(error.code)) {
      await appendActorAudit(
        db,
        actor,
        {
          officeIds: actor.activeOfficeId === null ? [] : [actor.activeOfficeId],
          action: 'access.escalation_refused',
          targetIds: attempt.targetIds,
          details: { attempt: attempt.name, code: error.code, reason: error.message },
        },
        writer,
      );
    }
    throw error;
  }
}
