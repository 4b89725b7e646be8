import { describe, expect, it } from 'vitest';
import { AUDIT_ACTION_CODES } from './audit-actions.js';
import {
  AUDIT_DETAIL_KEYS,
  auditActionLabel,
  auditDetailsText,
  describeAuditDetails,
  formatShanghaiTime,
} from './audit-details.js';
import { AuditLogQuerySchema } from './audit-log.js';

describe('audit details as text', () => {
  it('reads roles, booleans, codes and ids by name in both languages, table order first', () => {
    const details = { 新键: { a: 1 }, approvedBy: 'u-1', isPrincipal: true, role: 'leader' };
    expect(auditDetailsText(details, 'zh', { 'u-1': '张三' })).toBe(
      '角色：领导；主要负责人：是；批准领导：张三；新键：{"a":1}',
    );
    expect(auditDetailsText(details, 'en', {})).toBe('Role: Leader; Principal: yes; Approved by: u-1; 新键: {"a":1}');
  });

  it('reads sign-in failures, filters and backup counts', () => {
    expect(auditDetailsText({ stage: 'totp', reason: 'reused_code', address: '10.0.0.1' }, 'zh')).toBe(
      '环节：动态验证码；原因：验证码重复使用；来源地址：10.0.0.1',
    );
    const filter = { filter: { actorId: 'u-1', action: ['grant.created', 'user.disabled'], from: '2026-12-01' } };
    expect(describeAuditDetails(filter, 'zh', { 'u-1': '张三' })[0]!.value).toBe(
      '操作人 张三，操作 授权（立即生效）、停用用户，起始日期 2026-12-01',
    );
    expect(auditDetailsText({ rows: { users: 3, offices: 2 } }, 'en')).toBe('Rows: users 3, offices 2');
  });

  it('labels every key in both languages, and every action', () => {
    for (const [key, label] of Object.entries(AUDIT_DETAIL_KEYS)) {
      expect(label.zh.trim(), key).not.toBe('');
      expect(label.en.trim(), key).not.toBe('');
    }
    for (const code of AUDIT_ACTION_CODES) {
      expect(auditActionLabel(code, 'zh')).not.toBe(code);
      expect(auditActionLabel(code, 'en')).not.toBe(code);
    }
    expect(auditActionLabel('forged.action', 'zh')).toBe('forged.action');
  });

  it('shows times in Asia/Shanghai', () => {
    expect(formatShanghaiTime('2026-12-01T16:01:00.000Z')).toBe('2026-12-02 00:01:00');
  });
});

describe('audit-log query', () => {
  it('takes several actions comma-separated or repeated, and refuses unknown ones', () => {
    expect(AuditLogQuerySchema.parse({ action: 'grant.created,user.disabled' }).action).toEqual([
      'grant.created',
      'user.disabled',
    ]);
    expect(AuditLogQuerySchema.parse({ action: ['grant.created', 'audit.read'] }).action).toEqual([
      'grant.created',
      'audit.read',
    ]);
    expect(AuditLogQuerySchema.safeParse({ action: 'grant.created,nope' }).success).toBe(false);
    expect(AuditLogQuerySchema.safeParse({ from: '2026-02-29' }).success).toBe(false);
    expect(AuditLogQuerySchema.safeParse({ from: '2028-02-29', to: '2028-03-01' }).success).toBe(true);
  });
});
