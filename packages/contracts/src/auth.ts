import { z } from 'zod';
import { OfficeIdSchema, UserIdSchema } from './ids.js';
import { LIMITS } from './limits.js';
import { OfficeLevelSchema, RoleSchema } from './roles.js';

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
  officeId: OfficeIdSchema,
  officeName: z.string(),
  level: OfficeLevelSchema,
  roles: z.array(RoleSchema),
  isPrincipal: z.boolean(),
});
export type OfficeMembership = z.infer<typeof OfficeMembershipSchema>;

export const SessionResponseSchema = z.object({
  user: z.object({ id: UserIdSchema, username: z.string(), displayName: z.string() }),
  /** `null` when fully signed in. */
  step: SignInStepSchema.nullable(),
  csrfToken: z.string(),
  memberships: z.array(OfficeMembershipSchema),
  activeOfficeId: OfficeIdSchema.nullable(),
});
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

export const SwitchOfficeSchema = z.object({ officeId: OfficeIdSchema });
