import { z } from 'zod';

/** The body of every error response. */
export const ErrorResponseSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

export const IdParamsSchema = z.object({ id: z.uuid() });

export const OkResponseSchema = z.object({ ok: z.literal(true) });
