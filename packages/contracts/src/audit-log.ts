import { z } from 'zod';
import { AuditActionSchema } from './audit-actions.js';
import { AuditChainIdSchema, AuditLogEntrySchema } from './audit.js';
import { RoleSchema } from './roles.js';

/** How many audit entries one page of `GET /api/audit/entries` returns by default, and at most. */
export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 500;

/** At most this many rows in one `GET /api/audit/export`; a larger selection is refused (narrow the filters). */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;

/** The offices' time zone: the date filters and the export's times are in it (UTC+8, no daylight saving). */
export const AUDIT_TIME_ZONE = 'Asia/Shanghai';

/**
 * An auditor's reads of the log with one filter are recorded once per this many minutes (docs/OPERATIONS.md,
 * "Reading the audit log"), so that paging does not fill the log with its own reads.
 */
export const AUDIT_READ_WINDOW_MINUTES = 15;

/** A calendar date `YYYY-MM-DD` (a day in Asia/Shanghai). */
const DateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && isRealDate(value), 'not a calendar date');

function isRealDate(value: string): boolean {
  return new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

/** `true`/`false` (or `1`/`0`) in a query string. */
const QueryBooleanSchema = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1')
  .optional();

/** One or several action codes: repeated (`action=a&action=b`) or comma-separated (`action=a,b`). */
function splitActionList(value: unknown): unknown {
  const items: unknown[] = Array.isArray(value) ? value : [value];
  return items
    .flatMap((item): unknown[] => (typeof item === 'string' ? item.split(',') : [item]))
    .map((item): unknown => (typeof item === 'string' ? item.trim() : item))
    .filter((item) => item !== '');
}
const ActionListSchema = z.preprocess(splitActionList, z.array(AuditActionSchema).min(1).max(100));

/**
 * The filters of the audit log, shared by `GET /api/audit/entries` and `GET /api/audit/export`:
 * - `officeId`: one chain (an office of the auditor's active subtree, or `system` from a root office);
 * - `actorId`: entries of one person;
 * - `action`: one or several action codes;
 * - `from`, `to`: days in Asia/Shanghai, both included;
 * - `includeReads`: also list the `audit.read` entries (hidden by default; naming `audit.read` in `action`
 *   lists them too).
 */
export const AuditLogFilterShape = {
  officeId: AuditChainIdSchema.optional(),
  actorId: z.uuid().optional(),
  action: ActionListSchema.optional(),
  from: DateSchema.optional(),
  to: DateSchema.optional(),
  includeReads: QueryBooleanSchema,
};

export const AuditLogFilterSchema = z.object(AuditLogFilterShape);
export type AuditLogFilter = z.infer<typeof AuditLogFilterSchema>;

function fromNotAfterTo(filter: { from?: string | undefined; to?: string | undefined }): boolean {
  return filter.from === undefined || filter.to === undefined || filter.from <= filter.to;
}
const FROM_AFTER_TO = { message: '开始日期晚于结束日期 / from is after to', path: ['to'] };

/**
 * A position in the log, newest first: the entry after which the next page starts, as `at~chainId~seq`
 * (the page's `nextCursor`). Entries are ordered by time, then chain, then seq, all descending.
 */
export const AuditCursorSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z~(system|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})~\d{1,18}$/,
    'a cursor from nextCursor',
  );

/**
 * `GET /api/audit/entries`, newest first, filtered. Paging: `cursor` (the previous page's `nextCursor`) works
 * for every filter; `before` (a seq, with `officeId`) is the older contract for one chain and still works.
 */
export const AuditLogQuerySchema = z
  .object({
    ...AuditLogFilterShape,
    limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(AUDIT_PAGE_DEFAULT),
    before: z.coerce.number().int().min(2).optional(),
    cursor: AuditCursorSchema.optional(),
  })
  .refine((query) => query.before === undefined || query.officeId !== undefined, {
    message: '翻页（before）须同时指定 officeId / paging with before needs an officeId',
    path: ['before'],
  })
  .refine((query) => query.before === undefined || query.cursor === undefined, {
    message: 'before 与 cursor 只能用一个 / use either before or cursor',
    path: ['cursor'],
  })
  .refine(fromNotAfterTo, FROM_AFTER_TO);
export type AuditLogQuery = z.infer<typeof AuditLogQuerySchema>;

/** `GET /api/audit/export`: the filters of the list, and the language of the headers and labels. */
export const AuditExportQuerySchema = z
  .object({ ...AuditLogFilterShape, lang: z.enum(['zh', 'zh-CN', 'en']).optional() })
  .refine(fromNotAfterTo, FROM_AFTER_TO);
export type AuditExportQuery = z.infer<typeof AuditExportQuerySchema>;

/** What an id among an entry's targets names, when it names something the system knows. */
export const AUDIT_TARGET_KINDS = ['user', 'office', 'grant', 'unknown'] as const;
export const AuditTargetSchema = z.object({
  id: z.string(),
  kind: z.enum(AUDIT_TARGET_KINDS),
  /** A user's display name, an office's name, a grant's holder's display name; null when unknown. */
  name: z.string().nullable(),
  /** A user's username. */
  username: z.string().optional(),
  /** A grant's role. */
  role: RoleSchema.optional(),
});
export type AuditTarget = z.infer<typeof AuditTargetSchema>;

/** One entry of the list: the stored entry (unchanged fields) with names resolved at read time. */
export const ReadableAuditEntrySchema = AuditLogEntrySchema.extend({
  /** The actor's display name at read time, when the actor is a user. */
  actorDisplayName: z.string().nullable(),
  /** The name of the entry's office (its chain); null for the system chain or an office no longer known. */
  officeName: z.string().nullable(),
  /** `targetIds` in order, each with what it names. */
  targets: z.array(AuditTargetSchema),
  /** Names of the users and offices whose ids appear as values in `details` (e.g. `parentId`, `approvedBy`). */
  names: z.record(z.string(), z.string()),
});
export type ReadableAuditEntry = z.infer<typeof ReadableAuditEntrySchema>;

/** One page of `GET /api/audit/entries`. */
export const AuditLogPageSchema = z.object({
  /** The chain read, or null for entries across chains. */
  chainId: z.string().nullable(),
  entries: z.array(ReadableAuditEntrySchema),
  /** With `officeId`: pass as `before` (with the same officeId) for the next, older page; null on the last page. */
  nextBefore: z.number().int().nullable(),
  /** Pass as `cursor` (with the same filters) for the next, older page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type AuditLogPage = z.infer<typeof AuditLogPageSchema>;

/** `GET /api/audit/filters`: what the filter bar offers — the offices (chains) and people of the auditor's view. */
export const AuditFilterOptionsSchema = z.object({
  /** Whether the system chain is readable (an auditor of a root office). */
  hasSystemChain: z.boolean(),
  /** The offices of the active office's subtree, parents before children. */
  offices: z.array(z.object({ id: z.uuid(), name: z.string(), parentId: z.uuid().nullable() })),
  /** Users who hold or held a role, or have their home, in those offices. */
  people: z.array(z.object({ id: z.uuid(), username: z.string(), displayName: z.string() })),
});
export type AuditFilterOptions = z.infer<typeof AuditFilterOptionsSchema>;
