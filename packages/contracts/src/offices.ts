import { z } from 'zod';
import { OfficeIdSchema } from './ids.js';
import { LIMITS } from './limits.js';
import { OfficeLevelSchema } from './roles.js';
import { singleLineText } from './text.js';

export const OfficeSchema = z.object({
  id: OfficeIdSchema,
  parentId: OfficeIdSchema.nullable(),
  name: z.string(),
  level: OfficeLevelSchema,
  createdAt: z.string(),
});
export type Office = z.infer<typeof OfficeSchema>;

/** An office's name: one line, trimmed, NFC, at most `LIMITS.officeNameMaxLength` characters. */
export const OfficeNameSchema = singleLineText({ max: LIMITS.officeNameMaxLength });

export const CreateOfficeSchema = z.object({
  parentId: OfficeIdSchema,
  name: OfficeNameSchema,
  level: OfficeLevelSchema,
});
export type CreateOfficeInput = z.infer<typeof CreateOfficeSchema>;
