import { z } from 'zod';
import { LIMITS } from './limits.js';
import { OfficeLevelSchema, RoleSchema } from './roles.js';

/** The body of every error response. */
export const ErrorResponseSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

export const HealthResponseSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgresql']),
  version: z.string(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

export const IdParamsSchema = z.object({ id: z.uuid() });

export const OkResponseSchema = z.object({ ok: z.literal(true) });

// ── Sign-in ───────────────────────────────────────────────────────────────────

/** What the session still has to do before it is fully signed in. */
export const SignInStepSchema = z.enum(['password_change', 'totp_enrolment', 'totp']);
export type SignInStep = z.infer<typeof SignInStepSchema>;

export const SignInSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(LIMITS.passwordMaxLength),
});
export type SignInInput = z.infer<typeof SignInSchema>;

export const TotpCodeSchema = z.object({ code: z.string().regex(/^\d{6}$/) });
export type TotpCodeInput = z.infer<typeof TotpCodeSchema>;

export const ChangePasswordSchema = z.object({
  currentPassword: z.string().min(1).max(LIMITS.passwordMaxLength),
  newPassword: z.string().min(1).max(LIMITS.passwordMaxLength),
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordSchema>;

export const TotpEnrolmentSchema = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrDataUrl: z.string(),
});
export type TotpEnrolment = z.infer<typeof TotpEnrolmentSchema>;

export const OfficeMembershipSchema = z.object({
  officeId: z.uuid(),
  officeName: z.string(),
  level: OfficeLevelSchema,
  roles: z.array(RoleSchema),
  isPrincipal: z.boolean(),
});
export type OfficeMembership = z.infer<typeof OfficeMembershipSchema>;

export const SessionResponseSchema = z.object({
  user: z.object({ id: z.uuid(), username: z.string(), displayName: z.string() }),
  /** `null` when fully signed in. */
  step: SignInStepSchema.nullable(),
  csrfToken: z.string(),
  memberships: z.array(OfficeMembershipSchema),
  activeOfficeId: z.uuid().nullable(),
});
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

export const SwitchOfficeSchema = z.object({ officeId: z.uuid() });

// ── Offices ───────────────────────────────────────────────────────────────────

export const OfficeSchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  name: z.string(),
  level: OfficeLevelSchema,
  createdAt: z.string(),
});
export type Office = z.infer<typeof OfficeSchema>;

export const CreateOfficeSchema = z.object({
  parentId: z.uuid(),
  name: z.string().trim().min(1).max(LIMITS.officeNameMaxLength),
  level: OfficeLevelSchema,
});
export type CreateOfficeInput = z.infer<typeof CreateOfficeSchema>;

// ── Users and grants ──────────────────────────────────────────────────────────

export const GrantStatusSchema = z.enum(['pending', 'active', 'revoked']);

export const RoleGrantSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  officeId: z.uuid(),
  officeName: z.string(),
  role: RoleSchema,
  isPrincipal: z.boolean(),
  status: GrantStatusSchema,
});
export type RoleGrant = z.infer<typeof RoleGrantSchema>;

export const UserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  isDisabled: z.boolean(),
  hasTotp: z.boolean(),
  createdAt: z.string(),
  grants: z.array(RoleGrantSchema),
});
export type User = z.infer<typeof UserSchema>;

export const CreateUserSchema = z.object({
  username: z.string().trim().toLowerCase().regex(LIMITS.usernamePattern),
  displayName: z.string().trim().min(1).max(LIMITS.displayNameMaxLength),
});
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

/** A new or reset user gets a one-time password to change at first sign-in. */
export const OneTimePasswordResponseSchema = z.object({ user: UserSchema, oneTimePassword: z.string() });

export const CreateGrantSchema = z.object({
  officeId: z.uuid(),
  role: RoleSchema,
  isPrincipal: z.boolean().default(false),
});
export type CreateGrantInput = z.infer<typeof CreateGrantSchema>;

/** A grant awaiting a leader's approval, with who it is for and who asked (the leader's approval list). */
export const PendingGrantSchema = RoleGrantSchema.extend({
  username: z.string(),
  displayName: z.string(),
  requestedByName: z.string().nullable(),
  createdAt: z.string(),
});
export type PendingGrant = z.infer<typeof PendingGrantSchema>;

/** A leader's rejection of a pending grant; the reason, when given, goes into the audit entry. */
export const RejectGrantSchema = z.object({
  reason: z.string().trim().max(LIMITS.grantRejectReasonMaxLength).optional(),
});
export type RejectGrantInput = z.infer<typeof RejectGrantSchema>;
