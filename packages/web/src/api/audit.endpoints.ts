import {
  AuditFilterOptionsSchema,
  AuditLogPageSchema,
  AuditVerifyResultSchema,
  type AuditLanguage,
} from '@zhengming/contracts';
import type { ApiClient } from './client';

/** The filters of the audit-log page, as the query string carries them. */
export interface AuditEntriesQuery {
  officeId?: string | undefined;
  actorId?: string | undefined;
  /** Action codes, sent comma-separated. */
  actions?: readonly string[];
  from?: string | undefined;
  to?: string | undefined;
  includeReads?: boolean;
}

function filterParams(query: AuditEntriesQuery): Record<string, string | undefined> {
  return {
    officeId: query.officeId,
    actorId: query.actorId,
    action: query.actions === undefined || query.actions.length === 0 ? undefined : query.actions.join(','),
    from: query.from,
    to: query.to,
    includeReads: query.includeReads === true ? 'true' : undefined,
  };
}

/** The export's address for the filters (a plain GET the browser downloads, with the session cookie). */
export function auditExportUrl(query: AuditEntriesQuery, language: AuditLanguage): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filterParams(query), lang: language })) {
    if (value !== undefined) {
      params.set(name, value);
    }
  }
  return `/api/audit/export?${params.toString()}`;
}

/** The audit log for auditors (server modules/audit), each answer parsed with its schema. */
export function createAuditEndpoints(client: ApiClient) {
  return {
    listAuditEntries: (query: AuditEntriesQuery = {}, limit = 100, cursor?: string) =>
      client.get('/api/audit/entries', AuditLogPageSchema, { query: { ...filterParams(query), limit, cursor } }),
    auditFilterOptions: () => client.get('/api/audit/filters', AuditFilterOptionsSchema),
    verifyAudit: () => client.get('/api/audit/verify', AuditVerifyResultSchema),
  };
}
