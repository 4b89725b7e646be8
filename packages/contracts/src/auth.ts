import { z } from 'zod';
import { OfficeIdSchema, UserIdSchema } from './ids.js';
import { LIMITS } from './limits.js';
import { OfficeLevelSchema, RoleSchema } from './roles.js';
import { newPasswordText, passwordText, singleLineText } from './text.js';

/** What the session still has to do before it is fully signed in. */
export const SignInStepSchema = z.enum(['password_change', 'totp_enrolment', 'totp']);
export type SignInStep = z.infer<typeof SignInStepSchema>;

export const SignInSchema = z.object({
  // Not lower-cased here: the sign-in normalises the username itself (NFKC, lower case).
  username: singleLineText({ max: LIMITS.signInUsernameMaxLength }),
  password: passwordText({ max: LIMITS.passwordMaxLength }),
});
export type SignInInput = z.infer<typeof SignInSchema>;

export const TotpCodeSchema = z.object({ code: z.string().regex(/^\d{6}$/) });
export type TotpCodeInput = z.infer<typeof TotpCodeSchema>;

export const ChangePasswordSchema = z.object({
  currentPassword: passwordText({ max: LIMITS.passwordMaxLength }),
  newPassword: newPasswordText({ max: LIMITS.passwordMaxLength }),
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
