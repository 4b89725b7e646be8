import type { OfficeId } from '@zhengming/contracts';
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
