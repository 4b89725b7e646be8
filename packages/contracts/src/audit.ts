import { z } from 'zod';
import { AuditActionSchema } from './audit-actions.js';

/** A chain id: `system` or an office id. */
export const AuditChainIdSchema = z.union([z.literal('system'), z.uuid()]);

const HashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash in lower-case hex');

/**
 * An entry's action as stored: a code of `AUDIT_ACTIONS`, or the text of a row that no code of this version
 * writes (a forged or foreign row, a test's fixture). Such a row is served as it is, with its code and no label,
 * never refused: refusing it would hide from the auditor the very entry that needs a look, and fail the page.
 */
export const StoredAuditActionSchema = z.union([AuditActionSchema, z.string()]);

/** One audit entry as the auditor sees it. `chainId` is an office id or `system`. */
export const AuditEntrySchema = z.object({
  chainId: z.string(),
  seq: z.number().int(),
  at: z.string(),
  actorId: z.uuid().nullable(),
  /** The actor's username at read time, when the actor is a user. */
  actorName: z.string().nullable(),
  officeId: z.uuid().nullable(),
  action: StoredAuditActionSchema,
  targetIds: z.array(z.string()),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/**
 * One audit entry as `GET /api/audit/entries` returns it: the entry plus `prevHash`, so that an auditor can
 * follow the chain by hand.
 */
export const AuditLogEntrySchema = AuditEntrySchema.extend({ prevHash: z.string() });
export type AuditLogEntry = z.infer<typeof AuditLogEntrySchema>;

/**
 * Why a chain is broken at its first broken entry.
 * - `hash-mismatch`: the entry's stored hash differs from the hash of its content — it was edited.
 * - `link-mismatch`: the entry does not point at the previous entry's hash — an entry before it was deleted,
 *   inserted or moved (reordered).
 * - `seq-gap`: a sequence number is missing — entries were deleted.
 * - `seq-duplicate`: two entries claim one sequence number — an entry was inserted.
 * - `head-mismatch`: the chain head (`audit_heads`) disagrees with the last entry — the tail was cut without
 *   resetting the head, or entries were appended behind its back.
 * - `switch-over-mismatch`: the chain's switch-over record (the first seq hashed with the key) fails its HMAC,
 *   does not link to the entry before it, or no keyed entry follows it — it was moved, forged or the tail cut.
 */
export const AUDIT_BREAK_REASONS = [
  'hash-mismatch',
  'link-mismatch',
  'seq-gap',
  'seq-duplicate',
  'head-mismatch',
  'switch-over-mismatch',
] as const;
export const AuditBreakReasonSchema = z.enum(AUDIT_BREAK_REASONS);
export type AuditBreakReason = z.infer<typeof AuditBreakReasonSchema>;

export const AuditChainBreakSchema = z.object({
  /** The first sequence number at which the chain is broken. */
  seq: z.number().int(),
  reason: AuditBreakReasonSchema,
  /** For `seq-gap`: the sequence number found where `seq` was expected. */
  foundSeq: z.number().int().optional(),
});
export type AuditChainBreak = z.infer<typeof AuditChainBreakSchema>;

export const AuditChainReportSchema = z.object({
  chainId: z.string(),
  /** The office's name for an office chain still in the office table; null for `system` or an unknown id. */
  officeName: z.string().nullable(),
  /** How many entries were read. */
  entries: z.number().int(),
  /** The sequence number of the last entry read (0 for none). */
  lastSeq: z.number().int(),
  /** What `audit_heads` holds for the chain; null when it has no row. */
  headSeq: z.number().int().nullable(),
  headHash: z.string().nullable(),
  ok: z.boolean(),
  firstBroken: AuditChainBreakSchema.optional(),
  /**
   * The first sequence number hashed with the key (HMAC-SHA-256); the entries before it are plain SHA-256. Null
   * when the chain has no switch-over (written before the keyed chain, not appended to since): all plain.
   */
  keyedFromSeq: z.number().int().nullable(),
  /** False when the chain has keyed entries but the key given is not the database's: they were not checked. */
  keyedChecked: z.boolean(),
});
export type AuditChainReport = z.infer<typeof AuditChainReportSchema>;

/**
 * A chain whose current entries no longer hold an exported head:
 * - `truncated`: the chain now ends before the exported head's sequence number (tail cut, head reset);
 * - `rewritten`: the entry at that sequence number has another hash, or is missing inside the chain;
 * - `missing-chain`: the chain is gone altogether.
 */
export const AUDIT_TRUNCATION_REASONS = ['truncated', 'rewritten', 'missing-chain'] as const;
export const AuditTruncationSchema = z.object({
  chainId: z.string(),
  expectedSeq: z.number().int(),
  /** The last sequence number the chain has now (0 when it is gone). */
  actualSeq: z.number().int(),
  reason: z.enum(AUDIT_TRUNCATION_REASONS),
});
export type AuditTruncation = z.infer<typeof AuditTruncationSchema>;

/** The result of verifying the audit chains: `GET /api/audit/verify` and `zhengming audit verify`. */
export const AuditVerifyResultSchema = z.object({
  chains: z.array(AuditChainReportSchema),
  truncated: z.array(AuditTruncationSchema),
  /** When the exported heads compared against were exported; null when none were given. */
  headsExportedAt: z.string().nullable(),
  /** False when the key given is not the one the database was created with: keyed entries were not checked. */
  keyMatches: z.boolean(),
  ok: z.boolean(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResultSchema>;

/**
 * Exported chain heads, kept outside the system (a file) so that a later verification can detect a truncated
 * tail or rewritten history, which the chain alone cannot show.
 */
export const AuditHeadsExportSchema = z.object({
  exportedAt: z.string(),
  chains: z.record(z.string(), z.object({ seq: z.number().int().min(1), hash: HashSchema })),
});
export type AuditHeadsExport = z.infer<typeof AuditHeadsExportSchema>;
