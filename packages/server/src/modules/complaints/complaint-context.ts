import type { OfficeId, Role, UserId } from '@zhengming/contracts';
import type { ApprovalPort } from '../approvals/approval-port.js';
import type { Actor } from '../../access/actor.js';
import type { AuditWriter } from '../../audit/audit.js';
import type { Clock, Db } from '../../deps.js';
import type { DataKey } from '../../keys/keys.js';
import { forbidden } from '../../errors.js';
import { chinaDateOf, type WorkingCalendar } from '../calendar/working-calendar.js';

/*
 * What the complaint services share: their few dependencies, the seams to the approvals and settings modules, and
 * the deadlines of intake.
 */

/** The approvals a complaint step asks for (modules/approvals), injected so the two modules stay apart. */
export type { ApprovalPort } from '../approvals/approval-port.js';

/**
 * The approval kinds whose approver judges the complaint itself (passing it up, routing its lead): their pending
 * step opens the content to an eligible approver. A reveal's approver decides on the reasons, not the letter.
 */
export const CONTENT_APPROVAL_KINDS = ['pass_up', 'route'] as const;

/** The settings of an office that intake reads (modules/office-settings). */
export interface IntakeSettings {
  numberPrefix: string;
  numberWord: string;
  recordsOnlineIdentifiers: boolean;
  routingRequiresApproval: boolean;
  isSharedEndpoint(kind: 'ip' | 'device', value: string): boolean;
}

export interface ComplaintDeps {
  db: Db;
  key: DataKey;
  clock: Clock;
  audit: AuditWriter;
  approvals: ApprovalPort;
  loadSettings(db: Db, officeId: OfficeId): Promise<IntakeSettings>;
  loadCalendar(db: Db): Promise<WorkingCalendar>;
}

/** A signed-in user acting in an office: the complaint services have no operator path. */
export interface UserActor {
  kind: 'user';
  userId: UserId;
  activeOfficeId: OfficeId;
  activeRoles: readonly Role[];
}

/** Refuses the operator and a user without an active office (case content is never the operator's). */
export function requireUserActor(actor: Actor): UserActor {
  if (actor.kind !== 'user' || actor.activeOfficeId === null) {
    throw forbidden('complaints are handled by users in an office');
  }
  return { ...actor, activeOfficeId: actor.activeOfficeId };
}

/** The China-time calendar year of an instant. */
export const chinaYearOf = (instant: Date): number => Number(chinaDateOf(instant).slice(0, 4));
