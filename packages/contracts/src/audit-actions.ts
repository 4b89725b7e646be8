import { z } from 'zod';

/**
 * Every action the server writes to the audit log, with its name for the people who read the log (zh-CN and
 * English). Each row says when it is written. The server's audit writers accept only these codes, so an action
 * cannot be written without a label; `server/src/audit/audit-actions.test.ts` checks the table against the codes
 * the source writes. A code that is renamed or no longer written stays here (and in `HISTORICAL_AUDIT_ACTIONS`),
 * because entries already stored keep it.
 */
export const AUDIT_ACTIONS = {
  // ── System (the system chain) ──────────────────────────────────────────────────────────────────────────────
  /** The first start on an empty database created the first `admin` (and the root office, unless it existed). */
  'system.first_run': { zh: '系统首次启动', en: 'First start' },
  /** The first start stored the data key's check value (never the key itself). */
  'system.key_check_created': { zh: '登记数据密钥校验值', en: 'Data key check value stored' },
  /** The operator's `zhengming migrate` applied migrations (written only when it applied some). */
  'system.migrated': { zh: '升级数据库结构', en: 'Database migrated' },
  /** The operator's `zhengming backup` finished writing a backup (the entry is not in that backup). */
  'system.backup_created': { zh: '创建备份', en: 'Backup created' },
  /** `zhengming restore` restored a backup into an empty database, in the restore's own transaction. */
  'system.restored': { zh: '从备份恢复数据', en: 'Restored from backup' },
  /** The operator's `zhengming audit verify` checked the audit chains (`details.ok` is the outcome). */
  'system.audit_verified': { zh: '校验审计链（命令行）', en: 'Audit chains verified (CLI)' },
  /** The operator's `zhengming audit head` exported the chain heads to keep outside the system. */
  'system.audit_heads_exported': { zh: '导出审计链头', en: 'Audit chain heads exported' },
  /** The operator listed offices, users or calendar years on the CLI (`details.command` names the list). */
  'operator.read': { zh: '命令行查询', en: 'Operator listing (CLI)' },

  // ── Sign-in and sessions ───────────────────────────────────────────────────────────────────────────────────
  /** A right password started a sign-in; the session must still change the password and/or pass TOTP. */
  'auth.sign_in_started': { zh: '登录（密码验证通过）', en: 'Sign-in: password accepted' },
  /** TOTP (a code, or the enrolment) completed a sign-in: a fully signed-in session started. */
  'auth.sign_in_completed': { zh: '登录完成', en: 'Sign-in completed' },
  /**
   * A sign-in step was refused: unknown user, wrong password, disabled, wrong or reused code (`details.stage`,
   * `details.reason`). An unknown username goes to the system chain as its keyed hash only. Entries written before
   * issue 10 may have `reason: 'throttled'`; such attempts are now tallied (`auth.sign_in_throttled`).
   */
  'auth.sign_in_failed': { zh: '登录失败', en: 'Sign-in failed' },
  /**
   * Sign-in attempts refused by the throttle, counted rather than each audited: one entry per client address and
   * username per 15-minute window, written once the window has ended (`details.count`, `stages`, `windowStart`,
   * `windowEnd`; an unknown username as its keyed hash, in the system chain).
   */
  'auth.sign_in_throttled': { zh: '登录尝试被限制（计数）', en: 'Sign-in attempts throttled (count)' },
  /** A signed-in user's password change was refused (wrong current password, or throttled). */
  'auth.password_change_failed': { zh: '修改密码失败', en: 'Password change failed' },
  /** The user changed its password: the one-time password during sign-in, or later when signed in. */
  'auth.password_changed': { zh: '修改密码', en: 'Password changed' },
  /** A new TOTP secret was generated for enrolment (not again while one is pending). */
  'auth.totp_enrolment_started': { zh: '开始绑定动态验证码', en: 'TOTP enrolment started' },
  /** The user confirmed the pending TOTP secret with a code (its sign-in then completes). */
  'auth.totp_enrolled': { zh: '绑定动态验证码', en: 'TOTP enrolled' },
  /** The user signed out; the session ended. */
  'auth.signed_out': { zh: '退出登录', en: 'Signed out' },
  /** The user made another of its offices the active one; written in the chains of both offices. */
  'auth.office_switched': { zh: '切换当前机构', en: 'Office switched' },

  // ── Offices ────────────────────────────────────────────────────────────────────────────────────────────────
  /** The operator created the root office (`zhengming office add` without a parent). */
  'office.root_created': { zh: '创建根机构', en: 'Root office created' },
  /** An admin (in its scope) or the operator created an office under another. */
  'office.created': { zh: '创建下级机构', en: 'Office created' },
  /**
   * An admin (in its scope) replaced an office's settings: complaint number prefix and word, key periods, online
   * identifiers, shared endpoints. `details.changedFields` names what changed, with counts of the lists — never the
   * shared endpoints' values. Written in the office's chain and the admin's active office's chain.
   */
  'office.settings_updated': { zh: '修改机构设置', en: 'Office settings updated' },

  // ── Users ──────────────────────────────────────────────────────────────────────────────────────────────────
  /** An admin or the operator created an account with a one-time password (the password is never audited). */
  'user.created': { zh: '创建用户', en: 'User created' },
  /** An admin or the operator disabled an account; its sessions ended. */
  'user.disabled': { zh: '停用用户', en: 'User disabled' },
  /** An admin or the operator re-enabled a disabled account. */
  'user.enabled': { zh: '启用用户', en: 'User enabled' },
  /** An admin or the operator gave an account a new one-time password and cleared its TOTP; sessions ended. */
  'user.reset': { zh: '重置用户密码和动态验证码', en: 'Password and TOTP reset' },
  /**
   * An admin asked to reset an account that holds a content role or `auditor`; nothing changed yet, a leader of
   * its offices or above must approve (`details.approvingOfficeId`).
   */
  'user.reset_requested': { zh: '申请重置用户（待领导批准）', en: 'Account reset requested' },
  /** A leader approved a reset request; the admin who asked may now reset the account. */
  'user.reset_approved': { zh: '批准重置用户', en: 'Account reset approved' },
  /** A leader rejected a reset request; the reason, when given, is in the details. */
  'user.reset_rejected': { zh: '驳回重置用户', en: 'Account reset rejected' },
  /**
   * The operator reset a guarded account on the CLI with `--break-glass`, because no leader other than the
   * account's owner could approve (the lone root leader); `details.reason` says why.
   */
  'user.reset_break_glass': { zh: '紧急重置用户（命令行，无可批准的领导）', en: 'Account reset (break-glass, CLI)' },
  /**
   * A signed-in user's attempt to widen its own or another's power was refused: a self-grant, `admin` beside a
   * content role or `auditor`, an admin grant at its own level, approving its own request, resetting itself
   * (`details.attempt`, `details.reason`). Written after the refused change rolled back.
   */
  'access.escalation_refused': { zh: '越权操作被拒绝', en: 'Escalation attempt refused' },

  // ── Role grants ────────────────────────────────────────────────────────────────────────────────────────────
  /**
   * A grant active at once: a role that opens no content, granted by an admin or the operator, or the operator's
   * grant approved by a named leader (`details.approvedBy`).
   */
  'grant.created': { zh: '授权（立即生效）', en: 'Grant created' },
  /** An admin asked for a content role; the grant waits for a leader's approval. */
  'grant.requested': { zh: '申请授权（待领导批准）', en: 'Grant requested' },
  /** A leader approved a pending grant; written in the grant's office chain and the leader's active one. */
  'grant.approved': { zh: '批准授权', en: 'Grant approved' },
  /** A leader rejected a pending grant, which ends revoked; the reason, when given, is in the details. */
  'grant.rejected': { zh: '驳回授权', en: 'Grant rejected' },
  /** An admin or the operator revoked a pending or active grant in its scope. */
  'grant.revoked': { zh: '撤销授权', en: 'Grant revoked' },
  /** The operator recorded the root office's leader while it had none (`zhengming office bootstrap-leader`). */
  'grant.bootstrap': { zh: '设置根机构领导（初始设置）', en: 'Root office leader set (bootstrap)' },

  // ── Approvals (modules/approvals) ──────────────────────────────────────────────────────────────────────────
  /**
   * A user proposed a consequential step for approval (`details.approvalKind`, `itemType`, `itemLabel`, `requiredRole`,
   * `reasonLength`), in the chain of the approval's office. The reason itself stays in the approval, not the log.
   */
  'approval.proposed': { zh: '提请审批', en: 'Approval proposed' },
  /** An eligible approver, not the proposer, approved; the kind's effect ran in the same transaction. */
  'approval.approved': { zh: '审批同意', en: 'Approval granted' },
  /** An eligible approver, not the proposer, returned the proposal with reasons (`details.reasonLength`). */
  'approval.returned': { zh: '审批退回', en: 'Approval returned' },
  /** The proposer withdrew its pending proposal. */
  'approval.withdrawn': { zh: '撤回审批申请', en: 'Approval withdrawn' },
  /**
   * The decision of an approver outside the system was recorded (`details.outcome`, `approverName`,
   * `approverPosition`, `externalDate`, `externalDocument`); an approval ran the kind's effect like an internal one.
   */
  'approval.external_recorded': { zh: '登记外部审批', en: 'External approval recorded' },

  // ── Working-day calendar ───────────────────────────────────────────────────────────────────────────────────
  /** The operator added or replaced a year of the official calendar (`zhengming calendar add`). */
  'calendar.year_added': { zh: '添加工作日历年度', en: 'Calendar year added' },

  // ── Complaints and leads ───────────────────────────────────────────────────────────────────────────────────
  /** Intake registered a complaint (with its jurisdiction decision). */
  'complaint.registered': { zh: '登记检举控告', en: 'Complaint registered' },
  /** The receiving office decided to handle a complaint that arrived from another office. */
  'complaint.accepted': { zh: '受理转来件', en: 'Arrival accepted' },
  /** A complaint went up to the higher office; a stub stays (written in both offices' chains). */
  'complaint.passed_up': { zh: '报送上级', en: 'Passed up' },
  /** A complaint went down to a lower office; a stub stays (written in both offices' chains). */
  'complaint.sent_down': { zh: '转下级办理', en: 'Sent down' },
  /** A user with access read a complaint's content (text, allegations, subjects). */
  'complaint.content_read': { zh: '查阅检举控告内容', en: 'Complaint content read' },
  /** A user read a complaint's reporter identity (intake, or by an approved reveal). */
  'complaint.identity_read': { zh: '查阅举报人身份信息', en: 'Reporter identity read' },
  /** An approved reveal of a reporter's identity took effect for its requester. */
  'complaint.identity_revealed': { zh: '身份信息查阅获批生效', en: 'Identity reveal granted' },
  /** Intake confirmed or recorded the denial of a real-name claim. */
  'complaint.reporter_status_set': { zh: '核实实名身份', en: 'Real-name status recorded' },
  /** A co-signer of a joint letter denied having signed (冒名). */
  'complaint.cosigner_denied': { zh: '联名人否认签名', en: 'Co-signer denied signing' },
  /** Intake recorded that the acceptance notice was sent. */
  'complaint.notice_sent': { zh: '登记受理告知', en: 'Acceptance notice recorded' },
  /** A user with access read a lead's content (subject, allegations, recusal list). */
  'lead.content_read': { zh: '查阅问题线索内容', en: 'Lead content read' },
  /** A lead was routed to a member of a handling team (分办). */
  'lead.routed': { zh: '分办线索', en: 'Lead routed' },
  /** Intake decided an uncertain subject match: the same person as a register entry, or a different one. */
  'subject.match_resolved': { zh: '确认被反映人比对', en: 'Subject match decided' },
  /** A user was put on a lead's recusal list (回避). */
  'lead.recusal_added': { zh: '增加回避人员', en: 'Recusal added' },

  // ── Audit log ──────────────────────────────────────────────────────────────────────────────────────────────
  /**
   * An auditor read the log: entries, a verification or the heads (`details.view`), in its active office's chain.
   * Entries are recorded once per filter per 15 minutes (`details.filter`), not once per page.
   */
  'audit.read': { zh: '查阅审计日志', en: 'Audit log read' },
  /** An auditor exported the log to XLSX (`details.filter`, `details.rows`), in its active office's chain. */
  'audit.exported': { zh: '导出审计日志', en: 'Audit log exported' },

  // ── Demo (`npm run demo` only) ─────────────────────────────────────────────────────────────────────────────
  /** `serve --demo` seeded an empty database with the demo offices and users. */
  'demo.seeded': { zh: '载入演示数据', en: 'Demo data seeded' },
  /** The demo seeding set a demo user's published password, with no change required. */
  'demo.password_set': { zh: '设置演示账号密码', en: 'Demo password set' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/**
 * Codes kept only so that stored entries still render: no code writes them any more (renamed or retired). Each
 * still has its row in `AUDIT_ACTIONS`. None so far: the git history of the writers has no renamed action.
 */
export const HISTORICAL_AUDIT_ACTIONS: readonly AuditAction[] = [];

/** True for the codes of `AUDIT_ACTIONS`; narrows a stored entry's action to look up its label. */
export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}

/** The codes of `AUDIT_ACTIONS`, in table order. */
export const AUDIT_ACTION_CODES: readonly AuditAction[] = Object.keys(AUDIT_ACTIONS).filter(isAuditAction);

/** One of the codes of `AUDIT_ACTIONS`. */
export const AuditActionSchema = z.enum(AUDIT_ACTION_CODES);
