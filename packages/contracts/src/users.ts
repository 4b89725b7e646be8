import { z } from 'zod';
import { RoleGrantSchema } from './grants.js';
import { UserIdSchema } from './ids.js';
import { LIMITS } from './limits.js';
import { singleLineText } from './text.js';

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
