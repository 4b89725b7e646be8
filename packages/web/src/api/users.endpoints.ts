import {
  AccountResetRequestSchema,
  OneTimePasswordResponseSchema,
  ResetUserResponseSchema,
  PendingGrantSchema,
  RoleGrantSchema,
  UserSchema,
  type CreateGrantInput,
  type CreateUserInput,
  type RejectGrantInput,
  type RejectResetInput,
} from '@zhengming/contracts';
import { z } from 'zod';
import type { ApiClient } from './client';

const UserListSchema = z.array(UserSchema);
const PendingGrantListSchema = z.array(PendingGrantSchema);
const ResetRequestListSchema = z.array(AccountResetRequestSchema);

/** Users and their role grants (server modules/users), each answer parsed with its schema. */
export function createUserEndpoints(client: ApiClient) {
  return {
    listUsers: () => client.get('/api/users', UserListSchema),
    createUser: (body: CreateUserInput) => client.post('/api/users', OneTimePasswordResponseSchema, { body }),
    disableUser: (id: string) => client.post(`/api/users/${encodeURIComponent(id)}/disable`, UserSchema),
    enableUser: (id: string) => client.post(`/api/users/${encodeURIComponent(id)}/enable`, UserSchema),
    /** Done (with the one-time password), or — for an account with a content role or auditor — waiting for a leader. */
    resetUser: (id: string) => client.post(`/api/users/${encodeURIComponent(id)}/reset`, ResetUserResponseSchema),
    addGrant: (userId: string, body: CreateGrantInput) =>
      client.post(`/api/users/${encodeURIComponent(userId)}/grants`, RoleGrantSchema, { body }),
    revokeGrant: (id: string) => client.post(`/api/grants/${encodeURIComponent(id)}/revoke`, RoleGrantSchema),
    listPendingGrants: () => client.get('/api/grants/pending', PendingGrantListSchema),
    approveGrant: (id: string) => client.post(`/api/grants/${encodeURIComponent(id)}/approve`, RoleGrantSchema),
    rejectGrant: (id: string, body: RejectGrantInput) =>
      client.post(`/api/grants/${encodeURIComponent(id)}/reject`, RoleGrantSchema, { body }),
    listPendingResets: () => client.get('/api/account-resets/pending', ResetRequestListSchema),
    approveReset: (id: string) =>
      client.post(`/api/account-resets/${encodeURIComponent(id)}/approve`, AccountResetRequestSchema),
    rejectReset: (id: string, body: RejectResetInput) =>
      client.post(`/api/account-resets/${encodeURIComponent(id)}/reject`, AccountResetRequestSchema, { body }),
  };
}
