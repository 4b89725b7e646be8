import { z } from 'zod';
import { LIMITS } from './limits.js';
import { OfficeLevelSchema } from './roles.js';

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
