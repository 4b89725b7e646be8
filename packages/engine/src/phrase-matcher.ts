import { shingleWordProduct } from './hash32.js';
import { normalizeText } from './normalize-text.js';

/**
 * Finds boilerplate phrases in normalised text: an open-addressing table of the phrases' first two
 * units (typed arrays, so a miss costs one probe) pointing at the phrases with that prefix,
 * longest first.
 */
export interface PhraseMatcher {
  /** Prefix key per slot (two UTF-16 units). */
  keys: Uint32Array;
  /** Index into `phrases` of the slot's first phrase, or -1 for an empty slot. */
  firsts: Int32Array;
  /** Number of phrases of the slot. */
  counts: Int32Array;
  phrases: Uint16Array[];
  mask: number;
  /** 1 where some phrase starts with this unit: most positions are rejected by one load. */
  starts: Uint8Array;
  /**
   * A bitmap over a hash of the two-unit prefixes (`hasPairBit`): a position whose pair bit is clear
   * starts no phrase. Sharper than `starts`, since common characters (的, 事, 请) begin phrases too.
   */
  pairs: Int32Array;
}

/**
 * Whether the pair bit of a two-unit prefix is set in `pairs` (2¹⁶ bits). `product` is
 * `shingleWordProduct(units[i] | (units[i + 1] << 16))`: its top bits are the bit, and shingling
 * computes it anyway for the 4-gram hash.
 */
export function hasPairBit(pairs: Int32Array, product: number): boolean {
  const bit = product >>> 16;
  return ((pairs[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0;
}

/** Builds a matcher from raw phrases (normalised here; phrases under two units are ignored). */
export function createPhraseMatcher(phrases: readonly string[]): PhraseMatcher | null {
  const byPrefix = new Map<number, Uint16Array[]>();
  for (const phrase of phrases) {
    // Not the shared scratch buffer: a matcher is built lazily, possibly mid-way through shingling.
    const normalized = normalizeText(phrase).text;
    if (normalized.length < 2) {
      continue;
    }
    const copy = Uint16Array.from(normalized, (char) => char.charCodeAt(0));
    const key = (((copy[0] ?? 0) << 16) | (copy[1] ?? 0)) >>> 0;
    const list = byPrefix.get(key) ?? [];
    if (!list.some((known) => known.length === copy.length && known.every((unit, i) => unit === copy[i]))) {
      list.push(copy);
    }
    byPrefix.set(key, list);
  }
  if (byPrefix.size === 0) {
    return null;
  }
  let capacity = 16;
  while (capacity < byPrefix.size * 4) {
    capacity *= 2;
  }
  const keys = new Uint32Array(capacity);
  const firsts = new Int32Array(capacity).fill(-1);
  const counts = new Int32Array(capacity);
  const all: Uint16Array[] = [];
  const starts = new Uint8Array(0x10000);
  const pairs = new Int32Array(0x10000 >>> 5);
  const mask = capacity - 1;
  for (const [key, list] of byPrefix) {
    let slot = slotOf(key, mask);
    while ((firsts[slot] ?? -1) >= 0) {
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    starts[key >>> 16] = 1;
    const bit = shingleWordProduct((key >>> 16) | ((key & 0xffff) << 16)) >>> 16;
    pairs[bit >>> 5] = (pairs[bit >>> 5] ?? 0) | (1 << (bit & 31));
    firsts[slot] = all.length;
    counts[slot] = list.length;
    all.push(...list.sort((a, b) => b.length - a.length));
  }
  return { keys, firsts, counts, phrases: all, mask, starts, pairs };
}

function slotOf(key: number, mask: number): number {
  return (Math.imul(key, 0x9e3779b1) >>> 16) & mask;
}

/**
 * The length of the longest phrase starting at `i` whose first two units make `key`, or 0. Phrases of a
 * prefix are sorted longest first, so the first that matches is the longest.
 */
export function phraseLengthAt(
  matcher: PhraseMatcher,
  units: Uint16Array,
  length: number,
  i: number,
  key: number,
): number {
  const { keys, firsts, counts, phrases, mask } = matcher;
  let slot = slotOf(key, mask);
  let first = firsts[slot] ?? -1;
  while (first >= 0 && keys[slot] !== key) {
    slot = (slot + 1) & mask;
    first = firsts[slot] ?? -1;
  }
  if (first < 0) {
    return 0;
  }
  const last = first + (counts[slot] ?? 0);
  for (let p = first; p < last; p += 1) {
    const phrase = phrases[p];
    if (phrase === undefined || i + phrase.length > length) {
      continue;
    }
    let k = 2;
    while (k < phrase.length && units[i + k] === phrase[k]) {
      k += 1;
    }
    if (k === phrase.length) {
      return phrase.length;
    }
  }
  return 0;
}

/**
 * Marks in `covered` (1 = inside a phrase, 0 = not) the units of `units[0..length)`, longest match
 * first, and returns how many phrase occurrences were found.
 */
export function markPhrases(matcher: PhraseMatcher, units: Uint16Array, length: number, covered: Uint8Array): number {
  const { starts } = matcher;
  let found = 0;
  let i = 0;
  while (i + 1 < length) {
    if (starts[units[i] ?? 0] === 0) {
      covered[i] = 0;
      i += 1;
      continue;
    }
    const key = (((units[i] ?? 0) << 16) | (units[i + 1] ?? 0)) >>> 0;
    const matched = phraseLengthAt(matcher, units, length, i, key);
    if (matched > 0) {
      covered.fill(1, i, i + matched);
      found += 1;
      i += matched;
    } else {
      covered[i] = 0;
      i += 1;
    }
  }
  covered.fill(0, i, length);
  return found;
}

/**
 * Like `markPhrases`, but writes the occurrences as `[start, end)` pairs into `ranges` (room for
 * `length` values is always enough) instead of marking every unit, and returns how many were found.
 * The hot path of shingling: most texts hold a few phrases, so the ranges are short.
 */
export function findPhraseRanges(
  matcher: PhraseMatcher,
  units: Uint16Array,
  length: number,
  ranges: Int32Array,
): number {
  const { pairs } = matcher;
  let found = 0;
  let i = 0;
  while (i + 1 < length) {
    // Skip ahead while no phrase can start here: one new unit loaded per position.
    let previous = units[i] ?? 0;
    let next = units[i + 1] ?? 0;
    while (!hasPairBit(pairs, shingleWordProduct(previous | (next << 16)))) {
      i += 1;
      if (i + 1 >= length) {
        return found;
      }
      previous = next;
      next = units[i + 1] ?? 0;
    }
    const key = ((previous << 16) | next) >>> 0;
    const matched = phraseLengthAt(matcher, units, length, i, key);
    if (matched > 0) {
      ranges[found * 2] = i;
      ranges[found * 2 + 1] = i + matched;
      found += 1;
      i += matched;
    } else {
      i += 1;
    }
  }
  return found;
}
