import { AUDIT_ACTIONS, isAuditAction } from './audit-actions.js';
import { APPROVAL_ITEM_TYPE_LABELS, APPROVAL_KIND_LABELS } from './approvals.js';
import { OFFICE_LEVEL_LABELS, ROLE_LABELS, type OfficeLevel, type Role } from './roles.js';

/**
 * An audit entry's `details` as text a person reads, in Chinese or English: one table keyed by detail key
 * (its label and how its value reads), shared by the web page and the XLSX export. A key missing from the table
 * is still shown, under its own name, with its value as JSON.
 */

export type AuditLanguage = 'zh' | 'en';
type Label = { zh: string; en: string };

/** How a detail's value reads. */
type ValueKind =
  | { kind: 'text' }
  | { kind: 'boolean' }
  | { kind: 'role' }
  /** Role codes (an array), shown by label. */
  | { kind: 'roles' }
  | { kind: 'level' }
  /** An id of a user or office, shown by name when the entry's `names` has it. */
  | { kind: 'ref' }
  /** A time (ISO), shown in Asia/Shanghai. */
  | { kind: 'time' }
  /** A code among known values (unknown values are shown as they are). */
  | { kind: 'code'; values: Record<string, Label> }
  /** Codes (an array) among known values. */
  | { kind: 'codes'; values: Record<string, Label> }
  /** `{ table: rows }` of a backup or restore. */
  | { kind: 'counts' }
  /** The filters of an audit-log read or export. */
  | { kind: 'filter' }
  /** Action codes (an array), shown by label. */
  | { kind: 'actions' };

const TEXT: ValueKind = { kind: 'text' };
const BOOLEAN: ValueKind = { kind: 'boolean' };
const REF: ValueKind = { kind: 'ref' };
const TIME: ValueKind = { kind: 'time' };
const ROLE: ValueKind = { kind: 'role' };

const SIGN_IN_STAGES: Record<string, Label> = {
  password: { zh: '密码', en: 'password' },
  password_change: { zh: '修改初始密码', en: 'password change' },
  totp_enrolment: { zh: '绑定动态验证码', en: 'TOTP enrolment' },
  totp: { zh: '动态验证码', en: 'TOTP' },
};

const GRANT_STATUSES: Record<string, Label> = {
  pending: { zh: '待批准', en: 'pending' },
  active: { zh: '生效', en: 'active' },
  revoked: { zh: '已撤销', en: 'revoked' },
};

/** Every detail key the server writes, with its label and how its value reads. */
export const AUDIT_DETAIL_KEYS: Record<string, Label & { value: ValueKind }> = {
  // who and where
  operator: { zh: '操作员（命令行）', en: 'Operator (CLI)', value: TEXT },
  username: { zh: '用户名', en: 'Username', value: TEXT },
  usernameKey: { zh: '用户名（密钥摘要）', en: 'Username (keyed hash)', value: TEXT },
  name: { zh: '名称', en: 'Name', value: TEXT },
  office: { zh: '机构', en: 'Office', value: TEXT },
  level: { zh: '级别', en: 'Level', value: { kind: 'level' } },
  parentId: { zh: '上级机构', en: 'Parent office', value: REF },
  officeCreated: { zh: '新建机构', en: 'Office created', value: BOOLEAN },
  from: { zh: '原机构', en: 'From', value: REF },
  to: { zh: '新机构', en: 'To', value: REF },
  // office settings
  changedFields: {
    zh: '修改的设置',
    en: 'Settings changed',
    value: {
      kind: 'codes',
      values: {
        numberPrefix: { zh: '编号机关代字', en: 'number prefix' },
        numberWord: { zh: '编号类别字', en: 'number word' },
        keyPeriods: { zh: '关键节点', en: 'key periods' },
        recordsOnlineIdentifiers: { zh: '记录网络举报IP和设备', en: 'online IP and device record' },
        routingRequiresApproval: { zh: '分办需领导审批', en: 'routing needs approval' },
        sharedEndpoints: { zh: '共用终端', en: 'shared endpoints' },
      },
    },
  },
  numberPrefix: { zh: '编号机关代字', en: 'Number prefix', value: TEXT },
  numberWord: { zh: '编号类别字', en: 'Number word', value: TEXT },
  keyPeriodCount: { zh: '关键节点数', en: 'Key periods', value: TEXT },
  recordsOnlineIdentifiers: { zh: '记录网络举报IP和设备', en: 'Records online IP and device', value: BOOLEAN },
  sharedEndpointCount: { zh: '共用终端数', en: 'Shared endpoints', value: TEXT },
  routingRequiresApproval: { zh: '分办需领导审批', en: 'Routing needs approval', value: BOOLEAN },
  // roles and grants
  role: { zh: '角色', en: 'Role', value: { kind: 'role' } },
  isPrincipal: { zh: '主要负责人', en: 'Principal', value: BOOLEAN },
  status: { zh: '状态', en: 'Status', value: { kind: 'code', values: GRANT_STATUSES } },
  previousStatus: { zh: '原状态', en: 'Previous status', value: { kind: 'code', values: GRANT_STATUSES } },
  approvedBy: { zh: '批准领导', en: 'Approved by', value: REF },
  roles: { zh: '所任角色', en: 'Roles held', value: { kind: 'roles' } },
  // account resets
  approvingOfficeId: { zh: '审批机构', en: 'Approving office', value: REF },
  resetRequestId: { zh: '重置申请编号', en: 'Reset request', value: TEXT },
  // approvals
  approvalKind: { zh: '审批事项', en: 'Approval kind', value: { kind: 'code', values: APPROVAL_KIND_LABELS } },
  itemType: { zh: '对象类型', en: 'Item type', value: { kind: 'code', values: APPROVAL_ITEM_TYPE_LABELS } },
  itemId: { zh: '对象编号', en: 'Item id', value: TEXT },
  itemLabel: { zh: '对象', en: 'Item', value: TEXT },
  requiredRole: { zh: '审批角色', en: 'Approving role', value: ROLE },
  requiresPrincipal: { zh: '须主要负责人审批', en: 'Principal required', value: BOOLEAN },
  approverKind: {
    zh: '审批方式',
    en: 'Approver',
    value: {
      kind: 'code',
      values: {
        internal: { zh: '系统内审批', en: 'in the system' },
        external: { zh: '外部审批（登记）', en: 'outside the system (recorded)' },
      },
    },
  },
  reasonLength: { zh: '理由字数', en: 'Reason length', value: TEXT },
  outcome: {
    zh: '审批结果',
    en: 'Outcome',
    value: {
      kind: 'code',
      values: {
        approved: { zh: '同意', en: 'approved' },
        returned: { zh: '退回', en: 'returned' },
      },
    },
  },
  approverName: { zh: '外部审批人', en: 'External approver', value: TEXT },
  approverPosition: { zh: '外部审批人职务', en: 'External approver’s position', value: TEXT },
  externalDate: { zh: '外部审批日期', en: 'External decision date', value: TEXT },
  externalDocument: { zh: '外部审批文件', en: 'External approval document', value: TEXT },
  // refused escalation attempts
  attempt: {
    zh: '尝试的操作',
    en: 'Attempt',
    value: {
      kind: 'code',
      values: {
        'grant.request': { zh: '申请授权', en: 'request a grant' },
        'grant.approve': { zh: '批准授权', en: 'approve a grant' },
        'grant.reject': { zh: '驳回授权', en: 'reject a grant' },
        'grant.revoke': { zh: '撤销授权', en: 'revoke a grant' },
        'user.disable': { zh: '停用用户', en: 'disable a user' },
        'user.enable': { zh: '启用用户', en: 'enable a user' },
        'user.reset': { zh: '重置用户', en: 'reset a user' },
        'user.reset_approve': { zh: '批准重置', en: 'approve a reset' },
        'user.reset_reject': { zh: '驳回重置', en: 'reject a reset' },
      },
    },
  },
  code: { zh: '拒绝代码', en: 'Refusal code', value: TEXT },
  // sign-in
  stage: { zh: '环节', en: 'Stage', value: { kind: 'code', values: SIGN_IN_STAGES } },
  step: { zh: '下一步', en: 'Next step', value: { kind: 'code', values: SIGN_IN_STAGES } },
  reason: {
    zh: '原因',
    en: 'Reason',
    value: {
      kind: 'code',
      values: {
        unknown_user: { zh: '用户不存在', en: 'unknown user' },
        wrong_password: { zh: '密码错误', en: 'wrong password' },
        disabled: { zh: '账号已停用', en: 'account disabled' },
        throttled: { zh: '尝试过多被限制', en: 'throttled' },
        wrong_code: { zh: '验证码错误', en: 'wrong code' },
        reused_code: { zh: '验证码重复使用', en: 'code reused' },
      },
    },
  },
  duringSignIn: { zh: '登录过程中', en: 'During sign-in', value: BOOLEAN },
  address: { zh: '来源地址', en: 'Address', value: TEXT },
  stages: { zh: '环节', en: 'Stages', value: { kind: 'codes', values: SIGN_IN_STAGES } },
  windowStart: { zh: '统计起始', en: 'Window start', value: TIME },
  windowEnd: { zh: '统计截止', en: 'Window end', value: TIME },
  overflow: { zh: '超出逐个统计上限（合并计数）', en: 'Over the tally limit (counted together)', value: BOOLEAN },
  // complaints and leads
  number: { zh: '编号', en: 'Number', value: TEXT },
  channel: {
    zh: '渠道',
    en: 'Channel',
    value: {
      kind: 'code',
      values: {
        letter: { zh: '来信', en: 'letter' },
        visit: { zh: '来访', en: 'visit' },
        phone: { zh: '电话', en: 'phone' },
        online: { zh: '网络', en: 'online' },
        referred: { zh: '转来', en: 'referred' },
      },
    },
  },
  jurisdiction: {
    zh: '管辖',
    en: 'Jurisdiction',
    value: {
      kind: 'code',
      values: {
        handle: { zh: '本机关办理', en: 'handled here' },
        up: { zh: '经主要负责人报上级', en: 'up through the principal' },
        up_principal: { zh: '直送上级', en: 'straight up' },
        down: { zh: '转下级', en: 'down' },
      },
    },
  },
  isAnonymous: { zh: '匿名', en: 'Anonymous', value: BOOLEAN },
  subjects: { zh: '被反映人数', en: 'Subjects', value: TEXT },
  allegations: { zh: '反映问题数', en: 'Allegations', value: TEXT },
  fromOffice: { zh: '移出机关', en: 'From office', value: TEXT },
  toOffice: { zh: '接收机关', en: 'To office', value: TEXT },
  via: {
    zh: '依据',
    en: 'Via',
    value: {
      kind: 'code',
      values: { role: { zh: '岗位职责', en: 'role' }, reveal: { zh: '批准查阅', en: 'approved reveal' } },
    },
  },
  revealUntil: { zh: '查阅有效期至', en: 'Reveal valid until', value: TIME },
  approvalId: { zh: '审批编号', en: 'Approval', value: TEXT },
  reporterStatus: {
    zh: '实名状态',
    en: 'Real-name status',
    value: {
      kind: 'code',
      values: {
        confirmed: { zh: '已核实', en: 'confirmed' },
        denied: { zh: '否认', en: 'denied' },
      },
    },
  },
  method: { zh: '方式', en: 'Method', value: TEXT },
  cosigner: { zh: '联名人序号', en: 'Co-signer no.', value: TEXT },
  sentOn: { zh: '告知日期', en: 'Sent on', value: TEXT },
  memberId: { zh: '承办人员', en: 'Team member', value: REF },
  recusedId: { zh: '回避人员', en: 'Recused user', value: REF },
  throughApproval: { zh: '经领导审批', en: 'Through an approval', value: BOOLEAN },
  decision: {
    zh: '结论',
    en: 'Decision',
    value: {
      kind: 'code',
      values: { merged: { zh: '同一人', en: 'same person' }, distinct: { zh: '不同人', en: 'different person' } },
    },
  },
  // the audit log
  view: {
    zh: '查阅内容',
    en: 'View',
    value: {
      kind: 'code',
      values: {
        entries: { zh: '审计记录', en: 'entries' },
        verify: { zh: '校验哈希链', en: 'chain verification' },
        heads: { zh: '导出链头', en: 'chain heads' },
      },
    },
  },
  filter: { zh: '筛选条件', en: 'Filters', value: { kind: 'filter' } },
  chainId: { zh: '哈希链', en: 'Chain', value: REF },
  count: { zh: '条数', en: 'Entries', value: TEXT },
  rows: { zh: '行数', en: 'Rows', value: { kind: 'counts' } },
  before: { zh: '序号之前', en: 'Before seq', value: TEXT },
  chains: { zh: '哈希链数', en: 'Chains', value: TEXT },
  brokenChains: { zh: '损坏的链', en: 'Broken chains', value: TEXT },
  truncated: { zh: '被截断的链', en: 'Truncated chains', value: TEXT },
  ok: { zh: '校验通过', en: 'Intact', value: BOOLEAN },
  headsExportedAt: { zh: '对照链头导出时间', en: 'Heads exported at', value: TIME },
  exportedAt: { zh: '导出时间', en: 'Exported at', value: TIME },
  lang: { zh: '语言', en: 'Language', value: TEXT },
  // operations
  command: { zh: '命令', en: 'Command', value: TEXT },
  applied: { zh: '已应用的迁移', en: 'Migrations applied', value: TEXT },
  createdAt: { zh: '创建时间', en: 'Created at', value: TIME },
  file: { zh: '文件', en: 'File', value: TEXT },
  backupCreatedAt: { zh: '备份时间', en: 'Backup taken at', value: TIME },
  backupAppVersion: { zh: '备份版本', en: 'Backup version', value: TEXT },
  backupDatabaseKind: { zh: '备份数据库类型', en: 'Backup database', value: TEXT },
  keySource: { zh: '密钥来源', en: 'Key source', value: TEXT },
  year: { zh: '年度', en: 'Year', value: TEXT },
  source: { zh: '来源', en: 'Source', value: TEXT },
  offDays: { zh: '休息日数', en: 'Days off', value: TEXT },
  workdays: { zh: '调休工作日数', en: 'Working weekend days', value: TEXT },
  replacesEarlierAddition: { zh: '替换此前添加', en: 'Replaces earlier addition', value: BOOLEAN },
  offices: { zh: '机构数', en: 'Offices', value: TEXT },
  users: { zh: '用户数', en: 'Users', value: TEXT },
};

/** The labels of the filter fields inside `details.filter`. */
const FILTER_LABELS: Record<string, Label & { value: ValueKind }> = {
  officeId: { zh: '哈希链', en: 'Chain', value: REF },
  actorId: { zh: '操作人', en: 'Actor', value: REF },
  action: { zh: '操作', en: 'Actions', value: { kind: 'actions' } },
  from: { zh: '起始日期', en: 'From', value: TEXT },
  to: { zh: '截止日期', en: 'To', value: TEXT },
  includeReads: { zh: '含查阅记录', en: 'With reads', value: BOOLEAN },
};

/** One detail as a labelled line. */
export interface AuditDetailLine {
  key: string;
  label: string;
  value: string;
}

/** Names by id (users, offices) for the ids that appear in details. */
export type AuditNames = Readonly<Record<string, string>>;

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** An ISO time as `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai (UTC+8 all year); an unreadable value as it is. */
export function formatShanghaiTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) {
    return iso;
  }
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** The label of an action code in a language; the code itself for a code no version writes. */
export function auditActionLabel(action: string, language: AuditLanguage): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action][language] : action;
}

function pick(label: Label, language: AuditLanguage): string {
  return label[language];
}

function formatValue(value: unknown, kind: ValueKind, language: AuditLanguage, names: AuditNames): string {
  if (value === null || value === undefined) {
    return '—';
  }
  switch (kind.kind) {
    case 'boolean':
      return typeof value === 'boolean'
        ? value
          ? pick({ zh: '是', en: 'yes' }, language)
          : pick({ zh: '否', en: 'no' }, language)
        : raw(value);
    case 'role':
      return typeof value === 'string' && Object.hasOwn(ROLE_LABELS, value)
        ? pick(ROLE_LABELS[value as Role], language)
        : raw(value);
    case 'level':
      return typeof value === 'string' && Object.hasOwn(OFFICE_LEVEL_LABELS, value)
        ? pick(OFFICE_LEVEL_LABELS[value as OfficeLevel], language)
        : raw(value);
    case 'ref':
      if (value === 'system') {
        return pick({ zh: '系统', en: 'system' }, language);
      }
      return typeof value === 'string' && names[value] !== undefined ? names[value] : raw(value);
    case 'time':
      return typeof value === 'string' ? formatShanghaiTime(value) : raw(value);
    case 'code':
      return typeof value === 'string' && Object.hasOwn(kind.values, value)
        ? pick(kind.values[value]!, language)
        : raw(value);
    case 'roles':
    case 'codes':
      return Array.isArray(value)
        ? value
            .map((item) =>
              formatValue(item, kind.kind === 'roles' ? ROLE : { kind: 'code', values: kind.values }, language, names),
            )
            .join(language === 'zh' ? '、' : ', ')
        : raw(value);
    case 'counts':
      return typeof value === 'object' && !Array.isArray(value)
        ? Object.entries(value as Record<string, unknown>)
            .map(([table, rows]) => `${table} ${raw(rows)}`)
            .join(', ')
        : raw(value);
    case 'actions':
      return Array.isArray(value)
        ? value
            .map((code) => (typeof code === 'string' ? auditActionLabel(code, language) : raw(code)))
            .join(language === 'zh' ? '、' : ', ')
        : raw(value);
    case 'filter':
      return typeof value === 'object' && !Array.isArray(value)
        ? describeEntries(value as Record<string, unknown>, FILTER_LABELS, language, names)
            .map((line) => `${line.label} ${line.value}`)
            .join(language === 'zh' ? '，' : ', ') || pick({ zh: '无', en: 'none' }, language)
        : raw(value);
    case 'text':
      return raw(value);
  }
}

function raw(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describeEntries(
  details: Record<string, unknown>,
  table: Record<string, Label & { value: ValueKind }>,
  language: AuditLanguage,
  names: AuditNames,
): AuditDetailLine[] {
  // jsonb keeps keys in its own order (by length): show the table's order, then unknown keys as stored.
  const order = Object.keys(table);
  const rank = (key: string): number => (Object.hasOwn(table, key) ? order.indexOf(key) : order.length);
  const entries = Object.entries(details).sort(([a], [b]) => rank(a) - rank(b));
  return entries.map(([key, value]) => {
    const known = Object.hasOwn(table, key) ? table[key] : undefined;
    return {
      key,
      label: known === undefined ? key : pick(known, language),
      value: formatValue(value, known?.value ?? TEXT, language, names),
    };
  });
}

/** An entry's details as labelled lines in a language: known keys by the table, unknown keys under their name. */
export function describeAuditDetails(
  details: Record<string, unknown>,
  language: AuditLanguage,
  names: AuditNames = {},
): AuditDetailLine[] {
  return describeEntries(details, AUDIT_DETAIL_KEYS, language, names);
}

/** An entry's details as one line of text (`角色：领导；主要负责人：否`), for the export and tooltips. */
export function auditDetailsText(
  details: Record<string, unknown>,
  language: AuditLanguage,
  names: AuditNames = {},
): string {
  const separator = language === 'zh' ? ['：', '；'] : [': ', '; '];
  return describeAuditDetails(details, language, names)
    .map((line) => `${line.label}${separator[0]}${line.value}`)
    .join(separator[1]);
}
