import type { ComplaintId, OfficeId, UserId } from '@zhengming/contracts';
import type { ApprovalHandlers } from '../approvals/approvals.service.js';
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
 * time; an approved passing up carries the content to the parent office (a returned one goes back to intake's
 * decision); an approved routing adds the team member. A user recused from the item never sees its approvals.
 */
export function complaintApprovalHandlers(services: ComplaintServices): ApprovalHandlers {
  const isExcluded = (db: Db, userId: UserId, item: { item_type: string; item_id: string }) =>
    services.complaints.isRecusedFromItem(db, item, userId);
  return {
    identity_reveal: {
      isExcluded,
      onApproved: (trx, approval, approver) => services.complaints.grantReveal(trx, approval, approver),
    },
    pass_up: {
      isExcluded,
      onApproved: (trx, approval, approver) =>
        services.intake.completePassUp(trx, approval.item_id as ComplaintId, approver),
      onReturned: (trx, approval) => services.intake.returnPassUp(trx, approval.item_id as ComplaintId),
    },
    route: {
      isExcluded,
      onApproved: (trx, approval, approver) => services.leads.completeRouting(trx, approval, approver),
    },
  };
}
