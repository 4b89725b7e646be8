import type { ColumnType, Generated, Selectable } from 'kysely';
import type {
  AllegationCategory,
  Channel,
  ComplaintId,
  ComplaintStatus,
  Deadline,
  ApprovalId,
  ApprovalItemType,
  ApprovalStatus,
  ApproverKind,
  GrantId,
  Jurisdiction,
  LeadId,
  ReporterStatus,
  SubjectId,
  KeyPeriodKind,
  OfficeId,
  OfficeLevel,
  ResetRequestId,
  ResetRequestStatus,
  Role,
  SharedEndpointKind,
  UserId,
} from '@zhengming/contracts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: Timestamp;
}

export interface OfficesTable {
  id: OfficeId;
  parent_id: OfficeId | null;
  name: string;
  level: OfficeLevel;
  path: string;
  created_at: Timestamp;
}

export interface UsersTable {
  id: UserId;
  username: string;
  display_name: string;
  password_hash: string;
  must_change_password: Generated<boolean>;
  totp_secret_sealed: string | null;
  totp_pending_sealed: string | null;
  totp_last_step: ColumnType<string | null, string | number | null, string | number | null>;
  is_disabled: Generated<boolean>;
  failed_sign_ins: Generated<number>;
  last_failed_at: Timestamp | null;
  locale: Generated<string>;
  created_at: Timestamp;
  /** The office of the admin who created the user (migration 0002); null when the operator did. */
  home_office_id: Generated<OfficeId | null>;
}

export type GrantStatus = 'pending' | 'active' | 'revoked';

export interface RoleGrantsTable {
  id: GrantId;
  user_id: UserId;
  office_id: OfficeId;
  role: Role;
  is_principal: Generated<boolean>;
  status: GrantStatus;
  requested_by: UserId | null;
  approved_by: UserId | null;
  approval_kind: string | null;
  created_at: Timestamp;
  decided_at: Timestamp | null;
  /** Who revoked the grant and when (migration 0002). */
  revoked_by: Generated<UserId | null>;
  revoked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** An admin's request to reset a guarded account, decided by a leader (migration 0006). */
export interface AccountResetRequestsTable {
  id: ResetRequestId;
  user_id: UserId;
  /** The office whose leaders, or its ancestors' leaders, may approve. */
  office_id: OfficeId;
  /** The account's guarded roles when asked: `[{ role, officeId, officeName }]`. */
  roles: ColumnType<GuardedRole[], string, string>;
  requested_by: UserId;
  status: ResetRequestStatus;
  created_at: Timestamp;
  decided_by: UserId | null;
  decided_at: Timestamp | null;
  completed_at: Timestamp | null;
}

/** One guarded role of an account, as a reset request records it. */
export interface GuardedRole {
  role: Role;
  officeId: OfficeId;
  officeName: string;
}

/**
 * An office's settings as an admin saved them (migration 0010); no row means the defaults. The jsonb lists are
 * written as JSON text and read back parsed.
 */
export interface OfficeSettingsTable {
  office_id: OfficeId;
  number_prefix: string;
  number_word: string;
  key_periods: ColumnType<StoredKeyPeriod[], string, string>;
  records_online_identifiers: boolean;
  /** Routing a lead to a handling team needs a leader's approval. */
  routing_requires_approval: boolean;
  shared_endpoints: ColumnType<StoredSharedEndpoint[], string, string>;
  /** The admin who saved them; null for the operator. */
  updated_by: UserId | null;
  updated_at: Timestamp;
}

/** A key period as stored: DESIGN §5's `{ name, from, to, units? }` plus an optional kind. */
export interface StoredKeyPeriod {
  name: string;
  kind?: KeyPeriodKind;
  from: string;
  to: string;
  units?: string[];
}

/** A shared endpoint as stored. */
export interface StoredSharedEndpoint {
  kind: SharedEndpointKind;
  value: string;
  note: string;
}

/**
 * A proposal of a consequential step and its decision (migration 0009, modules/approvals). `kind` is a code of
 * `APPROVAL_KINDS` as the code knew it when proposing; later versions add kinds, so it is read as text.
 */
export interface ApprovalsTable {
  id: ApprovalId;
  /** The office whose step it is: approvers hold `required_role` there or in an ancestor. */
  office_id: OfficeId;
  kind: string;
  item_type: ApprovalItemType;
  /** A complaint's or a lead's id (no foreign key: the item type says which table). */
  item_id: string;
  /** A safe label the proposing module supplies (e.g. the complaint number): never content or identity. */
  item_label: string;
  /** The proposer's reasons. */
  reason: string;
  /** The kind's parameters (e.g. a reveal's duration); never identity. */
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  required_role: Role;
  requires_principal: Generated<boolean>;
  approver_kind: ApproverKind;
  status: ApprovalStatus;
  proposed_by: UserId;
  proposed_at: Timestamp;
  decided_by: UserId | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
  external_approver_name: string | null;
  external_approver_position: string | null;
  /** `YYYY-MM-DD`. */
  external_date: string | null;
  external_document: string | null;
  external_recorded_by: UserId | null;
  external_recorded_at: Timestamp | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: UserId;
  step: 'password_change' | 'totp_enrolment' | 'totp' | null;
  csrf_token: string;
  active_office_id: OfficeId | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface SignInThrottleTable {
  key_hash: string;
  failures: number;
  last_failed_at: Timestamp;
}

export interface AuditHeadsTable {
  chain_id: string;
  seq: ColumnType<string, string | number, string | number>;
  hash: string;
}

/**
 * Per chain, the first seq hashed with the key (HMAC); entries below it keep their plain SHA-256. `prefix_hash` is
 * the hash of the entry before it (64 zeros for a chain keyed from seq 1); `mac` authenticates the row.
 */
export interface AuditSwitchOversTable {
  chain_id: string;
  keyed_from_seq: ColumnType<string, string | number, string | number>;
  prefix_hash: string;
  mac: string;
}

export interface AuditEntriesTable {
  chain_id: string;
  seq: ColumnType<string, string | number, string | number>;
  at: string;
  actor_id: string | null;
  office_id: string | null;
  action: string;
  target_ids: string[];
  details: ColumnType<Record<string, unknown>, string, string>;
  prev_hash: string;
  hash: string;
}

export interface CalendarYearsTable {
  year: number;
  days: ColumnType<unknown, string, string>;
  source: string;
  added_by: UserId | null;
  added_at: Timestamp;
}

/**
 * One stamped band key of an indexed complaint (migration 0004). `key` is a signed 64-bit integer; the
 * drivers return bigints as text.
 */
export interface ScreeningBandKeysTable {
  complaint_id: number;
  band: number;
  key: ColumnType<string, string | bigint, string | bigint>;
  version: string;
}

/** An indexed complaint's shingle set as bytea (little-endian uint32 each), for verification in the client. */
export interface ScreeningShinglesTable {
  complaint_id: number;
  shingles: Uint8Array;
}

/**
 * The same set as an intarray `integer[]` (each hash as the signed integer with the same bits), for
 * verification in the database; written as an array literal.
 */
export interface ScreeningShingleSetsTable {
  complaint_id: number;
  shingles: ColumnType<number[], string, string>;
}

/** An indexed complaint's 128-byte signature sketch, for the pre-check. */
export interface ScreeningSketchesTable {
  complaint_id: number;
  sketch: Uint8Array;
}

/** A complaint (migration 0008). Content columns are null on a stub (passed up or sent down). */
export interface ComplaintsTable {
  id: ComplaintId;
  office_id: OfficeId;
  year: number;
  serial: number;
  number: string;
  channel: Channel;
  referring_organ: string | null;
  received_at: Timestamp;
  registered_at: Timestamp;
  registered_by: UserId | null;
  jurisdiction: Jurisdiction;
  status: ComplaintStatus;
  is_stub: Generated<boolean>;
  text: string | null;
  is_repeat: Generated<boolean>;
  has_no_substance: Generated<boolean>;
  external_reference: string | null;
  is_anonymous: boolean;
  reporter_status: ReporterStatus;
  reporter_checked_by: UserId | null;
  reporter_checked_at: Timestamp | null;
  reporter_check_method: 'phone' | 'in_person' | null;
  cosigner_count: Generated<number>;
  destination_office_id: OfficeId | null;
  transfer_due: ColumnType<Deadline | null, string | null, string | null>;
  transfer_approval_id: string | null;
  transferred_at: Timestamp | null;
  transferred_complaint_id: ComplaintId | null;
  source_complaint_id: ComplaintId | null;
  source_office_id: OfficeId | null;
  /** For an arrival: by when this office registers it or passes it on (5 working days). */
  decision_due: ColumnType<Deadline | null, string | null, string | null>;
  notice_owed: Generated<boolean>;
  notice_due: ColumnType<Deadline | null, string | null, string | null>;
  notice_sent_on: ColumnType<string | null, string | null, string | null>;
  notice_method: string | null;
  notice_sent_by: UserId | null;
  assigned_user_ids: ColumnType<string[], string[] | undefined, string[]>;
  recused_user_ids: ColumnType<string[], string[] | undefined, string[]>;
}

/** A complaint's reporter: every identity value sealed, linkage values keyed (never plain). */
export interface ComplaintReportersTable {
  complaint_id: ComplaintId;
  identity_sealed: string;
  linkage_version: number;
  name_key: string | null;
  linkage_keys: string[];
}

export interface ComplaintCosignersTable {
  complaint_id: ComplaintId;
  position: number;
  name_sealed: string;
  name_key: string;
  is_denied: Generated<boolean>;
  denial_method: string | null;
  denial_recorded_by: UserId | null;
  denial_recorded_at: Timestamp | null;
}

export interface ComplaintAllegationsTable {
  complaint_id: ComplaintId;
  position: number;
  category: AllegationCategory;
  summary: string | null;
}

export interface ComplaintSubjectsTable {
  complaint_id: ComplaintId;
  position: number;
  name: string;
  unit: string | null;
  position_title: string | null;
  rank_level: string | null;
  is_party_member: boolean | null;
  is_candidate: Generated<boolean>;
  subject_id: SubjectId | null;
  lead_id: LeadId | null;
}

/** A person in an office's register of subjects (被反映人). */
export interface SubjectsTable {
  id: SubjectId;
  office_id: OfficeId;
  name: string;
  unit: string | null;
  position: string | null;
  rank_level: string | null;
  is_party_member: boolean | null;
  is_candidate: Generated<boolean>;
  linked_user_id: UserId | null;
  /** Normalised name and unit, for matching. */
  name_key: string;
  unit_key: string;
  created_by: UserId | null;
  created_at: Timestamp;
}

export interface LeadsTable {
  id: LeadId;
  office_id: OfficeId;
  subject_id: SubjectId;
  status: 'open';
  created_by: UserId | null;
  created_at: Timestamp;
}

export interface LeadTeamMembersTable {
  lead_id: LeadId;
  user_id: UserId;
  role: string;
  added_by: UserId | null;
  added_at: Timestamp;
  approval_id: string | null;
}

export interface LeadRecusalsTable {
  lead_id: LeadId;
  user_id: UserId;
  reason: string;
  added_by: UserId | null;
  added_at: Timestamp;
}

/** An uncertain subject match left for a person: the new register entry and the entries it may be. */
export interface SubjectMatchTasksTable {
  id: string;
  office_id: OfficeId;
  complaint_id: ComplaintId;
  subject_id: SubjectId;
  candidate_ids: string[];
  status: 'open' | 'merged' | 'distinct';
  created_at: Timestamp;
  resolved_by: UserId | null;
  resolved_at: Timestamp | null;
}

/** An approved, time-limited reveal of a complaint's reporter identity to one user. */
export interface IdentityRevealsTable {
  id: string;
  complaint_id: ComplaintId;
  user_id: UserId;
  approval_id: string;
  valid_from: Timestamp;
  valid_until: Timestamp;
}

/** Kysely table types of the current schema (migrations never import these). */
export interface Database {
  settings: SettingsTable;
  offices: OfficesTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  account_reset_requests: AccountResetRequestsTable;
  office_settings: OfficeSettingsTable;
  approvals: ApprovalsTable;
  sign_in_throttle: SignInThrottleTable;
  audit_heads: AuditHeadsTable;
  audit_entries: AuditEntriesTable;
  audit_switch_overs: AuditSwitchOversTable;
  calendar_years: CalendarYearsTable;
  screening_band_keys: ScreeningBandKeysTable;
  screening_shingles: ScreeningShinglesTable;
  screening_shingle_sets: ScreeningShingleSetsTable;
  screening_sketches: ScreeningSketchesTable;
  complaint_counters: { office_id: OfficeId; year: number; last_serial: number };
  complaints: ComplaintsTable;
  complaint_reporters: ComplaintReportersTable;
  complaint_cosigners: ComplaintCosignersTable;
  complaint_allegations: ComplaintAllegationsTable;
  complaint_subjects: ComplaintSubjectsTable;
  subjects: SubjectsTable;
  leads: LeadsTable;
  lead_team_members: LeadTeamMembersTable;
  lead_recusals: LeadRecusalsTable;
  subject_match_tasks: SubjectMatchTasksTable;
  identity_reveals: IdentityRevealsTable;
}

export type OfficeRow = Selectable<OfficesTable>;
export type UserRow = Selectable<UsersTable>;
export type RoleGrantRow = Selectable<RoleGrantsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AccountResetRequestRow = Selectable<AccountResetRequestsTable>;
/** An approval as stored (what approval handlers receive). */
export type ApprovalRow = Selectable<ApprovalsTable>;
