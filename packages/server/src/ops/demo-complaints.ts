import {
  AcceptanceNoticeInputSchema,
  ComplaintListQuerySchema,
  CreateComplaintSchema,
  RevealRequestSchema,
  RouteLeadSchema,
  UpdateOfficeSettingsSchema,
  type CreateComplaintInput,
  type CreateComplaintResponse,
  type LeadId,
  type OfficeId,
  type Role,
  type UserId,
} from '@zhengming/contracts';
import type { Actor } from '../access/actor.js';
import type { AuditWriter } from '../audit/audit.js';
import type { Clock, Db } from '../deps.js';
import { AppError } from '../errors.js';
import type { DataKey } from '../keys/keys.js';
import { approvalPort } from '../modules/approvals/approval-port.js';
import { chinaDateOf } from '../modules/calendar/working-calendar.js';
import { createComplaintServices, loadIntakeSettings } from '../modules/complaints/complaint-services.js';
import { OfficeSettingsService } from '../modules/office-settings/office-settings.service.js';

/*
 * The demo's sample complaints and leads (made-up people and places), registered through the complaint services as
 * the demo users would at the desk — so numbers, sealing, leads, repeats, stubs, approvals and audit entries are the
 * real ones. Received times lie in the weeks before the seed runs.
 */

/** What seeding the sample complaints needs: the app's dependencies and the demo offices and users. */
export interface DemoComplaintDeps {
  db: Db;
  key: DataKey;
  clock: Clock;
  audit: AuditWriter;
  offices: { city: OfficeId; district: OfficeId; donghu: OfficeId };
  /** The demo users by username (`admin`, `intake`, `district-intake`, `supervisor`). */
  userIdOf(username: string): UserId;
}

/** The village head of the seed case, the subject of near-identical letters in a few days before the election. */
const VILLAGE_HEAD = {
  name: '刘德旺',
  unit: '东湖镇红星村村民委员会',
  position: '村委会主任',
  partyMember: true,
  candidate: true,
} as const;

const SEED_CASE_TEXT =
  '我们是东湖镇红星村村民，实名反映村委会主任刘德旺的问题：一是2025年村道硬化工程，刘德旺把工程交给他小舅子施工，' +
  '虚报工程量十几万元；二是低保评定优亲厚友，他本家亲戚有五户吃低保；三是村集体鱼塘承包费连续三年没有公开。' +
  '马上要换届了，请求纪委尽快调查，不能让这样的人再当村干部。';

/** The letters of the seed case: near-identical texts, two reporters sharing one phone number. */
const SEED_CASE: { days: number; time: string; channel: 'letter' | 'online'; name?: string; phone?: string }[] = [
  { days: 20, time: '09:12', channel: 'letter', name: '陈桂兰', phone: '13807301122' },
  { days: 20, time: '10:40', channel: 'letter', name: '张守田', phone: '13807301122' },
  { days: 19, time: '15:05', channel: 'online', name: '黄秀英', phone: '15973014467' },
  { days: 19, time: '16:30', channel: 'letter', name: '马国强' },
  { days: 18, time: '08:50', channel: 'online' },
  { days: 18, time: '11:20', channel: 'online', name: '杨春来', phone: '18907306653' },
  { days: 17, time: '14:45', channel: 'letter', name: '周玉梅' },
];

/** Small changes a copier makes: each letter of the seed case reads a little differently. */
const SEED_CASE_EDITS: [string, string][] = [
  ['', ''],
  ['十几万元', '十多万元'],
  ['我们是', '我是'],
  ['五户', '好几户'],
  ['实名反映', '反映'],
  ['请求纪委尽快调查', '强烈要求纪委尽快调查'],
  ['连续三年', '三年多'],
];

/** A China-time date-time (`YYYY-MM-DDTHH:mm`) on the day `days` days before `now`: in the past for days ≥ 1. */
function daysBefore(now: Date, days: number, time: string): string {
  return `${chinaDateOf(new Date(now.getTime() - days * 86_400_000))}T${time}`;
}

/** A user acting in one office with one role, as a session would have it after choosing that office. */
function actorOf(userId: UserId, officeId: OfficeId, role: Role): Actor {
  return { kind: 'user', userId, activeOfficeId: officeId, activeRoles: [role] };
}

/**
 * Seeds the sample complaints on a freshly seeded demo: office settings (number prefixes, the village election as
 * a key period), the seed case, a confirmed real-name complaint with its notice and a repeat, a joint letter with a
 * denied co-signer, a visit, a phone call, a referred and a no-substance complaint, one passed straight up and
 * accepted at the district, one waiting for the principal's approval to go up, one sent down from the district, a
 * lead routed to the supervisor and the supervisor's reveal request waiting for the leader.
 */
export async function seedDemoComplaints(deps: DemoComplaintDeps): Promise<void> {
  const { offices } = deps;
  const now = deps.clock.now();
  const at = (days: number, time: string) => daysBefore(now, days, time);
  const services = createComplaintServices(deps, approvalPort(deps.audit), loadIntakeSettings);
  const admin = actorOf(deps.userIdOf('admin'), offices.city, 'admin');
  const intake = actorOf(deps.userIdOf('intake'), offices.donghu, 'intake');
  const districtIntake = actorOf(deps.userIdOf('district-intake'), offices.district, 'intake');
  const supervisor = actorOf(deps.userIdOf('supervisor'), offices.donghu, 'supervisor');

  // The admin of the township sets its numbers and the village election as a key period (screening reads it).
  const settings = new OfficeSettingsService(deps);
  const year = Number(chinaDateOf(now).slice(0, 4));
  await settings.updateSettings(
    admin,
    offices.donghu,
    UpdateOfficeSettingsSchema.parse({
      numberPrefix: '东纪',
      numberWord: '信',
      keyPeriods: [
        {
          name: `村“两委”换届 ${year}`,
          kind: 'village_election',
          from: chinaDateOf(new Date(now.getTime() - 45 * 86_400_000)),
          to: chinaDateOf(new Date(now.getTime() + 60 * 86_400_000)),
          units: ['红星村', '石桥村', '新塘村', '柳塘村'],
        },
      ],
    }),
  );
  await settings.updateSettings(
    admin,
    offices.district,
    UpdateOfficeSettingsSchema.parse({ numberPrefix: '示区纪', numberWord: '信' }),
  );

  const register = async (actor: Actor, input: CreateComplaintInput): Promise<CreateComplaintResponse> =>
    services.intake.register(actor, CreateComplaintSchema.parse(input));

  // Registered in the order received, so the numbers run with the dates. First an honest real-name complaint,
  // confirmed by phone, its acceptance notice sent (the same man calls again later: a repeat).
  const honestSubject = {
    name: '郑海波',
    unit: '东湖镇农业综合服务中心',
    position: '副主任',
    partyMember: true,
  };
  const honest = await register(intake, {
    receivedAt: at(26, '10:05'),
    channel: 'letter',
    anonymous: false,
    reporter: { name: '何建华', phone: '13973105566', address: '东湖镇桥头村三组' },
    subjects: [honestSubject],
    text:
      '我叫何建华，是东湖镇桥头村三组村民。2025年耕地地力保护补贴发放时，镇农业综合服务中心副主任郑海波' +
      '把我组已经流转给种粮大户的二百多亩地，仍按原承包户名单造册，补贴款打到几个他熟人的卡上，' +
      '我组的种粮大户反而没有领到。我有流转合同复印件，愿意配合调查。',
    allegations: [{ category: 'integrity', summary: '耕地地力保护补贴冒名套取' }],
  });
  await services.complaints.setReporterStatus(intake, honest.id, { status: 'confirmed', method: 'phone' });
  await services.complaints.recordNotice(
    intake,
    honest.id,
    AcceptanceNoticeInputSchema.parse({
      sentOn: chinaDateOf(new Date(now.getTime() - 22 * 86_400_000)),
      method: 'mail',
    }),
  );

  // The seed case: near-identical letters and posts against one village head within a few days.
  for (const [index, letter] of SEED_CASE.entries()) {
    const [from, to] = SEED_CASE_EDITS[index] ?? ['', ''];
    const text = from === '' ? SEED_CASE_TEXT : SEED_CASE_TEXT.replace(from, to);
    const isAnonymous = letter.name === undefined;
    await register(intake, {
      receivedAt: at(letter.days, letter.time),
      channel: letter.channel,
      anonymous: isAnonymous,
      reporter: isAnonymous
        ? null
        : {
            name: letter.name,
            ...(letter.phone === undefined ? {} : { phone: letter.phone }),
            address: '东湖镇红星村',
          },
      subjects: [VILLAGE_HEAD],
      text,
      allegations: [
        { category: 'integrity', summary: '村道硬化工程交亲属施工并虚报工程量' },
        { category: 'mass', summary: '低保评定优亲厚友' },
        { category: 'integrity', summary: '集体鱼塘承包费未公开' },
      ],
    });
  }

  // A joint letter (联名信) with three co-signers; one of them says by phone he never signed it.
  const joint = await register(intake, {
    receivedAt: at(15, '09:30'),
    channel: 'letter',
    anonymous: false,
    reporter: { name: '李春生', phone: '13574318820', address: '东湖镇石桥村五组' },
    cosigners: [{ name: '罗桂芝' }, { name: '陈大河' }, { name: '吴秋菊' }],
    subjects: [{ name: '王有才', unit: '东湖镇石桥村党支部', position: '党支部书记', partyMember: true }],
    text:
      '联名信：石桥村党支部书记王有才在2025年高速公路连接线征地中，少报被征地块面积，征地补偿款每亩比公示标准少发' +
      '一千二百元，差额去向不明。村民多次要求公开补偿明细，王有才一直推说镇里没批。我们联名请求纪委调查。',
    allegations: [{ category: 'integrity', summary: '截留征地补偿款' }],
  });
  await services.complaints.denyCosigner(intake, joint.id, 2, 'phone');

  // About the township commission's own principal: straight to the district (a stub stays), accepted there.
  const aboutPrincipal = await register(intake, {
    receivedAt: at(14, '11:15'),
    channel: 'letter',
    anonymous: false,
    reporter: { name: '蒋红梅', phone: '13807345591', address: '东湖镇红星村' },
    subjects: [{ name: '马建军', unit: '东湖镇纪委', position: '纪委书记', partyMember: true }],
    text:
      '我去年向镇纪委举报过村里的问题，镇纪委书记马建军不但没有调查，还把举报信的内容透露给了被举报人，' +
      '之后又多次和被举报人一起吃饭。请上级纪委调查马建军。',
    allegations: [{ category: 'work', summary: '压案不查、泄露举报内容' }],
    jurisdiction: 'up_principal',
  });
  const arrivals = await services.complaints.list(
    districtIntake,
    ComplaintListQuerySchema.parse({ status: 'incoming' }),
  );
  const [arrival] = arrivals.items;
  if (arrivals.total !== 1 || arrival === undefined || aboutPrincipal.status !== 'passed_up') {
    throw new AppError('INTERNAL', 'the demo complaint passed straight up did not arrive at the district');
  }
  await services.intake.decideJurisdiction(districtIntake, arrival.id, { jurisdiction: 'handle' });

  // A visit and a phone call received at the desk.
  await register(intake, {
    receivedAt: at(12, '14:10'),
    channel: 'visit',
    anonymous: false,
    reporter: { name: '邓福生', phone: '13762290415', address: '东湖镇新塘村二组' },
    subjects: [{ name: '林美华', unit: '东湖镇新塘村村民委员会', position: '报账员' }],
    text:
      '邓福生来访反映：新塘村报账员林美华将村里收到的两笔土地租金共四万六千元存入个人账户，至今未入村集体账，' +
      '村民代表会上有人问起，林美华说已经花在修水渠上，但拿不出票据。',
    allegations: [{ category: 'duty_violation', summary: '挪用村集体资金' }],
  });
  await register(intake, {
    receivedAt: at(10, '16:45'),
    channel: 'phone',
    anonymous: true,
    subjects: [{ name: '贺军', unit: '东湖镇综合行政执法队', position: '执法队员' }],
    text: '匿名来电：东湖镇逢三六九赶集，执法队员贺军向摆摊的收“管理费”每摊二十元，不开任何票据，不给就掀摊子。',
    allegations: [{ category: 'mass', summary: '违规向摊贩收费' }],
  });

  // Referred by the district's petitions bureau (转来).
  await register(intake, {
    receivedAt: at(9, '10:00'),
    channel: 'referred',
    referringOrgan: '示范区信访局',
    externalReference: `示信转〔${year}〕0371`,
    anonymous: false,
    reporter: { name: '唐淑珍', phone: '15116872203' },
    subjects: [{ name: '罗长贵', unit: '东湖镇桥头村', position: '村民小组长' }],
    text:
      '唐淑珍反映：2025年农村危房改造，桥头村四组组长罗长贵向申请户每户索要“跑腿费”一千元，不给就不报名单。' +
      '她家房屋已鉴定为C级危房，因未给钱至今未列入改造名单。',
    allegations: [{ category: 'mass', summary: '危房改造中吃拿卡要' }],
  });

  // The honest reporter again: a repeat on the same lead, no new notice owed.
  await register(intake, {
    receivedAt: at(8, '15:20'),
    channel: 'phone',
    anonymous: false,
    reporter: { name: '何建华', phone: '13973105566' },
    subjects: [honestSubject],
    text: '何建华来电，称上次反映郑海波套取耕地地力保护补贴的问题至今没有结果，补充说三组组长也知道这件事，希望尽快查处。',
    allegations: [{ category: 'integrity', summary: '耕地地力保护补贴冒名套取（补充）' }],
  });

  // A post without substance (无实质内容).
  await register(intake, {
    receivedAt: at(6, '21:37'),
    channel: 'online',
    anonymous: true,
    noSubstance: true,
    subjects: [{ name: '不具名干部', unit: '东湖镇人民政府' }],
    text: '东湖镇有的干部天天吃吃喝喝，作风很差，纪委也不管管。',
  });

  // The district sends a letter about a village party secretary down to the township (it waits for a decision).
  await register(districtIntake, {
    receivedAt: at(5, '15:00'),
    channel: 'letter',
    anonymous: false,
    reporter: { name: '曹玉兰', address: '东湖镇柳塘村' },
    subjects: [{ name: '曹金福', unit: '东湖镇柳塘村党支部', position: '党支部书记', partyMember: true }],
    text: '柳塘村党支部书记曹金福在村口基本农田上给儿子建了两层楼房，占地约三百平方米，村民有意见不敢说。',
    allegations: [{ category: 'duty_violation', summary: '违规占用基本农田建房' }],
    jurisdiction: 'down',
    destinationOfficeId: offices.donghu,
  });

  // About a district-managed cadre: up through the township's principal — waiting in the leader's inbox.
  await register(intake, {
    receivedAt: at(4, '09:40'),
    channel: 'letter',
    anonymous: true,
    subjects: [{ name: '周国栋', unit: '东湖镇人民政府', position: '镇长', partyMember: true }],
    text:
      '反映东湖镇镇长周国栋：镇工业园一家建材企业老板多次请周国栋打牌，每次“输”给他上万元，' +
      '该企业随后拿到了园区道路和厂房配套工程。',
    allegations: [{ category: 'integrity', summary: '以打牌为名收受企业老板财物' }],
    jurisdiction: 'up',
  });

  // The lead of the honest complaint goes to the supervisor, who asks the leader to see who wrote it.
  const leadId = singleLead(honest.leadIds);
  await services.leads.route(
    intake,
    leadId,
    RouteLeadSchema.parse({ userId: deps.userIdOf('supervisor'), reason: '涉及惠农补贴，交监督检查室核查' }),
  );
  await services.complaints.requestReveal(
    supervisor,
    honest.id,
    RevealRequestSchema.parse({ reason: '需当面向举报人核实土地流转合同和补贴造册情况，申请查看举报人联系方式' }),
  );
}

/** The one lead of a complaint about one subject. */
function singleLead(leadIds: readonly LeadId[]): LeadId {
  const [leadId] = leadIds;
  if (leadId === undefined) {
    throw new AppError('INTERNAL', 'a demo complaint made no lead');
  }
  return leadId;
}
