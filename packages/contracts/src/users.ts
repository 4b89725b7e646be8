import { z } from 'zod';
import { RoleGrantSchema } from './grants.js';
import { OfficeIdSchema, ResetRequestIdSchema, UserIdSchema } from './ids.js';
import { LIMITS } from './limits.js';
import { RoleSchema } from './roles.js';
import { multiLineText, singleLineText } from './text.js';

export const UserSchema = z.object({
  id: UserIdSchema,
  username: z.string(),
  displayName: z.string(),
  isDisabled: z.boolean(),
  hasTotp: z.boolean(),
  createdAt: z.string(),
  grants: z.array(RoleGrantSchema),
});
export type User = z.infer<typeof UserSchema>;

/** A new username: trimmed and lower-cased, then 3–32 of a–z, 0–9, `.`, `_`, `-`, starting with a letter or digit. */
export const UsernameSchema = singleLineText({ max: LIMITS.usernameMaxLength, nfc: false })
  .toLowerCase()
  .regex(LIMITS.usernamePattern, {
    message:
      '用户名须为 3–32 个小写字母、数字或 . _ -，以字母或数字开头 / a username is 3–32 lower-case letters, digits or . _ -, starting with a letter or digit',
  });

/** A person's name as shown: one line, trimmed, NFC, at most `LIMITS.displayNameMaxLength` characters. */
export const DisplayNameSchema = singleLineText({ max: LIMITS.displayNameMaxLength });

export const CreateUserSchema = z.object({
  username: UsernameSchema,
  displayName: DisplayNameSchema,
});
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

/** A new or reset user gets a one-time password to change at first sign-in. */
export const OneTimePasswordResponseSchema = z.object({ user: UserSchema, oneTimePassword: z.string() });

export const ResetRequestStatusSchema = z.enum(['pending', 'approved', 'rejected', 'completed', 'expired']);
export type ResetRequestStatus = z.infer<typeof ResetRequestStatusSchema>;

/**
 * An admin's request to reset an account that holds a content role or `auditor`: nothing changes until a leader
 * of the account's offices (or above), other than the admin and the account's owner, approves it; the admin who
 * asked then resets the account (`POST /api/users/:id/reset` again) within `LIMITS.resetApprovalHours`.
 */
export const AccountResetRequestSchema = z.object({
  id: ResetRequestIdSchema,
  userId: UserIdSchema,
  username: z.string(),
  displayName: z.string(),
  /** The office whose leaders (or its ancestors' leaders) may approve: the nearest office above all the account's guarded roles. */
  officeId: OfficeIdSchema,
  officeName: z.string(),
  /** The account's guarded roles when it was asked, e.g. `leader@某某镇纪委`. */
  roles: z.array(z.object({ role: RoleSchema, officeName: z.string() })),
  requestedByName: z.string().nullable(),
  status: ResetRequestStatusSchema,
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedByName: z.string().nullable(),
});
export type AccountResetRequest = z.infer<typeof AccountResetRequestSchema>;

/** `POST /api/users/:id/reset` (202) for a guarded account: the reset waits for a leader's approval. */
export const ResetPendingResponseSchema = z.object({ user: UserSchema, resetRequest: AccountResetRequestSchema });
export type ResetPendingResponse = z.infer<typeof ResetPendingResponseSchema>;

/** `POST /api/users/:id/reset`: done (200, with the one-time password) or waiting for approval (202). */
export const ResetUserResponseSchema = z.union([OneTimePasswordResponseSchema, ResetPendingResponseSchema]);
export type ResetUserResponse = z.infer<typeof ResetUserResponseSchema>;

/** A leader's rejection of a reset request; the reason, when given, goes into the audit entry. */
export const RejectResetSchema = z.object({
  reason: multiLineText({ max: LIMITS.grantRejectReasonMaxLength, min: 0 }).optional(),
});
export type RejectResetInput = z.infer<typeof RejectResetSchema>;
