import type { OfficeId, OfficeSettings, UpdateOfficeSettingsInput } from '@zhengming/contracts';
import { isInScope, resolveAdminScope } from '../../access/admin-scope.js';
import { appendActorAudit, type Actor } from '../../access/actor.js';
import type { AuditWriter } from '../../audit/audit.js';
import type { StoredKeyPeriod, StoredSharedEndpoint } from '../../db/database.js';
import type { Clock, Db } from '../../deps.js';
import { notFound } from '../../errors.js';
import { presentOfficeSettings } from './office-settings.presenters.js';
import { findOfficeWithSettings, lockOffice, upsertOfficeSettings } from './office-settings.repository.js';

export interface OfficeSettingsServiceDeps {
  db: Db;
  clock: Clock;
  audit: AuditWriter;
}

/** The fields of the settings, as `details.changedFields` of `office.settings_updated` names them. */
type SettingsField =
  | 'numberPrefix'
  | 'numberWord'
  | 'keyPeriods'
  | 'recordsOnlineIdentifiers'
  | 'routingRequiresApproval'
  | 'sharedEndpoints';

/**
 * An office's settings for other modules (complaint numbers at registration, the online channel's identifiers,
 * key periods for screening): the saved ones, or the defaults when none were saved. No access check — the caller
 * has decided the office is the one it works in. Not found when the office does not exist.
 */
export async function loadOfficeSettings(db: Db, officeId: OfficeId): Promise<OfficeSettings> {
  const row = await findOfficeWithSettings(db, officeId);
  if (row === undefined) {
    throw notFound('office');
  }
  return presentOfficeSettings(row);
}

/** The key periods as stored: optional fields only when given. */
function toStoredKeyPeriods(periods: UpdateOfficeSettingsInput['keyPeriods']): StoredKeyPeriod[] {
  return periods.map((period) => ({
    name: period.name,
    ...(period.kind === undefined ? {} : { kind: period.kind }),
    from: period.from,
    to: period.to,
    ...(period.units === undefined ? {} : { units: period.units }),
  }));
}

function toStoredEndpoints(endpoints: UpdateOfficeSettingsInput['sharedEndpoints']): StoredSharedEndpoint[] {
  return endpoints.map((endpoint) => ({ kind: endpoint.kind, value: endpoint.value, note: endpoint.note }));
}

/** The fields whose values differ between the settings before and after a save. */
function changedFields(before: OfficeSettings, after: OfficeSettings): SettingsField[] {
  const fields: SettingsField[] = [
    'numberPrefix',
    'numberWord',
    'keyPeriods',
    'recordsOnlineIdentifiers',
    'routingRequiresApproval',
    'sharedEndpoints',
  ];
  // Both sides come from the same presenter, so equal lists serialise alike.
  return fields.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

/**
 * Per-office settings (docs/ACCESS.md, data class `office-settings`): read and replaced by an `admin` for the
 * offices of its subtree (its active office and below), by nobody else — an office outside the subtree is "not
 * found", like a missing one.
 */
export class OfficeSettingsService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly audit: AuditWriter;

  constructor({ db, clock, audit }: OfficeSettingsServiceDeps) {
    this.db = db;
    this.clock = clock;
    this.audit = audit;
  }

  /** The office's settings (the defaults while none were saved), for an admin whose subtree holds the office. */
  async getSettings(actor: Actor, officeId: OfficeId): Promise<OfficeSettings> {
    const scope = await resolveAdminScope(this.db, actor);
    const row = await findOfficeWithSettings(this.db, officeId);
    if (row === undefined || !isInScope(scope, row.office_path)) {
      throw notFound('office');
    }
    return presentOfficeSettings(row);
  }

  /**
   * Replaces the office's settings with `input` (validated by `UpdateOfficeSettingsSchema`) and records
   * `office.settings_updated` in the same transaction: which fields changed and the sizes of the lists, never the
   * shared endpoints' values. The entry goes into the office's chain and the admin's active office's chain.
   */
  async updateSettings(actor: Actor, officeId: OfficeId, input: UpdateOfficeSettingsInput): Promise<OfficeSettings> {
    const scope = await resolveAdminScope(this.db, actor);
    return this.db.transaction().execute(async (trx) => {
      // Two admins saving at once take turns, so each entry's "changed" compares with what the other saved.
      if (!(await lockOffice(trx, officeId))) {
        throw notFound('office');
      }
      const before = await findOfficeWithSettings(trx, officeId);
      if (before === undefined || !isInScope(scope, before.office_path)) {
        throw notFound('office');
      }
      await upsertOfficeSettings(trx, {
        office_id: officeId,
        number_prefix: input.numberPrefix,
        number_word: input.numberWord,
        key_periods: JSON.stringify(toStoredKeyPeriods(input.keyPeriods)),
        records_online_identifiers: input.recordsOnlineIdentifiers,
        routing_requires_approval: input.routingRequiresApproval,
        shared_endpoints: JSON.stringify(toStoredEndpoints(input.sharedEndpoints)),
        updated_by: actor.kind === 'user' ? actor.userId : null,
        updated_at: this.clock.now(),
      });
      const after = await findOfficeWithSettings(trx, officeId);
      if (after === undefined) {
        throw notFound('office');
      }
      const previous = presentOfficeSettings(before);
      const settings = presentOfficeSettings(after);
      const changed = changedFields(previous, settings);
      await appendActorAudit(
        trx,
        actor,
        {
          officeIds: scope.kind === 'subtree' ? [officeId, scope.officeId] : [officeId],
          action: 'office.settings_updated',
          targetIds: [officeId],
          details: {
            changedFields: changed,
            ...(changed.includes('numberPrefix') ? { numberPrefix: settings.numberPrefix } : {}),
            ...(changed.includes('numberWord') ? { numberWord: settings.numberWord } : {}),
            keyPeriodCount: settings.keyPeriods.length,
            recordsOnlineIdentifiers: settings.recordsOnlineIdentifiers,
            routingRequiresApproval: settings.routingRequiresApproval,
            sharedEndpointCount: settings.sharedEndpoints.length,
          },
        },
        this.audit,
      );
      return settings;
    });
  }
}
