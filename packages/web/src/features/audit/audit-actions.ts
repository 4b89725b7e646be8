/**
 * Names of the audited actions the web app knows, for people reading the log. Unknown actions (added by later
 * modules) show their code, which is always shown beside the name too.
 */
export const AUDIT_ACTION_LABELS: Record<string, { zh: string; en: string }> = {
  'system.first_run': { zh: '首次启动', en: 'First start' },
  'auth.sign_in_started': { zh: '登录（密码通过）', en: 'Sign-in: password accepted' },
  'auth.sign_in_completed': { zh: '登录完成', en: 'Sign-in completed' },
  'auth.sign_in_failed': { zh: '登录失败', en: 'Sign-in failed' },
  'auth.signed_out': { zh: '退出登录', en: 'Signed out' },
  'auth.password_changed': { zh: '修改密码', en: 'Password changed' },
  'auth.totp_enrolment_started': { zh: '开始绑定动态验证码', en: 'TOTP enrolment started' },
  'auth.totp_enrolled': { zh: '绑定动态验证码', en: 'TOTP enrolled' },
  'auth.office_switched': { zh: '切换机构', en: 'Office switched' },
  'office.created': { zh: '新建机构', en: 'Office created' },
  'user.created': { zh: '新建用户', en: 'User created' },
  'user.disabled': { zh: '停用用户', en: 'User disabled' },
  'user.enabled': { zh: '启用用户', en: 'User enabled' },
  'user.reset': { zh: '重置密码', en: 'Password reset' },
  'grant.created': { zh: '授权', en: 'Grant created' },
  'grant.requested': { zh: '申请授权（待审批）', en: 'Grant requested' },
  'grant.approved': { zh: '批准授权', en: 'Grant approved' },
  'grant.rejected': { zh: '驳回授权', en: 'Grant rejected' },
  'grant.revoked': { zh: '撤销授权', en: 'Grant revoked' },
};
