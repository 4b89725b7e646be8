import { mix32, mixWord } from './hash32.js';
import { normalizeIntoScratch } from './normalize-text.js';
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

const excludedSets = new WeakMap<BoilerplateSnapshot, HashSet32>();

/** The snapshot's excluded shingles as a fast lookup set (built once per snapshot). */
export function excludedSetOf(snapshot: BoilerplateSnapshot): HashSet32 {
  let set = excludedSets.get(snapshot);
  if (set === undefined) {
    set = createHashSet32(snapshot.excludedShingles);
    excludedSets.set(snapshot, set);
  }
  return set;
}

let hashBuffer = new Uint32Array(1024);

/**
 * Sorted unique shingle hashes of normalised units with the excluded shingles removed.
 * Returns a fresh array.
 */
export function shingleUnits(
  units: Uint16Array,
  length: number,
  size: number,
  excluded: HashSet32 | null,
): Uint32Array {
  if (hashBuffer.length < length) {
    hashBuffer = new Uint32Array(length * 2);
  }
  let count = hashShinglesInto(units, length, size, hashBuffer);
  if (excluded !== null && excluded.size > 0) {
    let kept = 0;
    for (let i = 0; i < count; i += 1) {
      const value = hashBuffer[i] ?? 0;
      if (!hasHash32(excluded, value)) {
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
 * with the snapshot's boilerplate shingles removed. The n-gram size is the snapshot's.
 */
export function shingleHashes(normalized: string, snapshot: BoilerplateSnapshot): Uint32Array {
  const { units, length } = normalizeIntoScratch(normalized);
  return shingleUnits(units, length, snapshot.shingleSize, excludedSetOf(snapshot));
}
