import { randomUUID } from 'node:crypto';
import type {
  ApprovalId,
  ComplaintId,
  GrantId,
  LeadId,
  OfficeId,
  ResetRequestId,
  SubjectId,
  UserId,
} from '@zhengming/contracts';

/*
 * The constructors of fresh branded ids (contracts/src/ids.ts). The brand is a compile-time mark only; these are
 * the one place where a new uuid becomes a `UserId`, `OfficeId` or `GrantId`.
 */

/** A new user id. */
export const newUserId = (): UserId => randomUUID() as UserId;

/** A new office id. */
export const newOfficeId = (): OfficeId => randomUUID() as OfficeId;

/** A new role-grant id. */
export const newGrantId = (): GrantId => randomUUID() as GrantId;

/** A new account reset request id. */
export const newResetRequestId = (): ResetRequestId => randomUUID() as ResetRequestId;

/** A new complaint id. */
export const newComplaintId = (): ComplaintId => randomUUID() as ComplaintId;

/** A new lead id. */
export const newLeadId = (): LeadId => randomUUID() as LeadId;

/** A new subject (register entry) id. */
export const newSubjectId = (): SubjectId => randomUUID() as SubjectId;
/** A new approval id. */
export const newApprovalId = (): ApprovalId => randomUUID() as ApprovalId;
