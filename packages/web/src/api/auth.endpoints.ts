import {
  OkResponseSchema,
  SessionResponseSchema,
  TotpEnrolmentSchema,
  type ChangePasswordInput,
  type SignInInput,
} from '@zhengming/contracts';
import type { ApiClient } from './client';

/** Sign-in, TOTP, the session and its active office (server modules/auth), each parsed with its schema. */
export function createAuthEndpoints(client: ApiClient) {
  return {
    getSession: () =>
      client.get('/api/auth/session', SessionResponseSchema, { isUnauthenticatedExpected: true, quiet: true }),
    signIn: (body: SignInInput) =>
      client.post('/api/auth/sign-in', SessionResponseSchema, { body, isUnauthenticatedExpected: true, quiet: true }),
    changePassword: (body: ChangePasswordInput) =>
      client.post('/api/auth/password', SessionResponseSchema, { body, quiet: true }),
    getTotpEnrolment: () => client.get('/api/auth/totp/enrolment', TotpEnrolmentSchema),
    confirmTotpEnrolment: (code: string) =>
      client.post('/api/auth/totp/enrolment', SessionResponseSchema, { body: { code } }),
    verifyTotp: (code: string) => client.post('/api/auth/totp', SessionResponseSchema, { body: { code } }),
    signOut: () =>
      client.post('/api/auth/sign-out', OkResponseSchema, { isUnauthenticatedExpected: true, quiet: true }),
    switchOffice: (officeId: string) =>
      client.post('/api/auth/active-office', SessionResponseSchema, { body: { officeId } }),
  };
}
