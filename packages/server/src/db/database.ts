import type { ColumnType, Generated, Selectable } from 'kysely';
import type {
  ApprovalId,
  ApprovalItemType,
  ApprovalStatus,
  ApproverKind,
  GrantId,
  OfficeId,
  OfficeLevel,
  ResetRequestId,
  ResetRequestStatus,
  Role,
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

/** Kysely table types of the current schema (migrations never import these). */
export interface Database {
  settings: SettingsTable;
  offices: OfficesTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  account_reset_requests: AccountResetRequestsTable;
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
}

export type OfficeRow = Selectable<OfficesTable>;
export type UserRow = Selectable<UsersTable>;
export type RoleGrantRow = Selectable<RoleGrantsTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AccountResetRequestRow = Selectable<AccountResetRequestsTable>;
/** An approval as stored (what approval handlers receive). */
export type ApprovalRow = Selectable<ApprovalsTable>;
