import { mix32, mixWord, SHINGLE_SEED, shingleWordProduct } from './hash32.js';
import { normalizeUnitsIntoScratch } from './normalize-text.js';
import {
  createPhraseMatcher,
  findPhraseRanges,
  hasPairBit,
  phraseLengthAt,
  type PhraseMatcher,
} from './phrase-matcher.js';
import { slabUint32Array } from './slab.js';
import { sortHashes } from './sort-hashes.js';
import type { BoilerplateSnapshot } from './types.js';

/**
 * Hashes the character n-grams of `units[start..end)` into `out` from `outAt` (room for
 * `end - start` values) and returns how many were written. Specialised for 2-, 3- and 4-grams (the
 * hot path: a 4-gram is two 32-bit words of two units each). A 0 hash is remapped to 1 so 0 can mark
 * empty table slots.
 */
export function hashShinglesInto(
  units: Uint16Array,
  length: number,
  size: number,
  out: Uint32Array,
  start = 0,
  outAt = 0,
): number {
  let count = outAt;
  if (size === 4) {
    for (let i = start; i + 3 < length; i += 1) {
      const second = (units[i + 2] ?? 0) | ((units[i + 3] ?? 0) << 16);
      let h = shingleWordProduct((units[i] ?? 0) | ((units[i + 1] ?? 0) << 16));
      h ^= Math.imul((second << 15) | (second >>> 17), 0x1b873593);
      out[count] = mix32(h ^ 4) || 1;
      count += 1;
    }
    return count - outAt;
  }
  if (size === 3) {
    for (let i = start; i + 2 < length; i += 1) {
      let h = mixWord(SHINGLE_SEED, (units[i] ?? 0) | ((units[i + 1] ?? 0) << 16));
      h = mixWord(h, units[i + 2] ?? 0);
      out[count] = mix32(h ^ 3) || 1;
      count += 1;
    }
    return count - outAt;
  }
  if (size === 2) {
    for (let i = start; i + 1 < length; i += 1) {
      const h = mixWord(SHINGLE_SEED, (units[i] ?? 0) | ((units[i + 1] ?? 0) << 16));
      out[count] = mix32(h ^ 2) || 1;
      count += 1;
    }
    return count - outAt;
  }
  for (let i = start; i + size - 1 < length; i += 1) {
    let h = SHINGLE_SEED;
    let k = 0;
    for (; k + 1 < size; k += 2) {
      h = mixWord(h, (units[i + k] ?? 0) | ((units[i + k + 1] ?? 0) << 16));
    }
    if (k < size) {
      h = mixWord(h, units[i + k] ?? 0);
    }
    out[count] = mix32(h ^ size) || 1;
    count += 1;
  }
  return count - outAt;
}

/** An open-addressing set of 32-bit hashes in a typed array (0 marks an empty slot). */
export interface HashSet32 {
  slots: Uint32Array;
  mask: number;
  size: number;
}

/** Builds a `HashSet32` from sorted or unsorted non-zero hashes. */
export function createHashSet32(values: Uint32Array): HashSet32 {
  // At most a quarter full: a lookup of an absent hash then ends after about one probe.
  let capacity = 16;
  while (capacity < values.length * 4 + 4) {
    capacity *= 2;
  }
  const slots = new Uint32Array(capacity);
  const mask = capacity - 1;
  let size = 0;
  for (const value of values) {
    let slot = value & mask;
    while (slots[slot] !== 0 && slots[slot] !== value) {
      slot = (slot + 1) & mask;
    }
    if (slots[slot] === 0) {
      slots[slot] = value;
      size += 1;
    }
  }
  return { slots, mask, size };
}

/** Whether `value` (non-zero) is in the set. */
export function hasHash32(set: HashSet32, value: number): boolean {
  const { slots, mask } = set;
  let slot = value & mask;
  for (;;) {
    const held = slots[slot] ?? 0;
    if (held === value) {
      return true;
    }
    if (held === 0) {
      return false;
    }
    slot = (slot + 1) & mask;
  }
}

/** How boilerplate is removed: phrases cut out of the text, frequent shingles dropped. */
export interface Exclusion {
  phrases: PhraseMatcher | null;
  frequent: HashSet32;
}

const exclusions = new WeakMap<BoilerplateSnapshot, Exclusion>();
/** The last snapshot asked for and its exclusion: callers fingerprint many texts under one snapshot. */
let lastSnapshot: BoilerplateSnapshot | null = null;
let lastExclusion: Exclusion | null = null;

/** The snapshot's boilerplate as fast lookup structures (built once per snapshot). */
export function exclusionOf(snapshot: BoilerplateSnapshot): Exclusion {
  if (snapshot === lastSnapshot && lastExclusion !== null) {
    return lastExclusion;
  }
  let exclusion = exclusions.get(snapshot);
  if (exclusion === undefined) {
    exclusion = {
      phrases: createPhraseMatcher(snapshot.phrases),
      frequent: createHashSet32(snapshot.frequentShingles),
    };
    exclusions.set(snapshot, exclusion);
  }
  lastSnapshot = snapshot;
  lastExclusion = exclusion;
  return exclusion;
}

let hashBuffer = new Uint32Array(1024);
let rangeBuffer = new Int32Array(1024);
/** A set nothing is in: one empty slot, so the lookup in `hashKeptInto` needs no branch for "no set". */
const NO_FREQUENT: HashSet32 = { slots: new Uint32Array(1), mask: 0, size: 0 };

/**
 * Hashes the n-grams of `units[start..end)` into `out` from `at`, leaving out those in `frequent`,
 * and returns how many were written (the general path; 4-grams take `hashKept4`).
 */
function hashKeptInto(
  units: Uint16Array,
  start: number,
  end: number,
  size: number,
  frequent: HashSet32,
  out: Uint32Array,
  at: number,
): number {
  const written = hashShinglesInto(units, end, size, out, start, at);
  if (frequent.size === 0) {
    return written;
  }
  let kept = at;
  for (let i = at; i < at + written; i += 1) {
    const value = out[i] ?? 0;
    if (!hasHash32(frequent, value)) {
      out[kept] = value;
      kept += 1;
    }
  }
  return kept - at;
}

/** A pair bitmap with no bit set, for shingling without phrases. */
const NO_PAIRS = new Int32Array(0x10000 >>> 5);

/**
 * Where the phrase found at `at` ends, or `blockedEnd` when none starts there. `product` is the
 * `shingleWordProduct` of the two units at `at`.
 */
function phraseEndAt(
  matcher: PhraseMatcher | null,
  units: Uint16Array,
  length: number,
  at: number,
  product: number,
  blockedEnd: number,
): number {
  if (matcher === null || at < blockedEnd || at + 1 >= length || !hasPairBit(matcher.pairs, product)) {
    return blockedEnd;
  }
  const key = (((units[at] ?? 0) << 16) | (units[at + 1] ?? 0)) >>> 0;
  const matched = phraseLengthAt(matcher, units, length, at, key);
  return matched > 0 ? at + matched : blockedEnd;
}

/**
 * The 4-gram path of shingling in one pass over the units (the hot path of fingerprinting): writes
 * into `out` the hashes of the shingles that overlap no phrase and are not frequent (unsorted, with
 * repeats) and returns how many. Phrases are looked for three positions ahead of the shingle being
 * hashed, since a 4-gram overlaps a phrase that starts up to three units after it; phrases are found
 * longest first, left to right, skipping positions inside the last one, as `findPhraseRanges` does.
 * Each two-unit word is multiplied once: the product starts the hash of the shingle at its position
 * (the same hash as `hashShinglesInto`) and its top bits are the phrase matcher's pair filter.
 */
function hashKept4(
  units: Uint16Array,
  length: number,
  phrases: PhraseMatcher | null,
  frequent: HashSet32,
  out: Uint32Array,
): number {
  if (length < 4) {
    return 0;
  }
  const pairs = phrases === null ? NO_PAIRS : phrases.pairs;
  const { slots, mask } = frequent;
  // Products of the words at i, i + 1 and i + 2, the word at i + 2 and the unit at i + 3.
  let unit3 = units[3] ?? 0;
  let word2 = (units[2] ?? 0) | (unit3 << 16);
  let product0 = shingleWordProduct((units[0] ?? 0) | ((units[1] ?? 0) << 16));
  let product1 = shingleWordProduct((units[1] ?? 0) | ((units[2] ?? 0) << 16));
  let product2 = shingleWordProduct(word2);
  // Shingles starting before `blockedEnd` overlap a phrase found so far.
  let blockedEnd = phraseEndAt(phrases, units, length, 0, product0, 0);
  blockedEnd = phraseEndAt(phrases, units, length, 1, product1, blockedEnd);
  blockedEnd = phraseEndAt(phrases, units, length, 2, product2, blockedEnd);
  let count = 0;
  for (let i = 0; i + 3 < length; i += 1) {
    const unit4 = i + 4 < length ? (units[i + 4] ?? 0) : 0;
    const word3 = unit3 | (unit4 << 16);
    const product3 = shingleWordProduct(word3);
    if (i + 3 >= blockedEnd && hasPairBit(pairs, product3)) {
      blockedEnd = phraseEndAt(phrases, units, length, i + 3, product3, blockedEnd);
    }
    if (i >= blockedEnd) {
      let h = product0 ^ Math.imul((word2 << 15) | (word2 >>> 17), 0x1b873593);
      h = mix32(h ^ 4) || 1;
      let slot = h & mask;
      let held = slots[slot] ?? 0;
      while (held !== 0 && held !== h) {
        slot = (slot + 1) & mask;
        held = slots[slot] ?? 0;
      }
      if (held === 0) {
        out[count] = h;
        count += 1;
      }
    }
    product0 = product1;
    product1 = product2;
    product2 = product3;
    word2 = word3;
    unit3 = unit4;
  }
  return count;
}

/**
 * Sorted unique shingle hashes of normalised units with boilerplate removed: phrase occurrences
 * are cut out first (no shingle spans a cut), then frequent shingles are dropped. Returns a view
 * of a scratch buffer, valid until the next call: copy what you keep.
 */
export function shingleUnitsScratch(
  units: Uint16Array,
  length: number,
  size: number,
  exclusion: Exclusion | null,
): Uint32Array {
  return hashBuffer.subarray(0, shingleUnitsIntoScratch(units, length, size, exclusion));
}

/** Writes the sorted unique shingles into the scratch `hashBuffer` and returns how many there are. */
function shingleUnitsIntoScratch(
  units: Uint16Array,
  length: number,
  size: number,
  exclusion: Exclusion | null,
): number {
  if (hashBuffer.length < length + 1) {
    hashBuffer = new Uint32Array(length * 2 + 2);
    rangeBuffer = new Int32Array(length * 2 + 2);
  }
  const out = hashBuffer;
  const phrases = exclusion === null ? null : exclusion.phrases;
  const frequent = exclusion === null || exclusion.frequent.size === 0 ? NO_FREQUENT : exclusion.frequent;
  let count = 0;
  if (size === 4) {
    count = hashKept4(units, length, phrases, frequent, out);
  } else {
    const ranges = rangeBuffer;
    const found = phrases === null ? 0 : findPhraseRanges(phrases, units, length, ranges);
    // Hash each stretch of text between removed phrases on its own.
    let start = 0;
    for (let range = 0; range <= found; range += 1) {
      const end = range < found ? (ranges[range * 2] ?? length) : length;
      if (end - start >= size) {
        count += hashKeptInto(units, start, end, size, frequent, out, count);
      }
      start = range < found ? (ranges[range * 2 + 1] ?? length) : length;
    }
  }
  sortHashes(out, count);
  let unique = 0;
  for (let i = 0; i < count; i += 1) {
    const value = out[i] ?? 0;
    if (unique === 0 || out[unique - 1] !== value) {
      out[unique] = value;
      unique += 1;
    }
  }
  return unique;
}

/** Like `shingleUnitsScratch`, but returns a fresh array (in slab memory: see `slabUint32Array`). */
export function shingleUnits(
  units: Uint16Array,
  length: number,
  size: number,
  exclusion: Exclusion | null,
): Uint32Array {
  const count = shingleUnitsIntoScratch(units, length, size, exclusion);
  const copy = slabUint32Array(count);
  const scratch = hashBuffer;
  for (let i = 0; i < count; i += 1) {
    copy[i] = scratch[i] ?? 0;
  }
  return copy;
}

/**
 * The sorted unique character n-gram hashes of an already normalised text (`normalizeText(…).text`),
 * with the snapshot's boilerplate removed. The n-gram size is the snapshot's.
 */
export function shingleHashes(normalized: string, snapshot: BoilerplateSnapshot): Uint32Array {
  const exclusion = exclusionOf(snapshot); // first: building it may use the scratch buffers
  const { units, length } = normalizeUnitsIntoScratch(normalized);
  return shingleUnits(units, length, snapshot.shingleSize, exclusion);
}
