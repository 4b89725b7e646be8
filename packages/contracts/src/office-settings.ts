import { z } from 'zod';
import { OfficeIdSchema } from './ids.js';
import { LIMITS } from './limits.js';
import { singleLineText } from './text.js';

/*
 * Per-office settings: a data class for admins beside users and offices, never case content (docs/ACCESS.md).
 * The number prefix and word of the office's complaint numbers (东湖镇纪委〔2026〕信字第12号), its key periods
 * (election windows, used by screening's KEY_PERIOD signal), and whether the online channel records the reporter's
 * IP address and device — minus the known shared endpoints (office terminals, relays) excluded from that record
 * (DESIGN §2).
 */

// Complaint numbers ---------------------------------------------------------------------------------------------

/** The word before 字 when an office has not chosen one: 信 (信访举报). */
export const DEFAULT_NUMBER_WORD = '信';

/** How an office's complaint numbers read: `{prefix}〔{year}〕{word}字第{serial}号`. */
export interface ComplaintNumberFormat {
  /** The issuing office, e.g. 东湖镇纪委. */
  prefix: string;
  /** The word before 字, e.g. 信. */
  word: string;
}

/**
 * A complaint number as offices write it: `东湖镇纪委〔2026〕信字第12号` — the year in full-width hexagonal
 * brackets 〔〕 (GB/T 9704 document numbers), the serial in Arabic digits without leading zeros. Numbers are
 * unique per office and year. Throws a RangeError for a year outside 1000–9999 or a serial that is not a positive
 * integer: the caller's counter is broken then, not the input.
 */
export function formatComplaintNumber(format: ComplaintNumberFormat, year: number, serial: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`a complaint number's year has four digits, not ${year}`);
  }
  if (!Number.isSafeInteger(serial) || serial < 1) {
    throw new RangeError(`a complaint number's serial is a positive integer, not ${serial}`);
  }
  return `${format.prefix}〔${year}〕${format.word}字第${serial}号`;
}

/** The brackets of the year may not appear in the prefix or word, so a number reads back one way. */
const hasNoYearBrackets = (text: string): boolean => !/[〔〕]/u.test(text);
const YEAR_BRACKETS_MESSAGE = '不得包含“〔”或“〕” / must not contain 〔 or 〕';

/** The issuing-office prefix of complaint numbers. */
export const NumberPrefixSchema = singleLineText({ max: LIMITS.numberPrefixMaxLength }).refine(hasNoYearBrackets, {
  message: YEAR_BRACKETS_MESSAGE,
});

/** The word before 字 in complaint numbers (信, 访, 网 …). */
export const NumberWordSchema = singleLineText({ max: LIMITS.numberWordMaxLength }).refine(hasNoYearBrackets, {
  message: YEAR_BRACKETS_MESSAGE,
});

// Key periods ---------------------------------------------------------------------------------------------------

/** What a key period is: 村/社区两委换届, 乡镇换届, or another sensitive period. */
export const KEY_PERIOD_KINDS = ['village_election', 'township_election', 'other'] as const;
export const KeyPeriodKindSchema = z.enum(KEY_PERIOD_KINDS);
export type KeyPeriodKind = z.infer<typeof KeyPeriodKindSchema>;

export const KEY_PERIOD_KIND_LABELS: Record<KeyPeriodKind, { zh: string; en: string }> = {
  village_election: { zh: '村（社区）“两委”换届', en: 'Village/community committee election' },
  township_election: { zh: '乡镇换届', en: 'Township election' },
  other: { zh: '其他关键节点', en: 'Other key period' },
};

/** Whether `YYYY-MM-DD` names a day of the calendar (no 2026-02-30). */
function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) {
    return false;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A calendar day as `YYYY-MM-DD` (a day in Asia/Shanghai; no time, no zone). */
export const DateOnlySchema = singleLineText({ max: 10, nfc: false }).refine(isCalendarDate, {
  message: '须为有效日期，格式 YYYY-MM-DD / must be a valid date, YYYY-MM-DD',
});

/**
 * One key period as DESIGN §5's key-periods file has it — `{ name, from, to, units? }` — plus an optional `kind`.
 * `from` and `to` are both included; `units` (villages, communities) narrows it to those units, none means the whole
 * office.
 */
export const KeyPeriodSchema = z.object({
  name: z.string(),
  kind: KeyPeriodKindSchema.optional(),
  from: z.string(),
  to: z.string(),
  units: z.array(z.string()).optional(),
});
export type KeyPeriod = z.infer<typeof KeyPeriodSchema>;

/** A key period as an admin enters it; `from` may not be after `to`. */
export const KeyPeriodInputSchema = z
  .object({
    name: singleLineText({ max: LIMITS.keyPeriodNameMaxLength }),
    kind: KeyPeriodKindSchema.optional(),
    from: DateOnlySchema,
    to: DateOnlySchema,
    units: z
      .array(singleLineText({ max: LIMITS.keyPeriodUnitMaxLength }))
      .max(LIMITS.keyPeriodUnitsMax, {
        message: `最多 ${LIMITS.keyPeriodUnitsMax} 个单位 / at most ${LIMITS.keyPeriodUnitsMax} units`,
      })
      .optional(),
  })
  // A date already refused is not compared (zod still runs this check after a field's refinement failed).
  .refine((period) => !isCalendarDate(period.from) || !isCalendarDate(period.to) || period.from <= period.to, {
    message: '结束日期不得早于开始日期，请检查起止日期 / the end date is before the start date: check the dates',
    path: ['to'],
  });
export type KeyPeriodInput = z.infer<typeof KeyPeriodInputSchema>;

// Shared endpoints ----------------------------------------------------------------------------------------------

export const SHARED_ENDPOINT_KINDS = ['ip', 'device'] as const;
export const SharedEndpointKindSchema = z.enum(SHARED_ENDPOINT_KINDS);
export type SharedEndpointKind = z.infer<typeof SharedEndpointKindSchema>;

/**
 * A device id as compared: lower case, without white space and the separators `:` `-` `_` `.` (so
 * `AA:BB-cc` and `aabbcc` are one device).
 */
export function normaliseDeviceId(value: string): string {
  return value.toLowerCase().replace(/[\s:._-]/gu, '');
}

const IP_FORMATS = [z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()] as const;

/** Whether `value` is an IPv4 or IPv6 address, or a CIDR range of either (`10.0.0.0/8`, `2001:db8::/32`). */
export function isIpOrCidr(value: string): boolean {
  return IP_FORMATS.some((format) => format.safeParse(value).success);
}

/** A known shared endpoint: an address or range (`ip`), or a device id (`device`), with a note saying what it is. */
export const SharedEndpointSchema = z.object({
  kind: SharedEndpointKindSchema,
  value: z.string(),
  note: z.string(),
});
export type SharedEndpoint = z.infer<typeof SharedEndpointSchema>;

export const SharedEndpointInputSchema = z
  .object({
    kind: SharedEndpointKindSchema,
    value: singleLineText({ max: LIMITS.sharedEndpointValueMaxLength, nfc: false }),
    note: singleLineText({ max: LIMITS.sharedEndpointNoteMaxLength, min: 0 }).default(''),
  })
  .superRefine((endpoint, ctx) => {
    if (endpoint.kind === 'ip' && !isIpOrCidr(endpoint.value)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message:
          '须为 IPv4 或 IPv6 地址，或 CIDR 网段（如 10.0.0.0/8） / must be an IPv4 or IPv6 address or a CIDR range (e.g. 10.0.0.0/8)',
      });
    }
    if (endpoint.kind === 'device' && normaliseDeviceId(endpoint.value) === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: '设备标识不能只有分隔符 / a device id must not be only separators',
      });
    }
  });
export type SharedEndpointInput = z.infer<typeof SharedEndpointInputSchema>;

/** The form in which two shared endpoints are the same one. */
function endpointKey(endpoint: { kind: SharedEndpointKind; value: string }): string {
  return `${endpoint.kind}:${endpoint.kind === 'device' ? normaliseDeviceId(endpoint.value) : endpoint.value.toLowerCase()}`;
}

// The settings --------------------------------------------------------------------------------------------------

/** `GET` and `PUT /api/offices/:id/settings`: an office's settings, its defaults when never saved. */
export const OfficeSettingsSchema = z.object({
  officeId: OfficeIdSchema,
  /** The issuing office in complaint numbers; the office's name until an admin sets it. */
  numberPrefix: z.string(),
  /** The word before 字; `信` until an admin sets it. */
  numberWord: z.string(),
  keyPeriods: z.array(KeyPeriodSchema),
  /** Whether the online channel records the reporter's IP address and device (DESIGN §2); off by default. */
  recordsOnlineIdentifiers: z.boolean(),
  /** Routing a lead to a handling team (分办) needs a leader's approval; off by default. */
  routingRequiresApproval: z.boolean(),
  /** Endpoints never recorded as a reporter's, even when the office records them. */
  sharedEndpoints: z.array(SharedEndpointSchema),
  /** When the settings were last saved, and by whom (display name); null while they are the defaults. */
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type OfficeSettings = z.infer<typeof OfficeSettingsSchema>;

/** `PUT /api/offices/:id/settings` replaces the whole settings; a field left out takes its default. */
export const UpdateOfficeSettingsSchema = z.object({
  numberPrefix: NumberPrefixSchema,
  numberWord: NumberWordSchema.default(DEFAULT_NUMBER_WORD),
  keyPeriods: z
    .array(KeyPeriodInputSchema)
    .max(LIMITS.keyPeriodsMax, {
      message: `最多 ${LIMITS.keyPeriodsMax} 个关键节点 / at most ${LIMITS.keyPeriodsMax} key periods`,
    })
    .default([]),
  recordsOnlineIdentifiers: z.boolean().default(false),
  routingRequiresApproval: z.boolean().default(false),
  sharedEndpoints: z
    .array(SharedEndpointInputSchema)
    .max(LIMITS.sharedEndpointsMax, {
      message: `最多 ${LIMITS.sharedEndpointsMax} 个共用终端 / at most ${LIMITS.sharedEndpointsMax} shared endpoints`,
    })
    .superRefine((endpoints, ctx) => {
      const seen = new Set<string>();
      endpoints.forEach((endpoint, index) => {
        const key = endpointKey(endpoint);
        if (seen.has(key)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'value'],
            message: '与前面的共用终端重复 / repeats an earlier shared endpoint',
          });
        }
        seen.add(key);
      });
    })
    .default([]),
});
export type UpdateOfficeSettingsInput = z.infer<typeof UpdateOfficeSettingsSchema>;
/** The body a client sends: every field but `numberPrefix` may be left out. */
export type UpdateOfficeSettingsBody = z.input<typeof UpdateOfficeSettingsSchema>;

/** Route parameters naming an office. */
export const OfficeIdParamsSchema = z.object({ id: OfficeIdSchema });
