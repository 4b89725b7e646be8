import { DEFAULT_NUMBER_WORD, type KeyPeriod, type OfficeSettings, type SharedEndpoint } from '@zhengming/contracts';
import type { StoredKeyPeriod, StoredSharedEndpoint } from '../../db/database.js';
import type { OfficeWithSettingsRow } from './office-settings.repository.js';

const toIso = (value: Date | string): string => new Date(value).toISOString();

/** A stored key period in DESIGN §5's shape, `kind` and `units` only when given. */
function presentKeyPeriod(period: StoredKeyPeriod): KeyPeriod {
  return {
    name: period.name,
    ...(period.kind === undefined ? {} : { kind: period.kind }),
    from: period.from,
    to: period.to,
    ...(period.units === undefined ? {} : { units: [...period.units] }),
  };
}

function presentSharedEndpoint(endpoint: StoredSharedEndpoint): SharedEndpoint {
  return { kind: endpoint.kind, value: endpoint.value, note: endpoint.note };
}

/**
 * The API shape of an office's settings; an office without saved settings gets the defaults — its name as the
 * number prefix, 信 as the word, no key periods, no online identifiers, no shared endpoints.
 */
export function presentOfficeSettings(row: OfficeWithSettingsRow): OfficeSettings {
  return {
    officeId: row.office_id,
    numberPrefix: row.number_prefix ?? row.office_name,
    numberWord: row.number_word ?? DEFAULT_NUMBER_WORD,
    keyPeriods: (row.key_periods ?? []).map(presentKeyPeriod),
    recordsOnlineIdentifiers: row.records_online_identifiers ?? false,
    routingRequiresApproval: row.routing_requires_approval ?? false,
    sharedEndpoints: (row.shared_endpoints ?? []).map(presentSharedEndpoint),
    updatedAt: row.updated_at === null ? null : toIso(row.updated_at),
    updatedBy: row.updated_by_name,
  };
}
