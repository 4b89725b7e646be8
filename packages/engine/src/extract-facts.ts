/**
 * The facts a complaint names, read from its original text: the kind of allegation, amounts,
 * years, places, projects and people. Used to tell a re-worded repeat of a concluded allegation
 * (same kind, no new facts) from a new allegation of the same kind (new amounts, projects…).
 */
export interface ComplaintFacts {
  /** Allegation kinds in Chinese (侵占挪用, 收受财物 …). */
  kinds: Set<string>;
  /** Amounts in yuan. */
  amounts: Set<number>;
  /** Years named (2019 …), not counting the letter's own date line. */
  years: Set<number>;
  /** Counted things: 34处, 59亩, 24个 (as "34处"). */
  quantities: Set<string>;
  places: Set<string>;
  projects: Set<string>;
  /** Masked-style names (贾某某) named in the text. */
  people: Set<string>;
}

const KINDS: readonly (readonly [string, RegExp])[] = [
  ['侵占挪用', /侵占|挪用|挪作|挪走|截留|私分|贪污|占为己有|侵吞|据为己有|中饱私囊|套取|冒领/],
  ['收受财物', /受贿|收受|好处费|回扣|红包|礼金|索要|索贿|行贿|送了.{0,8}(现金|钱|元)/],
  ['低保救助', /低保|优亲厚友|五保|救助金|困难补助|特困/],
  ['公款吃喝', /大吃大喝|公款吃喝|吃喝|宴请|招待费|公款旅游/],
  ['工程项目', /偷工减料|工程|招标|验收|虚报.{0,6}(面积|米|方)|结算|承包/],
  ['土地征收', /征地|征收|补偿款|宅基地|拆迁|土地/],
  ['换届选举', /选举|拉票|贿选|换届|投票/],
  ['赌博', /赌博|赌钱|聚赌/],
  ['作风问题', /吃拿卡要|态度蛮横|打击报复|欺压|作风霸道|推诿/],
  ['公车私用', /公车私用|公车/],
  ['违规经商', /经商办企业|入股|违规经商|放贷/],
];

const DIGIT_VALUES: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  // Financial numerals (大写), as written on receipts and in careful letters.
  壹: 1,
  贰: 2,
  叁: 3,
  肆: 4,
  伍: 5,
  陆: 6,
  柒: 7,
  捌: 8,
  玖: 9,
};

const UNIT_VALUES: Readonly<Record<string, number>> = {
  十: 10,
  拾: 10,
  百: 100,
  佰: 100,
  千: 1000,
  仟: 1000,
  万: 10000,
  萬: 10000,
};

/** Parses a Chinese numeral below 10⁸ (五, 十二, 三千五百, 一万二千, 伍万壹仟). NaN when it is not one. */
export function parseChineseNumber(text: string): number {
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const char of text) {
    const value = DIGIT_VALUES[char];
    if (value !== undefined) {
      digit = value;
      continue;
    }
    const unit = UNIT_VALUES[char] ?? 0;
    if (unit === 0) {
      return Number.NaN;
    }
    if (unit === 10000) {
      section += digit < 0 ? 0 : digit;
      total += (section === 0 ? 1 : section) * 10000;
      section = 0;
    } else {
      section += (digit < 0 ? 1 : digit) * unit;
    }
    digit = -1;
  }
  return total + section + (digit < 0 ? 0 : digit);
}

/** Arabic amounts (8.6万元, 50000元, 3千元) and Chinese ones (八万六千元, 五万, 叁仟元). */
const AMOUNT =
  /([0-9]+(?:\.[0-9]+)?)\s*(万|千)?\s*(?:余|多)?\s*(元|块)?|([零〇一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟萬]+)\s*(?:余|多)?\s*(元|块)?/g;

function toHalfWidth(text: string): string {
  return text.replace(/[０-９．]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0));
}

function readAmounts(text: string, into: Set<number>): void {
  for (const match of text.matchAll(AMOUNT)) {
    const [, arabic, scale, arabicUnit, chinese, chineseUnit] = match;
    let yuan: number;
    if (arabic !== undefined) {
      if (scale === undefined && arabicUnit === undefined) {
        continue;
      }
      yuan = Number.parseFloat(arabic) * (scale === '万' ? 10000 : scale === '千' ? 1000 : 1);
    } else {
      // A Chinese numeral is money when it says 元/块 or is large (五万, 三千).
      // A lone unit (万分感谢, 千万) is not a number.
      if (chinese === undefined || !/[零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖]|^[十拾]./.test(chinese)) {
        continue;
      }
      if (chineseUnit === undefined && !/[千万仟萬]/.test(chinese)) {
        continue;
      }
      yuan = parseChineseNumber(chinese);
    }
    if (Number.isFinite(yuan) && yuan >= 100) {
      into.add(Math.round(yuan));
    }
  }
}

const YEAR = /((?:19|20)[0-9]{2}|[二][〇零][一二三四五六七八九〇零]{2})\s*年/g;

/** A letter's own date (落款日期) on its last line says when it was written, not what happened. */
const DATE_LINE =
  /(?:^|\n)[^\S\n]*(?:(?:19|20)[0-9]{2}|[二][〇零][一二三四五六七八九〇零]{2})\s*年[^\n]{1,8}日[^\S\n]*(?=\n|$)/g;

function readYears(text: string, into: Set<number>): void {
  const body = text.replace(DATE_LINE, '');
  for (const match of body.matchAll(YEAR)) {
    const raw = match[1] ?? '';
    const year = /^[0-9]+$/.test(raw)
      ? Number.parseInt(raw, 10)
      : Number.parseInt([...raw].map((char) => String(DIGIT_VALUES[char] ?? 0)).join(''), 10);
    if (year >= 1950 && year <= 2100) {
      into.add(year);
    }
  }
}

const QUANTITY =
  /([0-9]+|[零〇一二两三四五六七八九十百千壹贰叁肆伍陆柒捌玖拾佰仟]+)\s*(平方米|公里|亩|处|户|名|张|层|间|套|辆|栋|头|吨|个|次|米)/g;

function readQuantities(text: string, into: Set<string>): void {
  for (const match of text.matchAll(QUANTITY)) {
    const raw = match[1] ?? '';
    const value = /^[0-9]+$/.test(raw) ? Number.parseInt(raw, 10) : parseChineseNumber(raw);
    // "一个人说了算", "一次": one of something is rarely a fact.
    if (Number.isFinite(value) && value > 1) {
      into.add(`${value}${match[2] ?? ''}`);
    }
  }
}

const PLACE_STOP = /^(我们|咱们|他们|你们|本|该|全|各|这个|那个|外|邻|同|隔壁|本地|当地|乡镇|城乡|农|尊敬)/;
/** A place name starts at a boundary: text start, punctuation, a preposition or a higher level. */
const PLACE =
  /(?<=^|[\s，。、；：！？（）“”‘’《》,.;:!?()[\]]|[在是住的到从于向县镇乡区市])([\u4e00-\u9fa5]{2,3}?)(村|镇|乡|街道|社区|小区|县)(?![委民务干纪])/g;

function readPlaces(text: string, into: Set<string>): void {
  for (const match of text.matchAll(PLACE)) {
    const name = (match[1] ?? '').replace(/^.*[的了在是把被和与给从到向对于]/, '');
    if (name.length >= 2 && !PLACE_STOP.test(name)) {
      into.add(name + (match[2] ?? ''));
    }
  }
}

/** A project: the words before 工程/项目 (not 工程量, 工程款: those are quantities and money). */
const PROJECT = /([\u4e00-\u9fa5A-Za-z]{2,10})(工程|项目)(?![量款队师费])/g;
const PROJECT_PREFIX = /^.*[的在了把将从对给中和与是年月日]/;
const NUMERAL = /[零〇一二两三四五六七八九十百千万亿元]/;

function readProjects(text: string, into: Set<string>): void {
  for (const match of text.matchAll(PROJECT)) {
    const name = (match[1] ?? '').replace(PROJECT_PREFIX, '');
    if (name.length >= 2 && !NUMERAL.test(name)) {
      into.add(name);
    }
  }
}

const PERSON = /[\u4e00-\u9fa5]某某?/g;

/** Reads the facts a complaint text names. */
export function extractFacts(text: string): ComplaintFacts {
  const plain = toHalfWidth(text.normalize('NFKC'));
  const facts: ComplaintFacts = {
    kinds: new Set(),
    amounts: new Set(),
    years: new Set(),
    quantities: new Set(),
    places: new Set(),
    projects: new Set(),
    people: new Set(),
  };
  for (const [kind, pattern] of KINDS) {
    if (pattern.test(plain)) {
      facts.kinds.add(kind);
    }
  }
  readAmounts(plain, facts.amounts);
  readYears(plain, facts.years);
  readQuantities(plain, facts.quantities);
  readPlaces(plain, facts.places);
  readProjects(plain, facts.projects);
  for (const match of plain.matchAll(PERSON)) {
    facts.people.add(match[0]);
  }
  return facts;
}

/** An amount counts as known when one within 3% was named (5万余元 ~ 伍万壹仟元, not 3.8万 ~ 3.9万). */
function isKnownAmount(amount: number, known: Set<number>): boolean {
  for (const other of known) {
    if (Math.abs(other - amount) <= 0.03 * Math.max(other, amount)) {
      return true;
    }
  }
  return false;
}

/** A project or place counts as known when one name contains the other (修路工程 ~ 道路硬化修路工程). */
function isKnownName(name: string, known: Set<string>): boolean {
  for (const other of known) {
    if (other.includes(name) || name.includes(other)) {
      return true;
    }
  }
  return false;
}

/** How the facts of a later complaint compare with those of a concluded one. */
export interface FactComparison {
  /** The later complaint's allegation kinds are all among the concluded one's (and there is one). */
  isSameKind: boolean;
  /** Specific facts of the later complaint absent from the concluded one, in Chinese. */
  newFacts: string[];
  /** Specific facts both name, in Chinese. */
  sharedFacts: string[];
  /** How many shared facts are specific to the matter (amounts, quantities, years, projects, people — not places). */
  sharedSpecific: number;
}

/** Compares the facts of a later complaint with those of a concluded one. */
export function compareFacts(later: ComplaintFacts, concluded: ComplaintFacts): FactComparison {
  const newFacts: string[] = [];
  const sharedFacts: string[] = [];
  let isSameKind = later.kinds.size > 0;
  for (const kind of later.kinds) {
    if (!concluded.kinds.has(kind)) {
      isSameKind = false;
    }
  }
  for (const person of later.people) {
    (concluded.people.has(person) ? sharedFacts : newFacts).push(`人员“${person}”`);
  }
  for (const amount of later.amounts) {
    (isKnownAmount(amount, concluded.amounts) ? sharedFacts : newFacts).push(`金额${formatYuan(amount)}`);
  }
  for (const year of later.years) {
    (concluded.years.has(year) ? sharedFacts : newFacts).push(`${year}年`);
  }
  for (const quantity of later.quantities) {
    (concluded.quantities.has(quantity) ? sharedFacts : newFacts).push(`数量${quantity}`);
  }
  for (const project of later.projects) {
    (isKnownName(project, concluded.projects) ? sharedFacts : newFacts).push(`项目“${project}”`);
  }
  const sharedSpecific = sharedFacts.length;
  // A place alone is weak: reporters name their own village when they introduce themselves.
  const newPlaces: string[] = [];
  for (const place of later.places) {
    (isKnownName(place, concluded.places) ? sharedFacts : newPlaces).push(`地点“${place}”`);
  }
  if (newPlaces.length >= 2) {
    newFacts.push(...newPlaces);
  }
  return { isSameKind, newFacts, sharedFacts, sharedSpecific };
}

/** 50000 → 5万元, 3500 → 3500元. */
export function formatYuan(amount: number): string {
  return amount >= 10000 && amount % 100 === 0 ? `${amount / 10000}万元` : `${amount}元`;
}
