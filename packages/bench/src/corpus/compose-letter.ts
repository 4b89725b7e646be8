import {
  ALLEGATIONS,
  CAPITAL_DIGITS,
  CHINESE_DIGITS,
  CLOSINGS,
  COMPANIES,
  COUNTY_POSITIONS,
  COUNTY_STEMS,
  COUNTY_UNITS,
  DEMANDS,
  DETAIL_SENTENCES,
  GIVEN_NAME_CHARACTERS,
  GROUP_NUMBERS,
  HOTELS,
  LAND_USES,
  OCCASIONS,
  OPENINGS,
  PRESSURE_SENTENCES,
  PROJECTS,
  RELATIONS,
  SELF_INTRODUCTIONS,
  SIGNATURES,
  SUBJECT_INTRODUCTIONS,
  SUBSIDIES,
  SURNAMES,
  SYNONYMS,
  TOWNSHIP_POSITIONS,
  TOWNSHIP_STEMS,
  VILLAGE_POSITIONS,
  SENTENCE_LEADS,
  SENTENCE_TAILS,
  VILLAGE_STEMS,
  WORD_VARIANTS,
  type AllegationKind,
} from './phrase-banks.js';
import type { SeededRandom } from './random.js';

/** A person who writes: the identity values that every output must mask. */
export interface ReporterProfile {
  name: string;
  phone: string;
  idNumber: string;
  /** With a house number, so it may link (docs/PRINCIPLES.md, protecting the reporter). */
  address: string;
  village: string;
  group: string;
  unit?: string;
}

/** The real-world matter a letter is about: who, what, and the facts (amounts, dates, places, people). */
export interface Matter {
  subject: { name: string; unit: string; position: string };
  village: string;
  township: string;
  county: string;
  office: string;
  kind: AllegationKind;
  secondKind?: AllegationKind;
  /** Per-sentence fact values: sentence k of a letter uses facts[k % length]. */
  facts: Record<string, string>[];
  amounts: number[];
  startYear: number;
}

/** How amounts are written: 5万元 / 五万元 / 50000元 / 伍万元 / 5万余元. */
export type AmountForm = 'wan' | 'chinese' | 'digits' | 'capital' | 'approx';
const AMOUNT_FORMS: readonly AmountForm[] = ['wan', 'chinese', 'digits', 'capital', 'approx'];

/** One sentence or line of a letter, kept as its template so that edits can reword it with the same facts. */
export interface Segment {
  role:
    'opening' | 'self' | 'intro' | 'allegation' | 'detail' | 'demand' | 'pressure' | 'closing' | 'signature' | 'date';
  template: string;
  /** Other phrasings of the same content (rewording picks one); empty when it has none. */
  family: readonly string[];
  factIndex: number;
  /** Starts a new paragraph. */
  isParagraphStart: boolean;
}

/** A letter before rendering: segments plus who wrote it and how amounts are written. */
export interface Letter {
  matter: Matter;
  reporter: ReporterProfile | null;
  segments: Segment[];
  amountForm: AmountForm;
  /** Phrase rewordings applied after rendering (the writer's own words). */
  synonyms: [string, string][];
}

/** A fresh invented person's name. */
export function personName(random: SeededRandom): string {
  const given = random.chance(0.7)
    ? random.pick(GIVEN_NAME_CHARACTERS) + random.pick(GIVEN_NAME_CHARACTERS)
    : random.pick(GIVEN_NAME_CHARACTERS);
  return random.pick(SURNAMES) + given;
}

/** A fresh invented reporter with phone, ID number and a house-number address. */
export function createReporter(random: SeededRandom, township: string): ReporterProfile {
  const village = `${random.pick(VILLAGE_STEMS)}村`;
  const group = random.pick(GROUP_NUMBERS);
  return {
    name: personName(random),
    phone: `1${random.pick(['3', '5', '8', '9', '7'])}${String(random.int(0, 999_999_999)).padStart(9, '0')}`,
    idNumber: createIdNumber(random),
    address: `${township}${village}${group}组${random.int(1, 120)}号`,
    village,
    group,
  };
}

function createIdNumber(random: SeededRandom): string {
  const body = `41${String(random.int(1000, 9999))}${random.int(1950, 2000)}${String(random.int(1, 12)).padStart(2, '0')}${String(random.int(1, 28)).padStart(2, '0')}${String(random.int(0, 999)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let index = 0; index < 17; index += 1) {
    sum += Number(body[index]) * (weights[index] ?? 0);
  }
  return body + ('10X98765432'[sum % 11] ?? '0');
}

const KINDS = Object.keys(ALLEGATIONS);

/** A fresh invented matter: a subject in a village, township or county unit, an allegation kind and facts. */
export function createMatter(random: SeededRandom, startMs: number, endMs: number, kind?: AllegationKind): Matter {
  const county = `${random.pick(COUNTY_STEMS)}县`;
  const township = `${random.pick(TOWNSHIP_STEMS)}${random.pick(['镇', '乡'])}`;
  const village = `${random.pick(VILLAGE_STEMS)}村`;
  const level = random.next();
  const subject =
    level < 0.65
      ? { name: personName(random), unit: `${township}${village}`, position: random.pick(VILLAGE_POSITIONS) }
      : level < 0.88
        ? { name: personName(random), unit: `${county}${township}`, position: random.pick(TOWNSHIP_POSITIONS) }
        : {
            name: personName(random),
            unit: `${county.replace('县', '')}${random.pick(COUNTY_UNITS)}`,
            position: random.pick(COUNTY_POSITIONS),
          };
  const chosenKind = kind ?? random.pick(KINDS);
  const facts: Record<string, string>[] = [];
  const amounts: number[] = [];
  for (let index = 0; index < 6; index += 1) {
    facts.push(createFacts(random, startMs, endMs, township, village));
    amounts.push(createAmount(random));
  }
  const secondKind = random.chance(0.3) ? random.pick(KINDS.filter((other) => other !== chosenKind)) : undefined;
  return {
    subject,
    village,
    township,
    county,
    office: random.pick([`${county}纪委监委`, `${township}纪委`, `${county}纪委`, '县纪委监委', '市纪委监委']),
    kind: chosenKind,
    ...(secondKind === undefined ? {} : { secondKind }),
    facts,
    amounts,
    startYear: random.int(2008, 2021),
  };
}

/** The same matter with new facts (amounts, dates, projects): a new allegation of the same kind. */
export function withNewFacts(random: SeededRandom, matter: Matter, startMs: number, endMs: number): Matter {
  const fresh = createMatter(random, startMs, endMs, matter.kind);
  return { ...matter, facts: fresh.facts, amounts: fresh.amounts };
}

function createFacts(
  random: SeededRandom,
  startMs: number,
  endMs: number,
  township: string,
  village: string,
): Record<string, string> {
  const date = new Date(startMs - random.int(30, 900) * 86_400_000 + random.next() * (endMs - startMs) * 0.2);
  return {
    project: `${random.chance(0.5) ? village : ''}${random.pick(PROJECTS)}`,
    relation: random.pick(RELATIONS),
    company: `${random.pick(SURNAMES)}${random.pick(['氏', '记', '达', '鑫', '盛', '通'])}${random.pick(COMPANIES)}`,
    place: random.pick([
      `${random.pick(GROUP_NUMBERS)}组的鱼塘`,
      `村东头的${random.int(10, 90)}亩荒地`,
      '村小学旧址',
      `${random.pick(VILLAGE_STEMS)}河滩地`,
      '集体林场',
      `${random.pick(GROUP_NUMBERS)}组的机动地`,
      '老村部院子',
    ]),
    year: String(date.getUTCFullYear()),
    date: `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日`,
    count: String(random.int(2, 40)),
    months: String(random.int(2, 18)),
    years: String(random.int(2, 15)),
    subsidy: random.pick(SUBSIDIES),
    landUse: random.pick(LAND_USES),
    occasion: random.pick(OCCASIONS),
    hotel: `${random.pick(VILLAGE_STEMS)}${random.pick(HOTELS)}`,
    witness: `${random.pick(SURNAMES)}某某`.replace(
      '某某',
      random.pick(['某', '老三', '大爷', '会计', '组长', '某某']),
    ),
    perMu: `${random.int(18, 65)}000元`,
    township,
  };
}

function createAmount(random: SeededRandom): number {
  const scale = random.next();
  if (scale < 0.4) {
    return random.int(2, 60) * 1000;
  }
  if (scale < 0.85) {
    return random.int(6, 99) * 10_000;
  }
  return random.int(100, 800) * 10_000;
}

/** Writes an amount of yuan in one of the forms letters use. */
export function formatAmount(yuan: number, form: AmountForm): string {
  const wan = yuan / 10_000;
  switch (form) {
    case 'digits':
      return `${yuan}元`;
    case 'wan':
      return `${Number.isInteger(wan) ? wan : wan.toFixed(1)}万元`;
    case 'approx':
      return `${Math.floor(wan) > 0 ? `${Math.floor(wan)}万` : `${Math.floor(yuan / 1000)}千`}余元`;
    case 'chinese':
      return `${chineseNumber(yuan, CHINESE_DIGITS, ['', '十', '百', '千'])}元`;
    case 'capital':
      return `${chineseNumber(yuan, CAPITAL_DIGITS, ['', '拾', '佰', '仟'])}元`;
  }
}

function chineseNumber(value: number, digits: readonly string[], units: readonly string[]): string {
  const wanPart = Math.floor(value / 10_000);
  const rest = value % 10_000;
  const four = (number: number): string => {
    let text = '';
    let pendingZero = false;
    for (let position = 3; position >= 0; position -= 1) {
      const digit = Math.floor(number / 10 ** position) % 10;
      if (digit === 0) {
        pendingZero = text !== '';
        continue;
      }
      text += `${pendingZero ? digits[0] : ''}${digits[digit] ?? ''}${units[position] ?? ''}`;
      pendingZero = false;
    }
    return text;
  };
  if (wanPart === 0) {
    return four(rest) || (digits[0] ?? '零');
  }
  return `${four(wanPart)}万${rest === 0 ? '' : (rest < 1000 ? digits[0] : '') + four(rest)}`;
}

/** A writer's habits: how often they use their own variants of common words, and which ones. */
interface Voice {
  variantChance: number;
  random: SeededRandom;
}

/** Rewrites common words of a sentence in the writer's own way, and adds the writer's lead and remark. */
function speak(template: string, voice: Voice, isMainSentence: boolean): string {
  // 他 alone (not 他们, 他本人, 他的票) is how writers most often vary the way they name the subject.
  let text = template.replace(/他(?![们本票])/g, (word) =>
    voice.random.chance(voice.variantChance) ? voice.random.pick(['此人', '这个人', '该同志', '他本人']) : word,
  );
  for (const [word, variants] of WORD_VARIANTS) {
    if (!text.includes(word)) {
      continue;
    }
    text = text
      .split(word)
      .map((part, index) =>
        index === 0 ? part : (voice.random.chance(voice.variantChance) ? voice.random.pick(variants) : word) + part,
      )
      .join('');
  }
  if (isMainSentence) {
    text = voice.random.pick(SENTENCE_LEADS) + text;
    const tail = voice.random.pick(SENTENCE_TAILS);
    text = tail === '' ? text : text + tail;
  }
  return text;
}

/** Picks the alternatives of `[a|b|c]` groups, so one template yields many surface forms. */
export function expandAlternatives(template: string, random: SeededRandom): string {
  return template.replace(/\[([^\]]+)\]/g, (_match, group: string) => random.pick(group.split('|')));
}

/**
 * Composes a letter about a matter in a randomly chosen style: opening, optional self-introduction, the
 * subject, allegation sentences (some of a second kind), details, demands, sometimes pressure language,
 * closing and signature. Lengths vary around ~350 characters.
 */
export function composeLetter(random: SeededRandom, matter: Matter, reporter: ReporterProfile | null): Letter {
  const segments: Segment[] = [];
  const voice: Voice = { variantChance: random.next() * 0.7, random };
  const add = (role: Segment['role'], family: readonly string[], isParagraphStart: boolean, factIndex = 0): void => {
    const template = expandAlternatives(random.pick(family), random);
    segments.push({
      role,
      template: role === 'detail' || role === 'intro' ? speak(template, voice, false) : template,
      family,
      factIndex,
      isParagraphStart,
    });
  };
  add('opening', OPENINGS, false);
  if (reporter !== null && random.chance(0.6)) {
    add('self', SELF_INTRODUCTIONS, true);
  }
  add('intro', SUBJECT_INTRODUCTIONS, segments.length > 0 && segments[segments.length - 1]?.role !== 'self');
  const allegations = ALLEGATIONS[matter.kind] ?? [];
  const count = random.int(3, Math.min(6, allegations.length));
  const chosen = random.sample(allegations, count);
  chosen.forEach((template, index) => {
    segments.push({
      role: 'allegation',
      template: speak(expandAlternatives(template, random), voice, true),
      family: allegations,
      factIndex: index,
      isParagraphStart: index > 0 && random.chance(0.35),
    });
  });
  if (matter.secondKind !== undefined) {
    const second = ALLEGATIONS[matter.secondKind] ?? [];
    for (const [index, template] of random.sample(second, random.int(1, 2)).entries()) {
      segments.push({
        role: 'allegation',
        template: speak(expandAlternatives(template, random), voice, true),
        family: second,
        factIndex: count + index,
        isParagraphStart: index === 0,
      });
    }
  }
  for (const [index, detail] of random.sample(DETAIL_SENTENCES, random.int(1, 3)).entries()) {
    add('detail', [detail], random.chance(0.3), index);
  }
  add('demand', DEMANDS, true);
  if (random.chance(0.4)) {
    add('demand', DEMANDS, false);
  }
  if (random.chance(0.1)) {
    add('pressure', PRESSURE_SENTENCES, false);
  }
  add('closing', CLOSINGS, true);
  if (reporter !== null && random.chance(0.6)) {
    add('signature', SIGNATURES, true);
  }
  if (random.chance(0.5)) {
    segments.push({ role: 'date', template: '{today}', family: [], factIndex: 0, isParagraphStart: true });
  }
  return { matter, reporter, segments, amountForm: random.pick(AMOUNT_FORMS), synonyms: [] };
}

/** A letter by another person about the same matter, in their own words (an honest co-reporter). */
export function composeOwnWords(random: SeededRandom, matter: Matter, reporter: ReporterProfile | null): Letter {
  const letter = composeLetter(random, matter, reporter);
  letter.synonyms = random.sample(SYNONYMS, random.int(3, 7));
  return letter;
}

/** Renders a letter to text; `today` is the date line. */
export function renderLetter(letter: Letter, today: string): string {
  let text = '';
  for (const segment of letter.segments) {
    const sentence = renderSegment(letter, segment, today);
    if (sentence === '') {
      continue;
    }
    text += text === '' ? sentence : segment.isParagraphStart ? `\n${sentence}` : sentence;
  }
  for (const [from, to] of letter.synonyms) {
    text = text.split(from).join(to);
  }
  return text;
}

/** Renders one segment with the letter's facts and identity. */
export function renderSegment(letter: Letter, segment: Segment, today: string): string {
  const matter = letter.matter;
  const facts = matter.facts[segment.factIndex % matter.facts.length] ?? {};
  const reporter = letter.reporter;
  return segment.template.replace(/\{(\w+)\}/g, (_match, key: string) => {
    switch (key) {
      case 'subject':
        return matter.subject.name;
      case 'position':
        return matter.subject.position;
      case 'unit':
        return matter.subject.unit;
      case 'village':
        return matter.village;
      case 'township':
        return matter.township;
      case 'office':
        return matter.office;
      case 'startYear':
        return String(matter.startYear);
      case 'amount':
        return formatAmount(matter.amounts[segment.factIndex % matter.amounts.length] ?? 10_000, letter.amountForm);
      case 'reporter':
        return reporter?.name ?? '';
      case 'reporterVillage':
        return reporter?.village ?? matter.village;
      case 'group':
        return reporter?.group ?? '一';
      case 'reporterAddress':
        return reporter?.address ?? '';
      case 'phone':
        return reporter?.phone ?? '';
      case 'idNumber':
        return reporter?.idNumber ?? '';
      case 'today':
        return today;
      default:
        return facts[key] ?? '';
    }
  });
}
