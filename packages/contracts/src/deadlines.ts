import { z } from 'zod';

// PLACEHOLDER until the deadlines branch merges (replaced by its file).
export const DEADLINE_UNITS = ['working_days', 'days', 'months'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];
export const DeadlineSchema = z.object({
  unit: z.enum(DEADLINE_UNITS),
  count: z.number().int(),
  from: z.string(),
  due: z.string().nullable(),
  calendarMissingYear: z.number().int().nullable(),
});
export type Deadline = z.infer<typeof DeadlineSchema>;
