import { z } from 'zod';
import { GrantIdSchema, OfficeIdSchema, UserIdSchema } from './ids.js';
import { LIMITS } from './limits.js';
import { RoleSchema } from './roles.js';
import { multiLineText } from './text.js';

export const GrantStatusSchema = z.enum(['pending', 'active', 'revoked']);

export const RoleGrantSchema = z.object({
  id: GrantIdSchema,
  userId: UserIdSchema,
  officeId: OfficeIdSchema,
  officeName: z.string(),
  role: RoleSchema,
  isPrincipal: z.boolean(),
  status: GrantStatusSchema,
});
export type RoleGrant = z.infer<typeof RoleGrantSchema>;

export const CreateGrantSchema = z.object({
  officeId: OfficeIdSchema,
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
  // Several lines may be typed (the web form is a text area); empty after trimming means no reason.
  reason: multiLineText({ max: LIMITS.grantRejectReasonMaxLength, min: 0 }).optional(),
});
export type RejectGrantInput = z.infer<typeof RejectGrantSchema>;
