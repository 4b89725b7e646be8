import { mix32, mixWord } from './hash32.js';
import { normalizeIntoScratch } from './normalize-text.js';
import { createPhraseMatcher, markPhrases, type PhraseMatcher } from './phrase-matcher.js';
import type { BoilerplateSnapshot } from './types.js';

/** Seed of the shingle hash (part of the index version through the snapshot's shingle size). */
const SHINGLE_SEED = 0x2f9b_41c3;

/**
 * Hashes the character n-grams of `units[0..length)` into `out` (which must hold `length` values)
 * and returns how many were written. A 0 hash is remapped to 1 so 0 can mark empty table slots.
 */
export function hashShinglesInto(units: Uint16Array, length: number, size: number, out: Uint32Array): number {
  let count = 0;
  if (size === 3) {
    for (let i = 0; i + 2 < length; i += 1) {
      let h = mixWord(SHINGLE_SEED, (units[i] ?? 0) | ((units[i + 1] ?? 0) << 16));
      h = mixWord(h, units[i + 2] ?? 0);
      out[count] = mix32(h ^ 3) || 1;
      count += 1;
    }
    return count;
  }
  if (size === 2) {
    for (let i = 0; i + 1 < length; i += 1) {
      const h = mixWord(SHINGLE_SEED, (units[i] ?? 0) | ((units[i + 1] ?? 0) << 16));
      out[count] = mix32(h ^ 2) || 1;
      count += 1;
    }
    return count;
  }
  for (let i = 0; i + size - 1 < length; i += 1) {
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
  return count;
}

/** An open-addressing set of 32-bit hashes in a typed array (0 marks an empty slot). */
export interface HashSet32 {
  slots: Uint32Array;
  mask: number;
  size: number;
}

/** Builds a `HashSet32` from sorted or unsorted non-zero hashes. */
export function createHashSet32(values: Uint32Array): HashSet32 {
  let capacity = 16;
  while (capacity < values.length * 2 + 2) {
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

/** The snapshot's boilerplate as fast lookup structures (built once per snapshot). */
export function exclusionOf(snapshot: BoilerplateSnapshot): Exclusion {
  let exclusion = exclusions.get(snapshot);
  if (exclusion === undefined) {
    exclusion = {
      phrases: createPhraseMatcher(snapshot.phrases),
      frequent: createHashSet32(snapshot.frequentShingles),
    };
    exclusions.set(snapshot, exclusion);
  }
  return exclusion;
}

let hashBuffer = new Uint32Array(1024);
let coveredBuffer = new Uint8Array(1024);
let keptBuffer = new Uint16Array(1024);

/** Marks a cut between two pieces of text left after a phrase was removed. */
const CUT = 0xffff;

/**
 * Sorted unique shingle hashes of normalised units with boilerplate removed: phrase occurrences
 * are cut out first (no shingle spans a cut), then frequent shingles are dropped. Returns a fresh
 * array.
 */
export function shingleUnits(
  units: Uint16Array,
  length: number,
  size: number,
  exclusion: Exclusion | null,
): Uint32Array {
  if (hashBuffer.length < length + 1) {
    hashBuffer = new Uint32Array(length * 2 + 2);
    coveredBuffer = new Uint8Array(length * 2 + 2);
    keptBuffer = new Uint16Array(length * 2 + 2);
  }
  let source = units;
  let sourceLength = length;
  let hasCuts = false;
  if (exclusion?.phrases != null) {
    const covered = coveredBuffer;
    covered.fill(0, 0, length);
    if (markPhrases(exclusion.phrases, units, length, covered) > 0) {
      let kept = 0;
      for (let i = 0; i < length; i += 1) {
        if (covered[i] === 0) {
          keptBuffer[kept] = units[i] ?? 0;
          kept += 1;
        } else if (kept > 0 && keptBuffer[kept - 1] !== CUT) {
          keptBuffer[kept] = CUT;
          kept += 1;
        }
      }
      source = keptBuffer;
      sourceLength = kept;
      hasCuts = true;
    }
  }
  let count = hashShinglesInto(source, sourceLength, size, hashBuffer);
  if (hasCuts || (exclusion !== null && exclusion.frequent.size > 0)) {
    let kept = 0;
    for (let i = 0; i < count; i += 1) {
      if (hasCuts) {
        // A window that contains a cut would join text from both sides of a removed phrase.
        let spansCut = false;
        for (let k = 0; k < size; k += 1) {
          if (source[i + k] === CUT) {
            spansCut = true;
            break;
          }
        }
        if (spansCut) {
          continue;
        }
      }
      const value = hashBuffer[i] ?? 0;
      if (exclusion === null || exclusion.frequent.size === 0 || !hasHash32(exclusion.frequent, value)) {
        hashBuffer[kept] = value;
        kept += 1;
      }
    }
    count = kept;
  }
  const view = hashBuffer.subarray(0, count);
  view.sort();
  let unique = 0;
  for (let i = 0; i < count; i += 1) {
    const value = view[i] ?? 0;
    if (unique === 0 || view[unique - 1] !== value) {
      view[unique] = value;
      unique += 1;
    }
  }
  return view.slice(0, unique);
}

/**
 * The sorted unique character n-gram hashes of an already normalised text (`normalizeText(…).text`),
 * with the snapshot's boilerplate removed. The n-gram size is the snapshot's.
 */
export function shingleHashes(normalized: string, snapshot: BoilerplateSnapshot): Uint32Array {
  const exclusion = exclusionOf(snapshot); // first: building it may use the scratch buffers
  const { units, length } = normalizeIntoScratch(normalized);
  return shingleUnits(units, length, snapshot.shingleSize, exclusion);
}
