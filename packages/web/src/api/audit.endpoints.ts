import { AuditLogPageSchema, AuditVerifyResultSchema } from '@zhengming/contracts';
import type { ApiClient } from './client';

/** The audit log for auditors (server modules/audit), each answer parsed with its schema. */
export function createAuditEndpoints(client: ApiClient) {
  return {
    listAuditEntries: (limit = 100) => client.get('/api/audit/entries', AuditLogPageSchema, { query: { limit } }),
    verifyAudit: () => client.get('/api/audit/verify', AuditVerifyResultSchema),
  };
}
