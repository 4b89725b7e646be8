/** Limits shared by the web forms and the server; lengths in characters (code points, see text.ts). */
export const LIMITS = {
  /** Password length bounds (OWASP ASVS 5 L2: at least 8, 15 recommended; we ask 12 and allow at least 64). */
  passwordMinLength: 12,
  passwordMaxLength: 128,
  usernamePattern: /^[a-z0-9][a-z0-9._-]{2,31}$/,
  /** The longest username `usernamePattern` allows. */
  usernameMaxLength: 32,
  /**
   * The longest username the sign-in form takes: more than any username has, so that a mistyped long one is
   * answered "wrong username or password" like any other, not as a form error.
   */
  signInUsernameMaxLength: 64,
  displayNameMaxLength: 64,
  officeNameMaxLength: 100,
  /** The reason a leader may give for rejecting a pending grant (optional; recorded in the audit log). */
  grantRejectReasonMaxLength: 200,
  /** The reasons of a proposal, an approval or a return (modules/approvals). */
  approvalReasonMaxLength: 2000,
  /** The position of an approver outside the system (e.g. 镇党委书记). */
  approvalPositionMaxLength: 100,
  /** The reference of the document that carries an external approval (文号). */
  approvalDocumentMaxLength: 200,
  /** How long a leader's approval of an account reset stays usable by the admin who asked (hours). */
  resetApprovalHours: 24,
  /** Per-office settings (contracts office-settings.ts): the complaint number's issuing-office prefix and word. */
  numberPrefixMaxLength: 100,
  numberWordMaxLength: 8,
  /** Key periods (election windows …) of one office, and the units (villages, communities) one period names. */
  keyPeriodsMax: 200,
  keyPeriodNameMaxLength: 100,
  keyPeriodUnitsMax: 50,
  keyPeriodUnitMaxLength: 100,
  /** Known shared endpoints (office terminals, relays) excluded from the online channel's IP/device record. */
  sharedEndpointsMax: 500,
  sharedEndpointValueMaxLength: 128,
  sharedEndpointNoteMaxLength: 200,
  /** Session lifetimes (minutes). */
  sessionIdleMinutes: 30,
  sessionAbsoluteMinutes: 12 * 60,
} as const;
