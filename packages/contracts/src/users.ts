import { z } from 'zod';
import { RoleGrantSchema } from './grants.js';
import { UserIdSchema } from './ids.js';
import { LIMITS } from './limits.js';

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

export const CreateUserSchema = z.object({
  username: z.string().trim().toLowerCase().regex(LIMITS.usernamePattern),
  displayName: z.string().trim().min(1).max(LIMITS.displayNameMaxLength),
});
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

/** A new or reset user gets a one-time password to change at first sign-in. */
export const OneTimePasswordResponseSchema = z.object({ user: UserSchema, oneTimePassword: z.string() });
