import {
  AuditLogPageSchema,
  AuditVerifyResultSchema,
  OfficeSchema,
  OkResponseSchema,
  OneTimePasswordResponseSchema,
  PendingGrantSchema,
  RoleGrantSchema,
  SessionResponseSchema,
  TotpEnrolmentSchema,
  UserSchema,
  type ChangePasswordInput,
  type CreateGrantInput,
  type CreateOfficeInput,
  type CreateUserInput,
  type RejectGrantInput,
  type SignInInput,
} from '@zhengming/contracts';
import { z } from 'zod';
import type { ApiClient, RequestOptions } from './client';

const OfficeListSchema = z.array(OfficeSchema);
const UserListSchema = z.array(UserSchema);
const PendingGrantListSchema = z.array(PendingGrantSchema);

/** The REST API of the server, one function per route, each parsed with its contracts schema. */
export function createEndpoints(client: ApiClient) {
  const quiet: RequestOptions = { quiet: true };
  return {
    // ── Sign-in (modules/auth) ──
    getSession: () =>
      client.get('/api/auth/session', SessionResponseSchema, { isUnauthenticatedExpected: true, quiet: true }),
    signIn: (body: SignInInput) =>
      client.post('/api/auth/sign-in', SessionResponseSchema, { body, isUnauthenticatedExpected: true, quiet: true }),
    changePassword: (body: ChangePasswordInput) =>
      client.post('/api/auth/password', SessionResponseSchema, { body, ...quiet }),
    getTotpEnrolment: () => client.get('/api/auth/totp/enrolment', TotpEnrolmentSchema),
    confirmTotpEnrolment: (code: string) =>
      client.post('/api/auth/totp/enrolment', SessionResponseSchema, { body: { code } }),
    verifyTotp: (code: string) => client.post('/api/auth/totp', SessionResponseSchema, { body: { code } }),
    signOut: () =>
      client.post('/api/auth/sign-out', OkResponseSchema, { isUnauthenticatedExpected: true, quiet: true }),
    switchOffice: (officeId: string) =>
      client.post('/api/auth/active-office', SessionResponseSchema, { body: { officeId } }),

    // ── Offices (modules/offices) ──
    listOffices: () => client.get('/api/offices', OfficeListSchema),
    createOffice: (body: CreateOfficeInput) => client.post('/api/offices', OfficeSchema, { body }),

    // ── Users and grants (modules/users) ──
    listUsers: () => client.get('/api/users', UserListSchema),
    createUser: (body: CreateUserInput) => client.post('/api/users', OneTimePasswordResponseSchema, { body }),
    disableUser: (id: string) => client.post(`/api/users/${encodeURIComponent(id)}/disable`, UserSchema),
    enableUser: (id: string) => client.post(`/api/users/${encodeURIComponent(id)}/enable`, UserSchema),
    resetUser: (id: string) => client.post(`/api/users/${encodeURIComponent(id)}/reset`, OneTimePasswordResponseSchema),
    addGrant: (userId: string, body: CreateGrantInput) =>
      client.post(`/api/users/${encodeURIComponent(userId)}/grants`, RoleGrantSchema, { body }),
    revokeGrant: (id: string) => client.post(`/api/grants/${encodeURIComponent(id)}/revoke`, RoleGrantSchema),
    listPendingGrants: () => client.get('/api/grants/pending', PendingGrantListSchema),
    approveGrant: (id: string) => client.post(`/api/grants/${encodeURIComponent(id)}/approve`, RoleGrantSchema),
    rejectGrant: (id: string, body: RejectGrantInput) =>
      client.post(`/api/grants/${encodeURIComponent(id)}/reject`, RoleGrantSchema, { body }),

    // ── Audit (modules/audit) ──
    listAuditEntries: (limit = 100) => client.get('/api/audit/entries', AuditLogPageSchema, { query: { limit } }),
    verifyAudit: () => client.get('/api/audit/verify', AuditVerifyResultSchema),
  };
}

export type Endpoints = ReturnType<typeof createEndpoints>;
