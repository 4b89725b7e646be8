import { AuditHeadsExportSchema, type AuditHeadsExport, type AuditVerifyResult } from '@zhengming/contracts';
import { z } from 'zod';
import { exportAuditHeads, verifyAuditChains } from '../../audit/audit-verify.js';
import { auditOperator, defineOperation } from '../../ops/define-operation.js';

/** `zhengming audit verify [--heads FILE] | head`. */
export const AUDIT_OPERATIONS = {
  'audit.verify': defineOperation(
    z.object({ heads: AuditHeadsExportSchema.optional() }),
    async (ctx, actor, params): Promise<AuditVerifyResult> => {
      const heads: AuditHeadsExport | undefined = params.heads;
      const result = await verifyAuditChains(ctx.db, ctx.audit.chainKey, heads === undefined ? {} : { heads });
      await auditOperator(ctx, actor, 'system.audit_verified', {
        ok: result.ok,
        chains: result.chains.length,
        brokenChains: result.chains.filter((c) => !c.ok).length,
        truncated: result.truncated.length,
        headsExportedAt: result.headsExportedAt,
      });
      return result;
    },
  ),
  'audit.head': defineOperation(z.object({}), async (ctx, actor): Promise<AuditHeadsExport> => {
    const heads = await exportAuditHeads(ctx.db, { clock: ctx.clock });
    await auditOperator(ctx, actor, 'system.audit_heads_exported', {
      chains: Object.keys(heads.chains).length,
      exportedAt: heads.exportedAt,
    });
    return heads;
  }),
};
