import { z } from 'zod';
import { ApprovalIdSchema, OfficeIdSchema, UserIdSchema } from './ids.js';
import { LIMITS } from './limits.js';
import { RoleSchema } from './roles.js';
import { multiLineText, singleLineText } from './text.js';

/*
 * One approval primitive for every consequential step (principle 5): a proposal, an approver who is not the
 * proposer and holds the required role in the approval's office or an ancestor, a decision (approve, or return
 * with reasons), audited; or, where the rules give the step to someone outside the system (e.g. the Party
 * committee's principal), an external approval recorded with who, when and by which document.
 */

/**
 * The kinds of approval. The list grows with the issues (disposal, conclusion, finding, clearance, bulletin); the
 * database has no CHECK on kind, and a kind is decided only when a module registered its handler.
 */
export const APPROVAL_KINDS = ['identity_reveal', 'pass_up', 'route'] as const;
export const ApprovalKindSchema = z.enum(APPROVAL_KINDS);
export type ApprovalKind = z.infer<typeof ApprovalKindSchema>;

/** What an approval is about: a complaint (检举控告) or a lead (问题线索). */
export const APPROVAL_ITEM_TYPES = ['complaint', 'lead'] as const;
export const ApprovalItemTypeSchema = z.enum(APPROVAL_ITEM_TYPES);
export type ApprovalItemType = z.infer<typeof ApprovalItemTypeSchema>;

/** `pending` until decided; `approved` or `returned` by the approver (or as recorded); `withdrawn` by the proposer. */
export const APPROVAL_STATUSES = ['pending', 'approved', 'returned', 'withdrawn'] as const;
export const ApprovalStatusSchema = z.enum(APPROVAL_STATUSES);
export type ApprovalStatus = z.infer<typeof ApprovalStatusSchema>;

/** Who decides: a user in the system (`internal`), or someone outside it whose approval is recorded (`external`). */
export const APPROVER_KINDS = ['internal', 'external'] as const;
export const ApproverKindSchema = z.enum(APPROVER_KINDS);
export type ApproverKind = z.infer<typeof ApproverKindSchema>;

/** Chinese and English names of the approval kinds. */
export const APPROVAL_KIND_LABELS: Record<ApprovalKind, { zh: string; en: string }> = {
  identity_reveal: { zh: '查看举报人身份', en: 'Reporter identity reveal' },
  pass_up: { zh: '报送上级机关', en: 'Pass up to the parent office' },
  route: { zh: '分办问题线索', en: 'Route a lead' },
};

/** Chinese and English names of the approval statuses. */
export const APPROVAL_STATUS_LABELS: Record<ApprovalStatus, { zh: string; en: string }> = {
  pending: { zh: '待审批', en: 'Pending' },
  approved: { zh: '已批准', en: 'Approved' },
  returned: { zh: '已退回', en: 'Returned' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

/** Chinese and English names of the item types. */
export const APPROVAL_ITEM_TYPE_LABELS: Record<ApprovalItemType, { zh: string; en: string }> = {
  complaint: { zh: '检举控告', en: 'Complaint' },
  lead: { zh: '问题线索', en: 'Lead' },
};

/** A person as an approval shows them: id and display name. */
export const ApprovalPersonSchema = z.object({ id: UserIdSchema, displayName: z.string() });
export type ApprovalPerson = z.infer<typeof ApprovalPersonSchema>;

/** An external approval as recorded: who outside the system approved, on which date, by which document. */
export const ExternalApprovalSchema = z.object({
  approverName: z.string(),
  approverPosition: z.string(),
  /** The date of the external decision, `YYYY-MM-DD`. */
  date: z.string(),
  /** The reference of the document that carries it (文号). */
  document: z.string(),
  recordedBy: ApprovalPersonSchema,
  recordedAt: z.string(),
});
export type ExternalApproval = z.infer<typeof ExternalApprovalSchema>;

/**
 * An approval as the API shows it: the proposal, and after a decision both the proposer and the approver (four
 * eyes). `itemLabel` is a safe label the proposing module supplies (e.g. the complaint number), never content or
 * identity; `payload` holds the kind's parameters (e.g. a reveal's duration), never identity.
 */
export const ApprovalSchema = z.object({
  id: ApprovalIdSchema,
  officeId: OfficeIdSchema,
  officeName: z.string(),
  kind: ApprovalKindSchema,
  itemType: ApprovalItemTypeSchema,
  itemId: z.uuid(),
  itemLabel: z.string(),
  reason: z.string(),
  payload: z.record(z.string(), z.unknown()),
  proposedBy: ApprovalPersonSchema,
  proposedAt: z.string(),
  requiredRole: RoleSchema,
  requiresPrincipal: z.boolean(),
  approverKind: ApproverKindSchema,
  status: ApprovalStatusSchema,
  decidedBy: ApprovalPersonSchema.optional(),
  decidedAt: z.string().optional(),
  decisionReason: z.string().optional(),
  external: ExternalApprovalSchema.optional(),
});
export type Approval = z.infer<typeof ApprovalSchema>;

/** An approver's approval: the reason may be left out (Fastify passes a missing body as null). */
export const DecideApprovalSchema = z.object({
  reason: multiLineText({ max: LIMITS.approvalReasonMaxLength, min: 0 }).optional(),
});
export type DecideApprovalInput = z.infer<typeof DecideApprovalSchema>;

/** An approver's return: the reasons are required (退回须说明理由). */
export const ReturnApprovalSchema = z.object({
  reason: multiLineText({ max: LIMITS.approvalReasonMaxLength }),
});
export type ReturnApprovalInput = z.infer<typeof ReturnApprovalSchema>;

/** A calendar date `YYYY-MM-DD` that exists. */
const CalendarDateSchema = singleLineText({ max: 10 })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD / a date YYYY-MM-DD')
  .refine(
    (value) => {
      const time = Date.parse(`${value}T00:00:00Z`);
      return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
    },
    { message: '不是有效日期 / not a calendar date' },
  );

/** Recording the decision of an approver outside the system (an `external` approval). */
export const RecordExternalApprovalSchema = z.object({
  approverName: singleLineText({ max: LIMITS.displayNameMaxLength }),
  approverPosition: singleLineText({ max: LIMITS.approvalPositionMaxLength }),
  date: CalendarDateSchema,
  document: singleLineText({ max: LIMITS.approvalDocumentMaxLength }),
  outcome: z.enum(['approved', 'returned']),
  /** The reasons of a return, or a note on an approval, as the document gives them. */
  reason: multiLineText({ max: LIMITS.approvalReasonMaxLength, min: 0 }).optional(),
});
export type RecordExternalApprovalInput = z.infer<typeof RecordExternalApprovalSchema>;
