import {
  expandAlternatives,
  renderLetter,
  renderSegment,
  type AmountForm,
  type Letter,
  type ReporterProfile,
  type Segment,
} from './compose-letter.js';
import { EXTRA_PARAGRAPHS, SIGNATURES, SYNONYMS, TYPO_PAIRS } from './phrase-banks.js';
import type { SeededRandom } from './random.js';

/** How much a campaign copy differs from its master. */
export type CopyTier = 'exact' | 'light' | 'medium' | 'heavy';

/** Each tier's edit budget as a share of the master's length (character edit distance / length). */
export const TIER_BUDGETS: Record<CopyTier, { min: number; max: number }> = {
  exact: { min: 0, max: 0 },
  light: { min: 0.015, max: 0.06 },
  medium: { min: 0.07, max: 0.16 },
  heavy: { min: 0.18, max: 0.35 },
};

const AMOUNT_FORMS: readonly AmountForm[] = ['wan', 'chinese', 'digits', 'capital', 'approx'];
const MOVABLE_ROLES = new Set<Segment['role']>(['allegation', 'detail', 'demand']);
const REWORDABLE_ROLES = new Set<Segment['role']>(['opening', 'intro', 'allegation', 'detail', 'demand', 'closing']);

/** A text edit applied after rendering, with an upper bound of the characters it changes. */
interface TextEdit {
  apply(text: string): string;
}

/** A campaign copy and the upper bound of its edit distance that the budget was checked against. */
export interface CopyResult {
  text: string;
  /** Sum of the edits' sizes: an upper bound of the character edit distance to the master. */
  editBound: number;
}

/**
 * Makes a campaign copy of a master letter. Edits are whole phrases and sentences, never character noise:
 * light — the copier's own self-introduction and signature, a word swapped, formatting; medium — sentences
 * reworded, deleted or swapped, amounts re-expressed (5万元→五万元→50000元), look-alike typos; heavy — a
 * paragraph added or removed on top. Each edit's size is bounded, and edits stop inside the tier's budget.
 */
export function copyLetter(
  random: SeededRandom,
  master: Letter,
  masterText: string,
  tier: CopyTier,
  copier: ReporterProfile | null,
  today: string,
): CopyResult {
  if (tier === 'exact') {
    return { text: masterText, editBound: 0 };
  }
  const budget = TIER_BUDGETS[tier];
  const length = masterText.length;
  const limit = Math.floor(budget.max * length);
  const target = Math.ceil((budget.min + random.next() * (budget.max - budget.min)) * length);
  const letter: Letter = {
    ...master,
    segments: master.segments.map((segment) => ({ ...segment })),
    synonyms: [...master.synonyms],
  };
  const textEdits: TextEdit[] = [];
  let spent = 0;
  const segmentLength = (segment: Segment, current: Letter = letter): number =>
    renderSegment(current, segment, today).length;
  // A segment that becomes empty (or stops being empty) also drops (or gains) the line break before it.
  const replaceCost = (before: number, after: number): number => Math.max(before, after) + 1;

  // The copier's own identity in the self-introduction and signature comes first: it is what copiers change.
  if (copier !== master.reporter) {
    const withCopier: Letter = { ...letter, reporter: copier };
    let cost = 0;
    for (const segment of letter.segments) {
      if (segment.role === 'self' || segment.role === 'signature') {
        cost += replaceCost(segmentLength(segment), segmentLength(segment, withCopier));
      }
    }
    if (cost <= limit) {
      letter.reporter = copier;
      spent += cost;
    }
  }

  const operations = availableOperations(tier);
  for (let attempt = 0; attempt < 60 && spent < target; attempt += 1) {
    const operation = random.pick(operations);
    const cost = operation(letter, limit - spent);
    if (cost !== undefined) {
      spent += cost;
    }
  }
  let text = renderLetter(letter, today);
  for (const edit of textEdits) {
    text = edit.apply(text);
  }
  return { text, editBound: spent };

  function availableOperations(current: CopyTier): ((letter: Letter, room: number) => number | undefined)[] {
    const light = [swapWord, changeFormatting, addSignature];
    const medium = [...light, rewordSentence, rewordSentence, deleteSentence, swapSentences, reexpressAmounts, addTypo];
    const heavy = [...medium, addParagraph, addParagraph, removeParagraph];
    return current === 'light' ? light : current === 'medium' ? medium : heavy;
  }

  function swapWord(_letter: Letter, room: number): number | undefined {
    const rendered = renderLetter(letter, today);
    const [from, to] = random.pick(SYNONYMS);
    const cost = Math.max(from.length, to.length);
    if (cost > room || !rendered.includes(from)) {
      return undefined;
    }
    textEdits.push({ apply: (text) => text.replace(from, to) });
    return cost;
  }

  function changeFormatting(_letter: Letter, room: number): number | undefined {
    if (room < 2) {
      return undefined;
    }
    const choice = random.int(0, 2);
    if (choice === 0) {
      const segment = random.pick(letter.segments);
      segment.isParagraphStart = !segment.isParagraphStart;
      return 1;
    }
    if (choice === 1) {
      textEdits.push({ apply: (text) => text.replace('，', ',') });
      return 1;
    }
    textEdits.push({ apply: (text) => text.replace('。', '。 ') });
    return 1;
  }

  function addSignature(_letter: Letter, room: number): number | undefined {
    if (copier === null || letter.segments.some((segment) => segment.role === 'signature')) {
      return undefined;
    }
    const segment: Segment = {
      role: 'signature',
      template: random.pick(SIGNATURES),
      family: SIGNATURES,
      factIndex: 0,
      isParagraphStart: true,
    };
    const cost = segmentLength(segment) + 1;
    if (cost > room) {
      return undefined;
    }
    letter.segments.push(segment);
    return cost;
  }

  function rewordSentence(_letter: Letter, room: number): number | undefined {
    const candidates = letter.segments.filter(
      (segment) => REWORDABLE_ROLES.has(segment.role) && segment.family.length > 1,
    );
    if (candidates.length === 0) {
      return undefined;
    }
    const segment = random.pick(candidates);
    const replacement: Segment = { ...segment, template: expandAlternatives(random.pick(segment.family), random) };
    if (replacement.template === segment.template) {
      return undefined;
    }
    const cost = replaceCost(segmentLength(segment), segmentLength(replacement));
    if (cost > room) {
      return undefined;
    }
    segment.template = replacement.template;
    return cost;
  }

  function deleteSentence(_letter: Letter, room: number): number | undefined {
    const allegations = letter.segments.filter((segment) => segment.role === 'allegation').length;
    const candidates = letter.segments.filter(
      (segment) => MOVABLE_ROLES.has(segment.role) && (segment.role !== 'allegation' || allegations > 2),
    );
    if (candidates.length === 0) {
      return undefined;
    }
    const segment = random.pick(candidates);
    const cost = segmentLength(segment) + 1;
    if (cost > room) {
      return undefined;
    }
    letter.segments.splice(letter.segments.indexOf(segment), 1);
    return cost;
  }

  function swapSentences(_letter: Letter, room: number): number | undefined {
    const index = random.int(0, letter.segments.length - 2);
    const first = letter.segments[index];
    const second = letter.segments[index + 1];
    if (
      first === undefined ||
      second === undefined ||
      !MOVABLE_ROLES.has(first.role) ||
      !MOVABLE_ROLES.has(second.role)
    ) {
      return undefined;
    }
    const cost = 2 * Math.min(segmentLength(first), segmentLength(second)) + 2;
    if (cost > room) {
      return undefined;
    }
    letter.segments[index] = second;
    letter.segments[index + 1] = first;
    return cost;
  }

  function reexpressAmounts(_letter: Letter, room: number): number | undefined {
    const form = random.pick(AMOUNT_FORMS.filter((other) => other !== letter.amountForm));
    const changed: Letter = { ...letter, amountForm: form };
    let cost = 0;
    for (const segment of letter.segments) {
      if (segment.template.includes('{amount}')) {
        cost += replaceCost(segmentLength(segment), segmentLength(segment, changed));
      }
    }
    if (cost === 0 || cost > room) {
      return undefined;
    }
    letter.amountForm = form;
    return cost;
  }

  function addTypo(_letter: Letter, room: number): number | undefined {
    if (room < 1) {
      return undefined;
    }
    const [from, to] = random.pick(TYPO_PAIRS);
    textEdits.push({ apply: (text) => text.replace(from, to) });
    return 1;
  }

  function addParagraph(_letter: Letter, room: number): number | undefined {
    const segment: Segment = {
      role: 'detail',
      template: random.pick(EXTRA_PARAGRAPHS),
      family: EXTRA_PARAGRAPHS,
      factIndex: random.int(0, 5),
      isParagraphStart: true,
    };
    const cost = segmentLength(segment) + 1;
    if (cost > room) {
      return undefined;
    }
    const positions = letter.segments
      .map((existing, index) => ({ existing, index }))
      .filter(({ existing }) => MOVABLE_ROLES.has(existing.role))
      .map(({ index }) => index + 1);
    letter.segments.splice(positions.length > 0 ? random.pick(positions) : letter.segments.length, 0, segment);
    return cost;
  }

  function removeParagraph(_letter: Letter, room: number): number | undefined {
    const starts = letter.segments
      .map((segment, index) => ({ segment, index }))
      .filter(({ segment }) => segment.isParagraphStart && MOVABLE_ROLES.has(segment.role));
    if (starts.length === 0) {
      return undefined;
    }
    const { index } = random.pick(starts);
    let end = index + 1;
    while (
      end < letter.segments.length &&
      !letter.segments[end]?.isParagraphStart &&
      MOVABLE_ROLES.has(letter.segments[end]?.role ?? 'opening')
    ) {
      end += 1;
    }
    const removed = letter.segments.slice(index, end);
    if (
      letter.segments.filter((segment) => segment.role === 'allegation').length -
        removed.filter((segment) => segment.role === 'allegation').length <
      1
    ) {
      return undefined;
    }
    const cost = removed.reduce((sum, segment) => sum + segmentLength(segment), 0) + 1;
    if (cost > room) {
      return undefined;
    }
    letter.segments.splice(index, end - index);
    return cost;
  }
}

/** Character edit distance (Levenshtein) of two strings, in O(|a|·|b|) time and O(|b|) memory. */
export function editDistance(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  const previous = new Int32Array(b.length + 1);
  const current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j += 1) {
    previous[j] = j;
  }
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    const charA = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (charA === b.charCodeAt(j - 1) ? 0 : 1);
      const deletion = (previous[j] ?? 0) + 1;
      const insertion = (current[j - 1] ?? 0) + 1;
      current[j] = Math.min(substitution, deletion, insertion);
    }
    previous.set(current);
  }
  return previous[b.length] ?? 0;
}
