import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_users_offices_grants.js';
import * as m0003 from './0003_audit_append_only.js';
import * as m0004 from './0004_screening_band_keys.js';
import * as m0005 from './0005_audit_switch_overs.js';
import * as m0006 from './0006_account_reset_requests.js';
import * as m0007 from './0007_audit_log_actor_index.js';
import * as m0008 from './0008_complaints.js';
import * as m0009 from './0009_approvals.js';
import * as m0010 from './0010_office_settings.js';
import * as m0011 from './0011_complaint_list_indexes.js';

/** Every migration in order. Listed statically so the built package needs no directory scan. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_users_offices_grants': m0002,
  '0003_audit_append_only': m0003,
  '0004_screening_band_keys': m0004,
  '0005_audit_switch_overs': m0005,
  '0006_account_reset_requests': m0006,
  '0007_audit_log_actor_index': m0007,
  '0008_complaints': m0008,
  '0009_approvals': m0009,
  '0010_office_settings': m0010,
  '0011_complaint_list_indexes': m0011,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
