/**
 * Stable error codes. Each says when it applies; the HTTP status and user messages are looked up by code,
 * so a message never leaks internals and "not found" and "not permitted" cannot be told apart.
 */
export const ERROR_CODES = {
  /** Input failed its schema; `details` lists the fields. */
  VALIDATION_FAILED: { status: 400, zh: '输入内容有误，请检查后重试。', en: 'The input is not valid.' },
  /** No signed-in session, or it expired. */
  UNAUTHENTICATED: { status: 401, zh: '请先登录。', en: 'Please sign in.' },
  /** Username or password wrong, or the user unknown or disabled — one answer for all. */
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误。', en: 'Wrong username or password.' },
  /** The one-time code of the second factor is wrong or reused. */
  INVALID_TOTP: { status: 401, zh: '动态验证码错误。', en: 'The one-time code is wrong.' },
  /** Too many failures: the caller has to wait. */
  TOO_MANY_ATTEMPTS: { status: 429, zh: '尝试次数过多，请稍后再试。', en: 'Too many attempts; try again later.' },
  /** The session is signed in but must finish a step (TOTP enrolment or verification, password change). */
  STEP_REQUIRED: { status: 403, zh: '请先完成登录验证步骤。', en: 'Finish the sign-in step first.' },
  /** Missing or wrong CSRF token on a state-changing request. */
  CSRF_FAILED: { status: 403, zh: '请求校验失败，请刷新页面后重试。', en: 'Request check failed; reload the page.' },
  /** The item does not exist OR the caller may not see it; the two are never distinguished. */
  NOT_FOUND: { status: 404, zh: '未找到该内容。', en: 'Not found.' },
  /** The caller's role may not perform this action (on something it may see). */
  FORBIDDEN: { status: 403, zh: '无权执行此操作。', en: 'You may not do this.' },
  /** The password breaks the policy (length, common or breached). */
  WEAK_PASSWORD: { status: 400, zh: '密码不符合要求。', en: 'The password does not meet the policy.' },
  /** A unique value (username, office name under a parent) is taken. */
  CONFLICT: { status: 409, zh: '与现有数据冲突。', en: 'Conflicts with existing data.' },
  /** A role grant that breaks the grant rules (admin with content role, self-grant, missing leader approval). */
  GRANT_NOT_ALLOWED: { status: 403, zh: '该授权不符合规定。', en: 'This grant is not allowed.' },
  /**
   * Resetting an account that holds a content role or `auditor` needs a leader's approval, or — where no leader
   * other than the account's owner could approve — the operator's break-glass step on the CLI.
   */
  RESET_NOT_ALLOWED: {
    status: 403,
    zh: '该账号的重置须经领导批准，或由运维人员在服务器上办理。',
    en: 'Resetting this account needs a leader’s approval, or the operator on the server.',
  },
  /**
   * The proposer of an approval tried to approve or return it: the same person never proposes and approves the
   * same step (four eyes).
   */
  SELF_APPROVAL: {
    status: 403,
    zh: '不能审批自己提出的事项，须由其他有权领导审批。',
    en: 'You cannot decide your own proposal; another approver must.',
  },
  /** The request body is larger than the server accepts. */
  PAYLOAD_TOO_LARGE: { status: 413, zh: '提交的内容过大。', en: 'The request is too large.' },
  /** The data key does not match the key-check value stored in the database. */
  KEY_MISMATCH: { status: 500, zh: '数据密钥与数据库不匹配。', en: 'The data key does not match the database.' },
  /** The embedded database is held by another process. */
  DATABASE_LOCKED: { status: 503, zh: '数据库正被其他进程使用。', en: 'The database is in use by another process.' },
  /** An export would hold more rows than one export may (`AUDIT_EXPORT_MAX_ROWS`): narrow the filters. */
  EXPORT_TOO_LARGE: {
    status: 413,
    zh: '导出的记录超过 100,000 条上限，请缩小筛选范围（人员、操作、机构或日期）后再导出。',
    en: 'The export would exceed the limit of 100,000 rows; narrow the filters (person, action, office or dates).',
  },
  /** Anything unexpected; logged in full, shown briefly. */
  INTERNAL: { status: 500, zh: '系统内部错误，请稍后再试。', en: 'Internal error; try again later.' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Supported UI and message locales, Chinese first. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** The user-facing message for a code in a locale. */
export function messageFor(code: ErrorCode, locale: Locale): string {
  const entry = ERROR_CODES[code];
  return locale === 'en' ? entry.en : entry.zh;
}
