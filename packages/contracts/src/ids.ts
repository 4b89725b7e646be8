import { z } from 'zod';

/*
 * Branded ids: a user's id and an office's id are both uuids, and a function that takes both must not be given
 * them the wrong way round. Only constructors make a branded id: these schemas (when they parse input, or a row
 * the server reads back) and the server's `newXId()` for a fresh one.
 */

/** The id of a user account. */
export const UserIdSchema = z.uuid().brand<'UserId'>();
export type UserId = z.infer<typeof UserIdSchema>;

/** The id of an office (纪检监察机关) in the office tree. */
export const OfficeIdSchema = z.uuid().brand<'OfficeId'>();
export type OfficeId = z.infer<typeof OfficeIdSchema>;

/** The id of a role grant (a role held, asked for or revoked in one office). */
export const GrantIdSchema = z.uuid().brand<'GrantId'>();
export type GrantId = z.infer<typeof GrantIdSchema>;

/** The id of a request to reset an account that a leader must approve (an account reset request). */
export const ResetRequestIdSchema = z.uuid().brand<'ResetRequestId'>();
export type ResetRequestId = z.infer<typeof ResetRequestIdSchema>;

/** The id of an approval (a proposal of a consequential step and its decision). */
export const ApprovalIdSchema = z.uuid().brand<'ApprovalId'>();
export type ApprovalId = z.infer<typeof ApprovalIdSchema>;

/** Route parameters naming a user. */
export const UserIdParamsSchema = z.object({ id: UserIdSchema });

/** Route parameters naming a role grant. */
export const GrantIdParamsSchema = z.object({ id: GrantIdSchema });

/** Route parameters naming an account reset request. */
export const ResetRequestIdParamsSchema = z.object({ id: ResetRequestIdSchema });

/** Route parameters naming an approval. */
export const ApprovalIdParamsSchema = z.object({ id: ApprovalIdSchema });
