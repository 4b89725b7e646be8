/**
 * 32-bit integer hashing helpers (MurmurHash3 mixing). Integer arithmetic only: `Math.imul`,
 * shifts and `>>> 0`, never floating-point hash arithmetic.
 */

/** MurmurHash3's 32-bit finaliser: a bijective avalanche mix of `h`. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One MurmurHash3 body round: folds the 32-bit word `k` into the running hash `h`. */
export function mixWord(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** Seed of the shingle hash (part of the index version through the snapshot's shingle size). */
export const SHINGLE_SEED = 0x2f9b_41c3;

/**
 * The first product of the 4-gram shingle hash, of the two units `units[i] | (units[i + 1] << 16)`.
 * The phrase matcher's pair filter takes its top bits, so shingling tests each position for a phrase
 * start with the product it needs anyway.
 */
export function shingleWordProduct(word: number): number {
  return Math.imul(word ^ SHINGLE_SEED, 0xcc9e2d51);
}

/** A 32-bit hash of a string's UTF-16 units (not cryptographic; used for sampling and tables). */
export function hashString32(text: string, seed: number): number {
  let h = seed | 0;
  const length = text.length;
  let i = 0;
  for (; i + 1 < length; i += 2) {
    h = mixWord(h, text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16));
  }
  if (i < length) {
    h = mixWord(h, text.charCodeAt(i));
  }
  return mix32(h ^ length);
}
