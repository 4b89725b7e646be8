import type { ScreeningComplaint, ScreeningOptions } from '../index.js';

/** A fixed linkage key for tests (the real one comes from the server's key material). */
export const TEST_LINKAGE_KEY = new Uint8Array(32).fill(0x5a);

/** Default options of a test batch. */
export const TEST_OPTIONS: ScreeningOptions = { linkageKey: TEST_LINKAGE_KEY };

/** 2024-03-01 09:00 +08:00. */
export const MARCH_1 = Date.UTC(2024, 2, 1, 1, 0, 0);
const DAY = 86_400_000;

/** An instant `days` after 2024-03-01 09:00 +08:00. */
export function day(days: number): number {
  return MARCH_1 + days * DAY;
}

/** Builds a complaint with plausible defaults; override what a test is about. */
export function buildComplaint(
  overrides: Partial<ScreeningComplaint> & { id: string; text: string },
): ScreeningComplaint {
  return {
    receivedAt: MARCH_1,
    channel: 'letter',
    isAnonymous: false,
    reporter: { name: `举报人${overrides.id}` },
    cosigners: [],
    subjects: [{ name: '贾某某', unit: '石桥村村委会', position: '村委会主任', isCandidate: false }],
    ...overrides,
  };
}

/** The subject of the township scenario. */
export const VILLAGE_HEAD = { name: '贾某某', unit: '石桥村村委会', position: '村委会主任', isCandidate: false };

/**
 * The township scenario: one letter against the village head, sent within days by several
 * villagers, each adding only their own name and phone.
 */
export function townshipLetter(name: string, phone: string): string {
  return (
    '尊敬的镇纪委领导：\n' +
    '我们是石桥村的村民，现反映村委会主任贾某某的问题。' +
    '一、贾某某在2022年村道路硬化工程中，与承包商王某某串通，虚报工程量，多结算工程款8.6万元，工程完工不到半年路面就大面积开裂。' +
    '二、2023年春节前，贾某某将村集体鱼塘承包费3.2万元存入自己的银行卡，至今没有交回村集体账户，村民问起来他就说早花在修水渠上了。' +
    '三、贾某某违规把自己的弟弟和弟媳纳入低保，家里开着小轿车照样领钱，而真正困难的五保户张某某却被取消了低保。' +
    '四、贾某某长期在镇上的茶馆打牌赌钱，村里的事情没人管，群众办个证明要跑好几趟。' +
    '以上问题村民早有议论，恳请上级纪委调查处理，还老百姓一个公道。\n' +
    `举报人：${name}\u3000联系电话：${phone}`
  );
}

/** Six villagers who sent the township letter (different names and phones). */
export const TOWNSHIP_REPORTERS: readonly { name: string; phone: string; address: string }[] = [
  { name: '李桂英', phone: '138 0571 2233', address: '青山镇石桥村三组12号' },
  { name: '王德福', phone: '+86 139-0571-3344', address: '青山镇石桥村一组5号' },
  { name: '赵春兰', phone: '13705714455', address: '青山镇石桥村二组8号' },
  { name: '刘建国', phone: '0086 136 0571 5566', address: '青山镇石桥村四组21号' },
  { name: '陈秀霞', phone: '135-0571-6677', address: '青山镇石桥村三组3号' },
  { name: '孙志强', phone: '15005717788', address: '青山镇石桥村五组17号' },
];

/** The township scenario as complaints received over five days. */
export function townshipComplaints(): ScreeningComplaint[] {
  return TOWNSHIP_REPORTERS.map((reporter, position) =>
    buildComplaint({
      id: `T${position + 1}`,
      receivedAt: day(position < 3 ? position : position - 1),
      reporter: { name: reporter.name, phone: reporter.phone, address: reporter.address },
      subjects: [VILLAGE_HEAD],
      text: townshipLetter(reporter.name, reporter.phone),
    }),
  );
}

/**
 * An honest multi-reporter event: four villagers, each in their own words, report the same real
 * problem (the drinking-water project left the village without water). They share the facts, not
 * the text, and must not be merged into a campaign.
 */
export const HONEST_WATER_REPORTS: readonly string[] = [
  '我是东岭村七组的村民周大山。村里的饮水安全工程去年十月完工，说是投了12万元，可到现在管子里三天两头没水，最长一次停了两个月。' +
    '我们组二十多户都是老人，只能挑着桶到山下的水库去担水。村主任贾某某说施工队已经撤了，让我们自己想办法。希望上级派人来看看这个工程到底怎么回事。',
  '东岭村自来水的问题已经拖了大半年。工程是贾某某一手张罗的，当时开会说每家每户都能通上干净水。结果水压根本上不来，夏天最热的时候整整停水两个月，' +
    '村民只好拉着三轮车去镇上买桶装水。大家怀疑管材用的是次品，12万元的工程款花到哪里去了？请纪委帮我们查一查，给个说法。',
  '反映一个民生问题：我家住在东岭村小学旁边，饮水工程通水以后，水龙头里放出来的水是黄的，还有泥沙，孩子喝了拉肚子。' +
    '七月份干脆一滴水都没有，断了差不多两个月。找过村委会贾某某好几次，他每次都说在联系施工方。听说这个项目花了12万元，质量却这么差。',
  '我们是东岭村的几户老党员。饮水工程是好事，但建成后一直没人管护，蓄水池的盖子都没有，落满了树叶。停水两个月期间，' +
    '村干部没有一个人来看过。建议上级对这个工程的验收情况进行核查，同时落实日常管护责任，让群众真正喝上放心水。',
];

/** A joint letter (联名信): one complaint, signed by several villagers, one of whom denies signing. */
export function jointLetter(): ScreeningComplaint {
  return buildComplaint({
    id: 'J1',
    receivedAt: day(3),
    reporter: { name: '周广平', phone: '13957123456', unit: '东岭村小学' },
    cosigners: [
      { name: '吴玉兰', isDenied: false },
      { name: '郑海波', isDenied: false },
      { name: '钱国栋', isDenied: true },
      { name: '冯美华', isDenied: false },
    ],
    text:
      '联名信：我们东岭村全体签名村民反映，村党支部书记贾某某在2023年土地流转中，未经村民代表大会讨论，' +
      '擅自把村里四百亩耕地以每亩二百元的低价流转给他的亲戚经营，流转费比周边村低一半。' +
      '签名：周广平（东岭村小学）、吴玉兰、郑海波、钱国栋、冯美华。联系人电话：13957123456',
  });
}

/** Unrelated complaints about other people and places (background of a batch). */
export const UNRELATED_TEXTS: readonly string[] = [
  '县住建局科长钱某某在审批保障房分配时，收受申请人好处费，每户收取五千元，群众意见很大。',
  '城关镇卫生院院长孙某某长期公车私用，周末开着单位的越野车回老家，加油费在院里报销。',
  '我反映河口乡财政所所长周某某，违规向辖区企业借款二十万元用于自己炒股，至今未还。',
  '南湾村会计郑某某把村里的集体林地租金私自截留，账上只记了一半，另一半去向不明。',
  '县第三中学食堂承包给校长的外甥，饭菜价格高质量差，学生家长多次反映都没有结果。',
  '北坡社区主任冯某某在疫情期间把防疫物资拿回家分给亲友，社区工作人员都看见了。',
  '镇农业服务中心主任卫某某在发放种粮补贴时，给自己家多报了三十亩地，多领补贴七千余元。',
  '高桥村党支部书记蒋某某在村务公开栏里长期不公开财务，村民要求查账被他拒绝。',
  '清水河治理项目的施工方偷工减料，护坡石头一推就倒，镇水利站长沈某某却签字验收。',
  '县交通局副局长韩某某的妻子开了一家运输公司，局里的养护工程都交给这家公司做。',
  '我要反映柳林镇派出所一名辅警杨某某，在处理邻里纠纷时收了对方两条烟，处理明显偏向。',
  '西河村主任朱某某违规占用耕地建了三层楼房，镇国土所来看过一次就不了了之。',
];
