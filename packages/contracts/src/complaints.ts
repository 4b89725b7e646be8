import { z } from 'zod';
import { DeadlineSchema, IsoDateSchema } from './deadlines.js';
import { OfficeIdSchema, UserIdSchema } from './ids.js';
import { multiLineText, singleLineText } from './text.js';

/*
 * Complaints (检举控告) and leads (问题线索): what intake registers and what the API answers. The input of
 * `POST /api/complaints` is the row of the batch contract (DESIGN §5) plus optional intake fields with stated
 * defaults, so a row from a file or another system registers as it is.
 */

/** The id of a complaint. */
export const ComplaintIdSchema = z.uuid().brand<'ComplaintId'>();
export type ComplaintId = z.infer<typeof ComplaintIdSchema>;

/** The id of a lead (问题线索). */
export const LeadIdSchema = z.uuid().brand<'LeadId'>();
export type LeadId = z.infer<typeof LeadIdSchema>;

/** The id of a subject (被反映人) in an office's register. */
export const SubjectIdSchema = z.uuid().brand<'SubjectId'>();
export type SubjectId = z.infer<typeof SubjectIdSchema>;

export const ComplaintIdParamsSchema = z.object({ id: ComplaintIdSchema });
export const LeadIdParamsSchema = z.object({ id: LeadIdSchema });

/** Limits of complaint fields, in characters. */
export const COMPLAINT_LIMITS = {
  textMaxLength: 50_000,
  nameMaxLength: 64,
  unitMaxLength: 200,
  addressMaxLength: 200,
  organMaxLength: 100,
  summaryMaxLength: 500,
  referenceMaxLength: 100,
  reasonMaxLength: 500,
  maxSubjects: 20,
  maxCosigners: 200,
  maxAllegations: 30,
  /** How long an approved reveal of a reporter's identity lasts, by default and at most (hours). */
  revealDefaultHours: 72,
  revealMaxHours: 30 * 24,
  pageSizeMax: 100,
} as const;

/** How a complaint reached the office: 来信, 来访, 电话, 网络, 交办/转送/移送/转来. */
export const CHANNELS = ['letter', 'visit', 'phone', 'online', 'referred'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, { zh: string; en: string }> = {
  letter: { zh: '来信', en: 'Letter' },
  visit: { zh: '来访', en: 'Visit' },
  phone: { zh: '电话', en: 'Phone' },
  online: { zh: '网络', en: 'Online' },
  referred: { zh: '转来', en: 'Referred' },
};

/**
 * The jurisdiction decision made before content is stored (rules art. 15–16): this office handles it; it belongs
 * above and goes up through this office's principal leader; it is about this office's own principal leader and
 * goes straight to the higher office's intake; or it belongs to a lower office and is sent down.
 */
export const JURISDICTIONS = ['handle', 'up', 'up_principal', 'down'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];

export const JURISDICTION_LABELS: Record<Jurisdiction, { zh: string; en: string }> = {
  handle: { zh: '本机关办理', en: 'Handled here' },
  up: { zh: '报上级（经本机关主要负责人）', en: 'Up, through the principal leader' },
  up_principal: { zh: '反映本机关主要负责人，直送上级', en: 'About our principal: straight up' },
  down: { zh: '转下级办理', en: 'Sent down' },
};

/** Categories of an allegation (反映问题): the six disciplines, 职务违法, 职务犯罪, other. */
export const ALLEGATION_CATEGORIES = [
  'political',
  'organizational',
  'integrity',
  'mass',
  'work',
  'life',
  'duty_violation',
  'duty_crime',
  'other',
] as const;
export type AllegationCategory = (typeof ALLEGATION_CATEGORIES)[number];

export const ALLEGATION_CATEGORY_LABELS: Record<AllegationCategory, { zh: string; en: string }> = {
  political: { zh: '政治纪律', en: 'Political discipline' },
  organizational: { zh: '组织纪律', en: 'Organisational discipline' },
  integrity: { zh: '廉洁纪律', en: 'Integrity discipline' },
  mass: { zh: '群众纪律', en: 'Mass discipline' },
  work: { zh: '工作纪律', en: 'Work discipline' },
  life: { zh: '生活纪律', en: 'Life discipline' },
  duty_violation: { zh: '职务违法', en: 'Duty-related violation' },
  duty_crime: { zh: '职务犯罪', en: 'Duty-related crime' },
  other: { zh: '其他', en: 'Other' },
};

/** Real-name status of a complaint's reporter. */
export const REPORTER_STATUSES = ['anonymous', 'claimed', 'confirmed', 'denied'] as const;
export type ReporterStatus = (typeof REPORTER_STATUSES)[number];

/** How a real-name claim was checked. */
export const CONFIRMATION_METHODS = ['phone', 'in_person'] as const;

/**
 * Where a complaint stands at intake: registered here; arrived from another office and waiting for this office's
 * jurisdiction decision; waiting for the principal leader's approval to go up; passed up or sent down (a stub).
 */
export const COMPLAINT_STATUSES = ['registered', 'incoming', 'transfer_pending', 'passed_up', 'sent_down'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** The statuses as intake names them. */
export const COMPLAINT_STATUS_LABELS: Record<ComplaintStatus, { zh: string; en: string }> = {
  registered: { zh: '已登记', en: 'Registered' },
  incoming: { zh: '待决定(转来)', en: 'Arrived, awaiting decision' },
  transfer_pending: { zh: '待批准报送', en: 'Awaiting approval to pass up' },
  passed_up: { zh: '已报上级', en: 'Passed up' },
  sent_down: { zh: '已转下级', en: 'Sent down' },
};

/** How an acceptance notice was sent. */
export const NOTICE_METHODS = ['mail', 'in_person', 'phone', 'sms', 'online'] as const;

const name = singleLineText({ max: COMPLAINT_LIMITS.nameMaxLength });
const optionalLine = (max: number) => singleLineText({ max }).optional();

/**
 * A date-time as ISO 8601; without a zone it is China time (+08:00), as in the batch contract. A date alone is
 * midnight China time. Answers the instant as an ISO string in UTC.
 */
export const ChinaDateTimeSchema = singleLineText({ max: 40 }).transform((text, ctx) => {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (match === null) {
    ctx.addIssue({ code: 'custom', message: '时间格式应为 ISO 8601，如 2026-03-05T10:00 / must be ISO 8601' });
    return z.NEVER;
  }
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '0', zone] = match;
  const offset = zone === undefined ? '+08:00' : zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}.${frac.padEnd(3, '0').slice(0, 3)}${offset}`;
  const instant = new Date(iso);
  const local = new Date(instant.getTime() + (zone === undefined ? 8 * 3_600_000 : 0));
  if (
    Number.isNaN(instant.getTime()) ||
    (zone === undefined && local.toISOString().slice(0, 10) !== `${y}-${mo}-${d}`) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    ctx.addIssue({ code: 'custom', message: '不是有效的日期时间 / not a valid date-time' });
    return z.NEVER;
  }
  return instant.toISOString();
});

/** The reporter's identity values as given (every field sealed at rest; rules art. 47). */
export const ReporterInputSchema = z.object({
  name: name.optional(),
  unit: optionalLine(COMPLAINT_LIMITS.unitMaxLength),
  idNumber: optionalLine(32),
  phone: optionalLine(32),
  address: optionalLine(COMPLAINT_LIMITS.addressMaxLength),
  ip: optionalLine(64),
  deviceId: optionalLine(128),
});
export type ReporterInput = z.infer<typeof ReporterInputSchema>;

export const CosignerInputSchema = z.object({ name, denied: z.boolean().optional() });

export const SubjectInputSchema = z.object({
  name,
  unit: optionalLine(COMPLAINT_LIMITS.unitMaxLength),
  position: optionalLine(100),
  candidate: z.boolean().optional(),
  rankLevel: optionalLine(50),
  partyMember: z.boolean().optional(),
  /** The register entry this complaint is about, when intake picked one (otherwise matched on name + unit). */
  subjectId: SubjectIdSchema.optional(),
  /** The subject's own user account, if they have one: that user never sees the lead, its stub or reporter. */
  userId: UserIdSchema.optional(),
});
export type SubjectInput = z.infer<typeof SubjectInputSchema>;

export const AllegationInputSchema = z.object({
  category: z.enum(ALLEGATION_CATEGORIES),
  summary: optionalLine(COMPLAINT_LIMITS.summaryMaxLength),
});

/**
 * `POST /api/complaints`: the batch row (`receivedAt`, `channel`, `anonymous`, `reporter`, `cosigners`,
 * `subjects`, `text`; its `id` becomes the external reference) plus intake fields with defaults — `jurisdiction`
 * `handle`, `allegations` one of category `other`, `noSubstance` false.
 */
export const CreateComplaintSchema = z
  .object({
    id: optionalLine(COMPLAINT_LIMITS.referenceMaxLength),
    receivedAt: ChinaDateTimeSchema,
    channel: z.enum(CHANNELS),
    anonymous: z.boolean(),
    reporter: ReporterInputSchema.nullable().optional(),
    cosigners: z.array(CosignerInputSchema).max(COMPLAINT_LIMITS.maxCosigners).optional(),
    subjects: z.array(SubjectInputSchema).min(1, '至少填写一名被反映人 / name at least one subject').max(20),
    text: multiLineText({ max: COMPLAINT_LIMITS.textMaxLength }),
    jurisdiction: z.enum(JURISDICTIONS).default('handle'),
    /** For `down`: the lower office that receives it. */
    destinationOfficeId: OfficeIdSchema.optional(),
    allegations: z
      .array(AllegationInputSchema)
      .min(1)
      .max(COMPLAINT_LIMITS.maxAllegations)
      .default([{ category: 'other' }]),
    referringOrgan: optionalLine(COMPLAINT_LIMITS.organMaxLength),
    noSubstance: z.boolean().default(false),
    externalReference: optionalLine(COMPLAINT_LIMITS.referenceMaxLength),
  })
  .superRefine((input, ctx) => {
    const reporter = input.reporter ?? null;
    if (input.anonymous) {
      const named = reporter === null ? [] : (['name', 'unit', 'idNumber', 'phone', 'address'] as const);
      for (const field of named) {
        if (reporter?.[field] !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['reporter', field],
            message: '匿名举报不应填写举报人身份信息 / an anonymous complaint carries no identity',
          });
        }
      }
    } else if (reporter?.name === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['reporter', 'name'],
        message: '实名举报须填写举报人姓名 / a real-name complaint needs the reporter’s name',
      });
    }
    if (input.channel !== 'online' && (reporter?.ip !== undefined || reporter?.deviceId !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['reporter', reporter?.ip !== undefined ? 'ip' : 'deviceId'],
        message: '仅网络渠道可记录IP或设备 / IP and device are recorded for the online channel only',
      });
    }
    if (input.channel === 'referred' && input.referringOrgan === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['referringOrgan'],
        message: '转来件须填写转来机关 / a referred complaint names the referring organ',
      });
    }
    if (input.jurisdiction === 'down' && input.destinationOfficeId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['destinationOfficeId'],
        message: '转下级须选择接收机关 / choose the lower office that receives it',
      });
    }
    if (input.jurisdiction !== 'down' && input.destinationOfficeId !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['destinationOfficeId'],
        message: '仅转下级时选择接收机关 / a destination is chosen only when sending down',
      });
    }
  });
export type CreateComplaintInput = z.input<typeof CreateComplaintSchema>;
export type CreateComplaintData = z.output<typeof CreateComplaintSchema>;

/** A transfer up or down: where it went, by when, and the complaint it became there. */
export const TransferSchema = z.object({
  jurisdiction: z.enum(JURISDICTIONS),
  destinationOfficeId: OfficeIdSchema,
  destinationOfficeName: z.string(),
  due: DeadlineSchema,
  transferredAt: z.string().nullable(),
  /** The approval of the principal leader, for `up`. */
  approvalId: z.string().nullable(),
});

/** The acceptance notice owed to a real-name reporter (15 working days). */
export const AcceptanceNoticeSchema = z.object({
  isOwed: z.boolean(),
  due: DeadlineSchema.nullable(),
  sentOn: z.string().nullable(),
  method: z.enum(NOTICE_METHODS).nullable(),
  sentBy: z.string().nullable(),
});

/** `POST /api/complaints` answers the id and number, and what intake must know next. */
export const CreateComplaintResponseSchema = z.object({
  id: ComplaintIdSchema,
  number: z.string(),
  status: z.enum(COMPLAINT_STATUSES),
  leadIds: z.array(LeadIdSchema),
  isRepeat: z.boolean(),
  acceptanceNotice: AcceptanceNoticeSchema.nullable(),
  transfer: TransferSchema.nullable(),
  /** Uncertain subject matches left for a person to decide (never a refusal). */
  subjectMatchTasks: z.number().int(),
});
export type CreateComplaintResponse = z.infer<typeof CreateComplaintResponseSchema>;

export const AllegationSchema = z.object({
  position: z.number().int(),
  category: z.enum(ALLEGATION_CATEGORIES),
  summary: z.string().nullable(),
});

export const ComplaintSubjectSchema = z.object({
  position: z.number().int(),
  subjectId: SubjectIdSchema.nullable(),
  leadId: LeadIdSchema.nullable(),
  name: z.string(),
  unit: z.string().nullable(),
  positionTitle: z.string().nullable(),
  isCandidate: z.boolean(),
});

/** The content of a complaint: shown to those the matrix lets read content; masked for all but intake. */
export const ComplaintContentSchema = z.object({
  text: z.string(),
  isMasked: z.boolean(),
  allegations: z.array(AllegationSchema),
  subjects: z.array(ComplaintSubjectSchema),
  cosigners: z.array(z.object({ position: z.number().int(), isDenied: z.boolean() })),
});

export const ComplaintDetailSchema = z.object({
  id: ComplaintIdSchema,
  officeId: OfficeIdSchema,
  officeName: z.string(),
  number: z.string(),
  channel: z.enum(CHANNELS),
  referringOrgan: z.string().nullable(),
  receivedAt: z.string(),
  registeredAt: z.string(),
  status: z.enum(COMPLAINT_STATUSES),
  jurisdiction: z.enum(JURISDICTIONS),
  isStub: z.boolean(),
  isRepeat: z.boolean(),
  hasNoSubstance: z.boolean(),
  externalReference: z.string().nullable(),
  isAnonymous: z.boolean(),
  reporterStatus: z.enum(REPORTER_STATUSES),
  cosignerCount: z.number().int(),
  leadIds: z.array(LeadIdSchema),
  transfer: TransferSchema.nullable(),
  /** For an arrival: the office it came from. */
  arrivedFrom: z.object({ officeId: OfficeIdSchema, officeName: z.string() }).nullable(),
  /** For an arrival waiting for this office's decision: register or pass on within 5 working days. */
  decisionDue: DeadlineSchema.nullable(),
  acceptanceNotice: AcceptanceNoticeSchema.nullable(),
  /** Null when the caller may see the metadata only. */
  content: ComplaintContentSchema.nullable(),
  access: z.object({
    canReadContent: z.boolean(),
    canReadIdentity: z.boolean(),
    /** Until when an approved reveal lets the caller read the identity. */
    revealUntil: z.string().nullable(),
  }),
});
export type ComplaintDetail = z.infer<typeof ComplaintDetailSchema>;

/** `GET /api/complaints/:id/identity`: the reporter and co-signers, for intake and approved reveals only. */
export const ComplaintIdentitySchema = z.object({
  complaintId: ComplaintIdSchema,
  isAnonymous: z.boolean(),
  reporterStatus: z.enum(REPORTER_STATUSES),
  reporter: ReporterInputSchema.nullable(),
  confirmation: z.object({ method: z.enum(CONFIRMATION_METHODS), by: z.string(), at: z.string() }).nullable(),
  cosigners: z.array(z.object({ position: z.number().int(), name: z.string(), isDenied: z.boolean() })),
  via: z.enum(['role', 'reveal']),
  revealUntil: z.string().nullable(),
});

/** `GET /api/complaints` filters; newest registered first, paged. */
export const ComplaintListQuerySchema = z.object({
  officeId: OfficeIdSchema.optional(),
  channel: z.enum(CHANNELS).optional(),
  status: z.enum(COMPLAINT_STATUSES).optional(),
  reporterKind: z.enum(['anonymous', 'real_name']).optional(),
  receivedFrom: IsoDateSchema.optional(),
  receivedTo: IsoDateSchema.optional(),
  subjectId: SubjectIdSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(COMPLAINT_LIMITS.pageSizeMax).default(50),
  /**
   * The `nextCursor` of the page before: the next page starts after it, at the cost of the first page however deep
   * (keyset paging); `page` is then ignored. Without it, `page` counts from the newest.
   */
  after: singleLineText({ max: 120 }).optional(),
});
export type ComplaintListQuery = z.output<typeof ComplaintListQuerySchema>;

/** One row of the list: metadata, plus the subjects' names where the caller may read content. Never identity. */
export const ComplaintListItemSchema = z.object({
  id: ComplaintIdSchema,
  number: z.string(),
  officeId: OfficeIdSchema,
  officeName: z.string(),
  channel: z.enum(CHANNELS),
  receivedAt: z.string(),
  registeredAt: z.string(),
  status: z.enum(COMPLAINT_STATUSES),
  isAnonymous: z.boolean(),
  isRepeat: z.boolean(),
  subjectNames: z.array(z.string()).nullable(),
  acceptanceNoticeDue: z.string().nullable(),
  acceptanceNoticeSent: z.boolean().nullable(),
});

export const ComplaintListSchema = z.object({
  items: z.array(ComplaintListItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Pass as `after` for the page after this one; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type ComplaintList = z.infer<typeof ComplaintListSchema>;

/** `POST /api/complaints/:id/reveal-requests`. */
export const RevealRequestSchema = z.object({
  reason: multiLineText({ max: COMPLAINT_LIMITS.reasonMaxLength }),
  hours: z.number().int().min(1).max(COMPLAINT_LIMITS.revealMaxHours).default(COMPLAINT_LIMITS.revealDefaultHours),
});

/** `POST /api/complaints/:id/reporter-status`: the real-name claim confirmed or denied. */
export const ReporterStatusInputSchema = z.object({
  status: z.enum(['confirmed', 'denied']),
  method: z.enum(CONFIRMATION_METHODS),
});

/** `POST /api/complaints/:id/cosigners/:position/denial`. */
export const CosignerDenialInputSchema = z.object({ method: z.enum(CONFIRMATION_METHODS) });
export const CosignerParamsSchema = z.object({ id: ComplaintIdSchema, position: z.coerce.number().int().min(1) });

/** `POST /api/complaints/:id/acceptance-notice`: the notice was sent. */
export const AcceptanceNoticeInputSchema = z.object({ sentOn: IsoDateSchema, method: z.enum(NOTICE_METHODS) });

/** `POST /api/complaints/:id/jurisdiction`: the receiving office's decision on an arrival. */
export const JurisdictionDecisionSchema = z
  .object({ jurisdiction: z.enum(JURISDICTIONS), destinationOfficeId: OfficeIdSchema.optional() })
  .refine((input) => (input.jurisdiction === 'down') === (input.destinationOfficeId !== undefined), {
    path: ['destinationOfficeId'],
    message: '仅转下级时选择接收机关，且必须选择 / a destination goes with (and only with) sending down',
  });

/** `POST /api/leads/:id/team`: route the lead to a handling team member. */
export const RouteLeadSchema = z.object({
  userId: UserIdSchema,
  reason: multiLineText({ max: COMPLAINT_LIMITS.reasonMaxLength }).optional(),
});

/** `POST /api/leads/:id/recusals`. */
export const AddRecusalSchema = z.object({
  userId: UserIdSchema,
  reason: multiLineText({ max: COMPLAINT_LIMITS.reasonMaxLength }),
});

export const LeadDetailSchema = z.object({
  id: LeadIdSchema,
  officeId: OfficeIdSchema,
  officeName: z.string(),
  status: z.enum(['open']),
  createdAt: z.string(),
  complaints: z.array(z.object({ id: ComplaintIdSchema, number: z.string(), receivedAt: z.string() })),
  subject: z
    .object({ id: SubjectIdSchema, name: z.string(), unit: z.string().nullable(), position: z.string().nullable() })
    .nullable(),
  allegations: z.array(AllegationSchema.extend({ complaintId: ComplaintIdSchema })).nullable(),
  team: z.array(z.object({ userId: UserIdSchema, displayName: z.string(), role: z.string(), addedAt: z.string() })),
  recusals: z.array(z.object({ userId: UserIdSchema, displayName: z.string(), reason: z.string() })).nullable(),
  pendingRouting: z.array(z.object({ approvalId: z.string(), userId: UserIdSchema, displayName: z.string() })),
});
export type LeadDetail = z.infer<typeof LeadDetailSchema>;

/** The id of a subject match task: an uncertain match of a complaint's subject left for a person. */
export const MatchTaskIdParamsSchema = z.object({ id: z.uuid() });

const RegisterEntrySchema = z.object({
  id: SubjectIdSchema,
  name: z.string(),
  unit: z.string().nullable(),
  position: z.string().nullable(),
  officeName: z.string(),
});

/** `GET /api/subject-match-tasks`: the open tasks of the intake officer's office. */
export const SubjectMatchTaskSchema = z.object({
  id: z.string(),
  complaintId: ComplaintIdSchema,
  complaintNumber: z.string(),
  subject: RegisterEntrySchema,
  candidates: z.array(RegisterEntrySchema),
  createdAt: z.string(),
});
export type SubjectMatchTask = z.infer<typeof SubjectMatchTaskSchema>;

/** `POST /api/subject-match-tasks/:id/resolve`: the same person as a candidate, or a different person. */
export const ResolveSubjectMatchSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('same'), candidateId: SubjectIdSchema }),
  z.object({ decision: z.literal('distinct') }),
]);
