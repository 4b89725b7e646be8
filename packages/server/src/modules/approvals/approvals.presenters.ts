import { ApprovalKindSchema, type Approval } from '@zhengming/contracts';
import type { ApprovalView } from './approvals.repository.js';

const toIso = (value: Date | string): string => new Date(value).toISOString();

/**
 * The API shape of an approval: the proposal with its proposer, and once decided the approver too (four eyes), or
 * the external approval as recorded.
 */
export function presentApproval(row: ApprovalView): Approval {
  const approval: Approval = {
    id: row.id,
    officeId: row.office_id,
    officeName: row.office_name,
    // A kind this version does not know cannot have been proposed by it: failing here is a broken invariant.
    kind: ApprovalKindSchema.parse(row.kind),
    itemType: row.item_type,
    itemId: row.item_id,
    itemLabel: row.item_label,
    reason: row.reason,
    payload: row.payload,
    proposedBy: { id: row.proposed_by, displayName: row.proposed_by_name },
    proposedAt: toIso(row.proposed_at),
    requiredRole: row.required_role,
    requiresPrincipal: row.requires_principal,
    approverKind: row.approver_kind,
    status: row.status,
  };
  if (row.decided_by !== null && row.decided_by_name !== null) {
    approval.decidedBy = { id: row.decided_by, displayName: row.decided_by_name };
  }
  if (row.decided_at !== null) {
    approval.decidedAt = toIso(row.decided_at);
  }
  if (row.decision_reason !== null) {
    approval.decisionReason = row.decision_reason;
  }
  if (
    row.external_recorded_by !== null &&
    row.recorded_by_name !== null &&
    row.external_recorded_at !== null &&
    row.external_approver_name !== null &&
    row.external_approver_position !== null &&
    row.external_date !== null &&
    row.external_document !== null
  ) {
    approval.external = {
      approverName: row.external_approver_name,
      approverPosition: row.external_approver_position,
      date: row.external_date,
      document: row.external_document,
      recordedBy: { id: row.external_recorded_by, displayName: row.recorded_by_name },
      recordedAt: toIso(row.external_recorded_at),
    };
  }
  return approval;
}
