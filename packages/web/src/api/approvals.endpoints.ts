import { ApprovalSchema, type DecideApprovalInput, type ReturnApprovalInput } from '@zhengming/contracts';
import { z } from 'zod';
import type { ApiClient } from './client';

const ApprovalListSchema = z.array(ApprovalSchema);

/** Approvals (server modules/approvals): the leader's inbox, a proposer's own proposals and the decisions. */
export function createApprovalEndpoints(client: ApiClient) {
  return {
    /** 待我审批: pending approvals the signed-in leader may decide, oldest first. */
    listPendingApprovals: () => client.get('/api/approvals/pending', ApprovalListSchema),
    /** 我提请的审批: the signed-in user's own proposals, in every status. */
    listMyProposals: () => client.get('/api/approvals/mine', ApprovalListSchema),
    getApproval: (id: string) => client.get(`/api/approvals/${encodeURIComponent(id)}`, ApprovalSchema),
    approveApproval: (id: string, body: DecideApprovalInput = {}) =>
      client.post(`/api/approvals/${encodeURIComponent(id)}/approve`, ApprovalSchema, { body }),
    /** 退回: the reasons are required. */
    returnApproval: (id: string, body: ReturnApprovalInput) =>
      client.post(`/api/approvals/${encodeURIComponent(id)}/return`, ApprovalSchema, { body }),
    withdrawApproval: (id: string) => client.post(`/api/approvals/${encodeURIComponent(id)}/withdraw`, ApprovalSchema),
  };
}
