import {
  composeLetter,
  composeOwnWords,
  createMatter,
  personName,
  renderLetter,
  withNewFacts,
  type Letter,
  type Matter,
  type ReporterProfile,
} from './compose-letter.js';
import { copyLetter, type CopyTier } from './edit-copies.js';
import { COUNTY_STEMS, FORM_FRAMES, GROUP_NUMBERS, TOWNSHIP_STEMS, VILLAGE_STEMS } from './phrase-banks.js';
import { SeededRandom } from './random.js';

/** Bumped whenever the generator's output changes, so cached corpora are rebuilt. */
export const CORPUS_GENERATOR_VERSION = 4;

const DAY_MS = 86_400_000;
const OFFSET_MS = 8 * 3_600_000;
const CORPUS_START = Date.UTC(2023, 0, 1) - OFFSET_MS;
const CORPUS_END = Date.UTC(2024, 11, 31) - OFFSET_MS;
export const TIERS: readonly CopyTier[] = ['exact', 'light', 'medium', 'heavy'];

/** What the generator knows about each complaint, for scoring the engine's output. */
export interface CorpusTruth {
  size: number;
  /** Campaign index of each complaint, −1 when none. */
  campaignOf: Int32Array;
  /** 0 master, 1 exact, 2 light, 3 medium, 4 heavy (campaign members only). */
  tierOf: Uint8Array;
  /** Honest multi-reporter event of each complaint, −1 when none. */
  honestEventOf: Int32Array;
  /** Form-letter frame of each complaint, −1 when none. */
  frameOf: Int8Array;
  /** 1 expected REPEAT_AFTER_CONCLUSION; 2 new allegation after a conclusion (not a repeat); 3 repeat of a partly substantiated one (not flagged). */
  afterConclusion: Uint8Array;
  /** Shared-contact group (phone, ID number or house address shared by different names), −1 when none. */
  contactGroupOf: Int32Array;
  /** Group of different reporters sharing only a village name as address (must not link), −1 when none. */
  villageOnlyGroupOf: Int32Array;
  /** Whether the complaint is anonymous. */
  isAnonymous: Uint8Array;
  campaigns: number;
  /** For edit-ratio measurement: a sample of (tier, master text, copy text, edit bound). */
  copySamples: { tier: CopyTier; master: string; copy: string; editBound: number }[];
}

/** One JSONL record of the batch contract. */
export interface CorpusRecord {
  id: string;
  receivedAt: string;
  channel: 'letter' | 'visit' | 'phone' | 'online' | 'referred';
  anonymous: boolean;
  reporter: { name: string; phone?: string; idNumber?: string; address?: string } | null;
  subjects: { name: string; unit: string; position: string }[];
  text: string;
  conclusion?: string;
  concludedAt?: string;
}

/** The complaint id of the i-th generated complaint. */
export function corpusId(index: number): string {
  return `C${String(index).padStart(7, '0')}`;
}

/** The index of a generated complaint id. */
export function corpusIndex(id: string): number {
  return Number(id.slice(1));
}

/**
 * Generates a seeded corpus of `size` complaints and calls `emit` for each record in id order. Mix: ~8%
 * campaign members (copies exact/light/medium/heavy in equal shares), ~2% honest multi-reporter events,
 * ~5% in shared form-letter frames, repeats and new allegations after conclusions, shared-contact groups,
 * the rest ordinary complaints. Identity values are unique per person unless a group shares them on purpose.
 */
export function generateCorpus(
  size: number,
  seed: number,
  emit: (record: CorpusRecord) => void,
  samplesPerTier = 400,
): CorpusTruth {
  const random = new SeededRandom(seed);
  const truth: CorpusTruth = {
    size,
    campaignOf: new Int32Array(size).fill(-1),
    tierOf: new Uint8Array(size),
    honestEventOf: new Int32Array(size).fill(-1),
    frameOf: new Int8Array(size).fill(-1),
    afterConclusion: new Uint8Array(size),
    contactGroupOf: new Int32Array(size).fill(-1),
    villageOnlyGroupOf: new Int32Array(size).fill(-1),
    isAnonymous: new Uint8Array(size),
    campaigns: 0,
    copySamples: [],
  };
  const samplesTaken: Record<CopyTier, number> = { exact: 0, light: 0, medium: 0, heavy: 0 };
  let next = 0;
  let personCounter = 0;
  let honestEvents = 0;
  let contactGroups = 0;
  let villageGroups = 0;

  const newReporter = (): ReporterProfile => uniqueReporter(random, personCounter++);
  const push = (record: Omit<CorpusRecord, 'id'>): number => {
    const index = next;
    next += 1;
    truth.isAnonymous[index] = record.anonymous ? 1 : 0;
    emit({ id: corpusId(index), ...record });
    return index;
  };
  const recordFor = (
    letter: Letter,
    text: string,
    receivedAt: number,
    channel?: CorpusRecord['channel'],
  ): Omit<CorpusRecord, 'id'> => ({
    receivedAt: isoChina(receivedAt),
    channel: channel ?? pickChannel(random),
    anonymous: letter.reporter === null,
    reporter: letter.reporter === null ? null : presentReporter(letter.reporter),
    subjects: [{ ...letter.matter.subject }],
    text,
  });
  const randomTime = (): number => CORPUS_START + Math.floor(random.next() * (CORPUS_END - CORPUS_START - 60 * DAY_MS));

  while (next < size) {
    const remaining = size - next;
    const roll = random.next();
    if (roll < 0.012 && remaining >= 4) {
      // A campaign: a master and copies by different people within days of each other.
      const campaign = truth.campaigns++;
      const members = Math.min(remaining, campaignSize(random));
      const matter = createMatter(random, CORPUS_START, CORPUS_END);
      const masterReporter = random.chance(0.85) ? newReporter() : null;
      const master = composeLetter(random, matter, masterReporter);
      const start = randomTime();
      const today = dateLine(start);
      const masterText = renderLetter(master, today);
      const masterIndex = push(recordFor(master, masterText, start));
      truth.campaignOf[masterIndex] = campaign;
      truth.tierOf[masterIndex] = 0;
      for (let member = 1; member < members; member += 1) {
        const tier = TIERS[(member - 1 + campaign) % TIERS.length] ?? 'exact';
        const copier = random.chance(0.85) ? newReporter() : null;
        const copy = copyLetter(random, master, masterText, tier, copier, today);
        const receivedAt = start + Math.floor(random.next() * 20 * DAY_MS);
        const index = push({ ...recordFor({ ...master, reporter: copier }, copy.text, receivedAt) });
        truth.campaignOf[index] = campaign;
        truth.tierOf[index] = TIERS.indexOf(tier) + 1;
        if (samplesTaken[tier] < samplesPerTier) {
          samplesTaken[tier] += 1;
          truth.copySamples.push({ tier, master: masterText, copy: copy.text, editBound: copy.editBound });
        }
      }
    } else if (roll < 0.017 && remaining >= 3) {
      // An honest event: several people report one real problem, each in their own words.
      const event = honestEvents++;
      const matter = createMatter(random, CORPUS_START, CORPUS_END);
      const start = randomTime();
      for (let member = Math.min(remaining, random.int(3, 6)); member > 0; member -= 1) {
        const letter = composeOwnWords(random, matter, random.chance(0.8) ? newReporter() : null);
        const receivedAt = start + Math.floor(random.next() * 15 * DAY_MS);
        const index = push(recordFor(letter, renderLetter(letter, dateLine(receivedAt)), receivedAt));
        truth.honestEventOf[index] = event;
      }
    } else if (roll < 0.027 && remaining >= 2) {
      // After a conclusion: a re-worded repeat (expected), a new allegation (not a repeat), or a repeat of a
      // partly substantiated matter (never flagged).
      const variant = random.int(1, 3);
      const matter = createMatter(random, CORPUS_START, CORPUS_END);
      const reporter = newReporter();
      const original = composeLetter(random, matter, reporter);
      const receivedAt = CORPUS_START + Math.floor(random.next() * 200 * DAY_MS);
      const concludedAt = receivedAt + random.int(30, 120) * DAY_MS;
      const originalText = renderLetter(original, dateLine(receivedAt));
      push({
        ...recordFor(original, originalText, receivedAt),
        conclusion: variant === 3 ? 'partly_substantiated' : 'unfounded',
        concludedAt: isoChina(concludedAt),
      });
      const laterAt = concludedAt + random.int(20, 200) * DAY_MS;
      const laterReporter = random.chance(0.5) ? reporter : newReporter();
      let laterText: string;
      let laterLetter: Letter;
      if (variant === 2) {
        laterLetter = composeLetter(random, withNewFacts(random, matter, CORPUS_START, CORPUS_END), laterReporter);
        laterText = renderLetter(laterLetter, dateLine(laterAt));
      } else {
        laterLetter = { ...original, reporter: laterReporter };
        laterText = copyLetter(random, original, originalText, 'medium', laterReporter, dateLine(laterAt)).text;
      }
      const index = push(recordFor(laterLetter, laterText, laterAt));
      truth.afterConclusion[index] = variant;
    } else if (roll < 0.032 && remaining >= 2) {
      // Different names, one phone / ID number / house address: a shared source (different matters).
      const group = contactGroups++;
      const shared = newReporter();
      const field = random.pick(['phone', 'idNumber', 'address'] as const);
      for (let member = Math.min(remaining, random.int(2, 4)); member > 0; member -= 1) {
        const reporter = { ...newReporter(), [field]: shared[field] };
        const letter = composeLetter(random, createMatter(random, CORPUS_START, CORPUS_END), reporter);
        const receivedAt = randomTime();
        const index = push(recordFor(letter, renderLetter(letter, dateLine(receivedAt)), receivedAt));
        truth.contactGroupOf[index] = group;
      }
    } else if (roll < 0.035 && remaining >= 2) {
      // Different people who give only the same village as address: must not link.
      const group = villageGroups++;
      const village = `${random.pick(TOWNSHIP_STEMS)}镇${random.pick(VILLAGE_STEMS)}村`;
      for (let member = Math.min(remaining, random.int(2, 3)); member > 0; member -= 1) {
        const reporter = { ...newReporter(), address: village };
        const letter = composeLetter(random, createMatter(random, CORPUS_START, CORPUS_END), reporter);
        const receivedAt = randomTime();
        const index = push(recordFor(letter, renderLetter(letter, dateLine(receivedAt)), receivedAt));
        truth.villageOnlyGroupOf[index] = group;
      }
    } else {
      // An ordinary complaint; some wrapped in a shared form-letter frame, some concluded.
      const matter: Matter = createMatter(random, CORPUS_START, CORPUS_END);
      const letter = composeLetter(random, matter, random.chance(0.72) ? newReporter() : null);
      const receivedAt = randomTime();
      let text = renderLetter(letter, dateLine(receivedAt));
      const frameIndex = random.chance(0.055) ? random.int(0, FORM_FRAMES.length - 1) : -1;
      const frame = FORM_FRAMES[frameIndex];
      if (frame !== undefined) {
        const body = letter.segments.filter((segment) => segment.role !== 'opening' && segment.role !== 'closing');
        text = `${frame.head}\n${renderLetter({ ...letter, segments: body }, dateLine(receivedAt))}\n${frame.tail}`;
      }
      const record = recordFor(letter, text, receivedAt);
      if (random.chance(0.15)) {
        record.conclusion = random.pick([
          'substantiated',
          'partly_substantiated',
          'unfounded',
          'unfounded',
          'not_excluded',
          'substantiated_no_violation',
        ]);
        record.concludedAt = isoChina(receivedAt + random.int(30, 120) * DAY_MS);
      }
      const index = push(record);
      truth.frameOf[index] = frameIndex;
    }
  }
  return truth;
}

/** Campaign sizes: mostly a handful of letters, sometimes dozens. */
function campaignSize(random: SeededRandom): number {
  const roll = random.next();
  return roll < 0.6 ? random.int(4, 8) : roll < 0.9 ? random.int(9, 16) : random.int(17, 40);
}

/**
 * A reporter whose phone, ID number and house address are unique for each counter value (bijections of the
 * counter), so only groups built on purpose share a source.
 */
function uniqueReporter(random: SeededRandom, counter: number): ReporterProfile {
  const house = (counter % 150) + 1;
  const group = GROUP_NUMBERS[Math.floor(counter / 150) % 10] ?? '一';
  const village = `${VILLAGE_STEMS[Math.floor(counter / 1500) % VILLAGE_STEMS.length] ?? '红星'}村`;
  const township = `${TOWNSHIP_STEMS[Math.floor(counter / 54_000) % TOWNSHIP_STEMS.length] ?? '城关'}镇`;
  const county = `${COUNTY_STEMS[Math.floor(counter / 1_296_000) % COUNTY_STEMS.length] ?? '清河'}县`;
  const phoneBody = String((counter * 7_919 + 12_345_679) % 1_000_000_000).padStart(9, '0');
  const idSerial = String((counter * 6_007 + 777) % 100_000_000).padStart(8, '0');
  return {
    name: personName(random),
    phone: `1${random.pick(['3', '5', '8', '9'])}${phoneBody}`,
    idNumber: `4127${idSerial.slice(0, 2)}19${String(50 + (counter % 50))}${idSerial.slice(2, 6)}${idSerial.slice(6, 8)}${random.int(0, 9)}${random.pick(['1', '3', '5', 'X'])}`,
    address: `${county}${township}${village}${group}组${house}号`,
    village,
    group,
  };
}

function presentReporter(reporter: ReporterProfile): NonNullable<CorpusRecord['reporter']> {
  return { name: reporter.name, phone: reporter.phone, idNumber: reporter.idNumber, address: reporter.address };
}

function pickChannel(random: SeededRandom): CorpusRecord['channel'] {
  const roll = random.next();
  return roll < 0.4 ? 'letter' : roll < 0.7 ? 'online' : roll < 0.8 ? 'phone' : roll < 0.9 ? 'visit' : 'referred';
}

/** ISO-8601 in +08:00 (what offices' exports carry). */
export function isoChina(epochMs: number): string {
  return `${new Date(epochMs + OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

function dateLine(epochMs: number): string {
  const date = new Date(epochMs + OFFSET_MS);
  return `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日`;
}
