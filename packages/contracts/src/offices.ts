import { z } from 'zod';
import { OfficeIdSchema } from './ids.js';
import { LIMITS } from './limits.js';
import { OfficeLevelSchema } from './roles.js';

export const OfficeSchema = z.object({
  id: OfficeIdSchema,
  parentId: OfficeIdSchema.nullable(),
  name: z.string(),
  level: OfficeLevelSchema,
  createdAt: z.string(),
});
export type Office = z.infer<typeof OfficeSchema>;

export const CreateOfficeSchema = z.object({
  parentId: OfficeIdSchema,
  name: z.string().trim().min(1).max(LIMITS.officeNameMaxLength),
  level: OfficeLevelSchema,
});
export type CreateOfficeInput = z.infer<typeof CreateOfficeSchema>;
