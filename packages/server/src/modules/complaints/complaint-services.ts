import type { ComplaintId, OfficeId } from '@zhengming/contracts';
import type { Actor } from '../../access/actor.js';
import { notFound } from '../../errors.js';
import type { ApprovalHandlers, ApprovalRow } from '../approvals/approvals.service.js';
import type { AppDeps, Db } from '../../deps.js';
import { loadShippedYears, loadWorkingCalendar } from '../calendar/calendar.service.js';
import { loadOfficeSettings } from '../office-settings/office-settings.service.js';
import { isSharedEndpoint } from '../office-settings/shared-endpoints.js';
import type { ApprovalPort, ComplaintDeps, IntakeSettings } from './complaint-context.js';
import { ComplaintIntakeService } from './complaint-intake.service.js';
import { ComplaintService } from './complaints.service.js';
import { LeadService } from './leads.service.js';

/** The complaint services of one app, built from its dependencies and the approvals port. */
export interface ComplaintServices {
  intake: ComplaintIntakeService;
  complaints: ComplaintService;
  leads: LeadService;
}

/** Reads an office's intake settings (the office-settings module). */
export type SettingsLoader = (db: Db, officeId: OfficeId) => Promise<IntakeSettings>;

/** The office's settings as intake uses them (defaults when an admin saved none). */
export async function loadIntakeSettings(db: Db, officeId: OfficeId): Promise<IntakeSettings> {
  const settings = await loadOfficeSettings(db, officeId);
  return {
    numberPrefix: settings.numberPrefix,
    numberWord: settings.numberWord,
    recordsOnlineIdentifiers: settings.recordsOnlineIdentifiers,
    routingRequiresApproval: settings.routingRequiresApproval,
    isSharedEndpoint: (kind, value) => isSharedEndpoint(settings, kind, value),
  };
}

/** Builds the complaint services; the shipped calendar is read once, years added in the database at each use. */
export function createComplaintServices(
  deps: Pick<AppDeps, 'db' | 'key' | 'clock' | 'audit'>,
  approvals: ApprovalPort,
  loadSettings: SettingsLoader,
): ComplaintServices {
  const shipped = loadShippedYears();
  const complaintDeps: ComplaintDeps = {
    ...deps,
    approvals,
    loadSettings,
    loadCalendar: (db) => loadWorkingCalendar(db, shipped),
  };
  return {
    intake: new ComplaintIntakeService(complaintDeps),
    complaints: new ComplaintService(complaintDeps),
    leads: new LeadService(complaintDeps),
  };
}

/**
 * The effects of the approval kinds complaints own: an approved reveal lets its requester read the identity for a
 * time; an approved passing up carries the content to the parent office; an approved routing adds the team member.
 * A recused approver is refused as if the approval did not exist.
 */
export function complaintApprovalHandlers(services: ComplaintServices): ApprovalHandlers {
  const refuseRecused = async (trx: Db, approval: ApprovalRow, approver: Actor) => {
    if (approver.kind === 'user' && (await services.complaints.isRecusedFromItem(trx, approval, approver.userId))) {
      throw notFound('approval');
    }
  };
  return {
    identity_reveal: {
      async onApproved(trx, approval, approver) {
        await refuseRecused(trx, approval, approver);
        await services.complaints.grantReveal(trx, approval, approver);
      },
    },
    pass_up: {
      async onApproved(trx, approval, approver) {
        await refuseRecused(trx, approval, approver);
        await services.intake.completePassUp(trx, approval.item_id as ComplaintId, approver);
      },
    },
    route: {
      async onApproved(trx, approval, approver) {
        await refuseRecused(trx, approval, approver);
        await services.leads.completeRouting(trx, approval, approver);
      },
    },
  };
}
