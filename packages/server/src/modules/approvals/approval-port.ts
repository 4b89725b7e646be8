import type { ApprovalItemType, ApprovalKind } from '@zhengming/contracts';
import type { Actor } from '../../access/actor.js';
import type { AuditWriter } from '../../audit/audit.js';
import type { Db } from '../../deps.js';
import { listApprovalsOfItem } from './approvals.repository.js';
import { isEligibleApprover, proposeApproval, type ProposeApprovalInput } from './approvals.service.js';

/** What a module that owns an approval kind uses of the approvals module: propose, and "is this user its approver". */
export interface ApprovalPort {
  propose(trx: Db, actor: Actor, input: ProposeApprovalInput): Promise<{ id: string }>;
  /**
   * Whether the user may decide a pending approval of one of `kinds` on the item: that approval step counts as
   * assigned (DESIGN §1) for the kinds whose approver judges the content.
   */
  isPendingApprover(
    db: Db,
    actor: Actor,
    itemType: ApprovalItemType,
    itemId: string,
    kinds: readonly ApprovalKind[],
  ): Promise<boolean>;
}

/** The approvals port of an app, writing audit entries with its writer. */
export function approvalPort(audit: AuditWriter): ApprovalPort {
  return {
    propose: (trx, actor, input) => proposeApproval(trx, audit, actor, input),
    async isPendingApprover(db, actor, itemType, itemId, kinds) {
      if (actor.kind !== 'user') {
        return false;
      }
      for (const approval of await listApprovalsOfItem(db, itemType, itemId)) {
        const isStep = approval.status === 'pending' && kinds.some((kind) => kind === approval.kind);
        if (isStep && (await isEligibleApprover(db, actor, approval))) {
          return true;
        }
      }
      return false;
    },
  };
}
