import { z } from 'zod';

/** Roles of docs/ACCESS.md. `admin` and `auditor` never open case content. */
export const ROLES = [
  'intake',
  'supervisor',
  'investigator',
  'reviewer',
  'leader',
  'monitor',
  'admin',
  'auditor',
] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Roles that open complaint content in some cell of the access matrix; a user holding `admin` anywhere may hold none of them. */
export const CONTENT_ROLES: readonly Role[] = ['intake', 'supervisor', 'investigator', 'reviewer', 'leader'];

/**
 * Roles guarded by a leader's approval (docs/ACCESS.md): granting one, and resetting the password or TOTP of an
 * account that holds one, need a leader of that office or an ancestor other than the requester and the account's
 * owner. The content roles, and `auditor`, whose log shows who looked at what.
 */
export const APPROVAL_ROLES: readonly Role[] = [...CONTENT_ROLES, 'auditor'];

/** Data classes of the access matrix. */
export const DATA_CLASSES = ['metadata', 'content', 'identity'] as const;
export const DataClassSchema = z.enum(DATA_CLASSES);
export type DataClass = z.infer<typeof DataClassSchema>;

/** Where the item's office stands relative to the user's active office. `none` = unrelated (cousin). */
export const OFFICE_RELATIONS = ['own', 'child', 'deeper', 'parent', 'sibling', 'none'] as const;
export type OfficeRelation = (typeof OFFICE_RELATIONS)[number];

/** Administrative levels of an office (docs/ACCESS.md). */
export const OFFICE_LEVELS = ['province', 'prefecture', 'county', 'township', 'accredited'] as const;
export const OfficeLevelSchema = z.enum(OFFICE_LEVELS);
export type OfficeLevel = z.infer<typeof OfficeLevelSchema>;

/** Chinese and English names of the roles, for the UI and the CLI. */
export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  intake: { zh: '信访干部', en: 'Intake officer' },
  supervisor: { zh: '监督检查', en: 'Supervision' },
  investigator: { zh: '审查调查', en: 'Investigation' },
  reviewer: { zh: '案件审理', en: 'Case review' },
  leader: { zh: '领导', en: 'Leader' },
  monitor: { zh: '案件监督管理', en: 'Case management' },
  admin: { zh: '系统管理员', en: 'Administrator' },
  auditor: { zh: '审计', en: 'Auditor' },
};

export const OFFICE_LEVEL_LABELS: Record<OfficeLevel, { zh: string; en: string }> = {
  province: { zh: '省级', en: 'Province' },
  prefecture: { zh: '设区的市级', en: 'Prefecture' },
  county: { zh: '县级', en: 'County' },
  township: { zh: '乡镇（街道）', en: 'Township / street' },
  accredited: { zh: '派驻机构', en: 'Accredited group' },
};
