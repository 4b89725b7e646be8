import { createApprovalEndpoints } from './approvals.endpoints';
import { createAuditEndpoints } from './audit.endpoints';
import { createAuthEndpoints } from './auth.endpoints';
import type { ApiClient } from './client';
import { createComplaintEndpoints } from './complaints.endpoints';
import { createOfficeEndpoints } from './offices.endpoints';
import { createOfficeSettingsEndpoints } from './office-settings.endpoints';
import { createUserEndpoints } from './users.endpoints';

/**
 * The endpoint groups, one file per server module (`<module>.endpoints.ts`), so a new feature adds its own file
 * instead of growing one list. Their function names share one namespace: endpoints.test.ts checks that none
 * collide.
 */
export const ENDPOINT_GROUPS = {
  auth: createAuthEndpoints,
  offices: createOfficeEndpoints,
  officeSettings: createOfficeSettingsEndpoints,
  users: createUserEndpoints,
  audit: createAuditEndpoints,
  approvals: createApprovalEndpoints,
  complaints: createComplaintEndpoints,
} as const;

/**
 * The REST API of the server, one function per route, each parsed with its contracts schema. The groups are
 * spread into one flat object so callers keep writing `endpoints.listUsers()`.
 */
export function createEndpoints(client: ApiClient) {
  return {
    ...ENDPOINT_GROUPS.auth(client),
    ...ENDPOINT_GROUPS.offices(client),
    ...ENDPOINT_GROUPS.officeSettings(client),
    ...ENDPOINT_GROUPS.users(client),
    ...ENDPOINT_GROUPS.audit(client),
    ...ENDPOINT_GROUPS.approvals(client),
    ...ENDPOINT_GROUPS.complaints(client),
  };
}

export type Endpoints = ReturnType<typeof createEndpoints>;
