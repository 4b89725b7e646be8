import { mix32, mixWord } from './hash32.js';
import { slabUint32Array } from './slab.js';
import type { MinhashParams } from './types.js';

/**
 * Default MinHash/LSH parameters (the reasoning is in the engine README): character 4-grams,
 * 128 one-permutation bins in 32 bits, 42 bands of 3 rows. The candidate probability
 * 1 − (1 − J³)⁴² is 0.49 at J = 0.25, 0.78 at the 0.33 campaign threshold, 0.93 at 0.4 and
 * 0.996 at 0.5; a copy needs only one verified link to any fellow copy, and every candidate is
 * verified by exact Jaccard.
 */
export const DEFAULT_MINHASH_PARAMS: MinhashParams = Object.freeze({
  shingleSize: 4,
  numHashes: 128,
  bands: 42,
  rows: 3,
  seed: 0x5a4d_1e01,
});

/** Marks a bin no shingle fell into (bin values are below 2³²⁻ˡᵒᵍ²ᴷ, so never this). */
export const EMPTY_BIN = 0xffffffff;

/** Whether `params` describe a usable MinHash/LSH configuration. */
export function checkMinhashParams(params: MinhashParams): string | null {
  const { shingleSize, numHashes, bands, rows } = params;
  if (!Number.isInteger(shingleSize) || shingleSize < 2 || shingleSize > 8) {
    return 'shingleSize must be an integer from 2 to 8';
  }
  if (!Number.isInteger(numHashes) || numHashes < 16 || numHashes > MAX_BINS || (numHashes & (numHashes - 1)) !== 0) {
    return 'numHashes must be a power of two from 16 to 4096';
  }
  if (!Number.isInteger(bands) || !Number.isInteger(rows) || bands < 1 || rows < 1 || bands * rows > numHashes) {
    return 'bands × rows must be positive integers not above numHashes';
  }
  return null;
}

function log2(value: number): number {
  return 31 - Math.clz32(value);
}

/** The most bins `checkMinhashParams` allows. */
const MAX_BINS = 4096;
/**
 * Bins while a signature is computed: int32 (bin values are below 2³¹), so every load stays an integer.
 * Sized for the largest bin count once, so the hot loops read fixed arrays (no reallocation check).
 */
const work = new Int32Array(MAX_BINS);
/** An empty bin in `work`: above every bin value. */
const WORK_EMPTY = 0x7fffffff;

/** Probe attempts per bin kept in the precomputed table (more are computed on demand). */
const TABLED_ATTEMPTS = 32;
const probeTables = new Map<string, Uint16Array>();

function probe(seed: number, bins: number, bin: number, attempt: number): number {
  return mix32(mixWord(mixWord(seed ^ 0x6a09e667, bin), attempt)) & (bins - 1);
}

/**
 * The first probe targets of every bin for a seed and bin count (computed once), attempt by attempt:
 * `table[attempt * bins + bin]` is the target of attempt `attempt + 1`, so a densification round reads
 * one contiguous row.
 */
let lastTable: { seed: number; bins: number; table: Uint16Array } | null = null;

function probeTable(seed: number, bins: number): Uint16Array {
  if (lastTable !== null && lastTable.seed === seed && lastTable.bins === bins) {
    return lastTable.table;
  }
  const key = `${seed}/${bins}`;
  let table = probeTables.get(key);
  if (table === undefined) {
    table = new Uint16Array(bins * TABLED_ATTEMPTS);
    for (let attempt = 0; attempt < TABLED_ATTEMPTS; attempt += 1) {
      for (let bin = 0; bin < bins; bin += 1) {
        table[attempt * bins + bin] = probe(seed, bins, bin, attempt + 1);
      }
    }
    probeTables.set(key, table);
  }
  lastTable = { seed, bins, table };
  return table;
}

/**
 * Computes the signature of `shingles` into `signature` (length `params.numHashes`). The
 * allocation-free core of `minhashSignature`.
 */
export function minhashInto(shingles: Uint32Array, params: MinhashParams, signature: Uint32Array): void {
  const bins = params.numHashes;
  if (bins > MAX_BINS) {
    throw new RangeError(`numHashes ${bins} is above ${MAX_BINS}`);
  }
  const count = shingles.length;
  if (count === 0) {
    signature.fill(EMPTY_BIN, 0, bins);
    return;
  }
  const binBits = log2(bins);
  const valueMask = binBits === 0 ? 0x7fffffff : 0xffffffff >>> binBits;
  const seed = params.seed | 0;
  const bins32 = work;
  bins32.fill(WORK_EMPTY, 0, bins);
  // Shingle hashes are already avalanche-mixed, so one odd multiply (a bijection) under the seed
  // is permutation enough: its top bits pick the bin, the rest is the value.
  const multiplier = (Math.imul(seed, 2) + 0x9e3779b1) | 1;
  const binShift = 32 - binBits;
  let filled = 0;
  for (let i = 0; i < count; i += 1) {
    const hash = Math.imul((shingles[i] ?? 0) ^ seed, multiplier);
    const bin = hash >>> binShift;
    const value = hash & valueMask;
    const held = bins32[bin] ?? 0;
    if (value < held) {
      filled += held === WORK_EMPTY ? 1 : 0;
      bins32[bin] = value;
    }
  }
  if (filled < bins) {
    densifyInto(bins32, bins, seed, signature);
    return;
  }
  for (let bin = 0; bin < bins; bin += 1) {
    signature[bin] = bins32[bin] ?? 0;
  }
}

/** Bins still empty during densification (a list compacted after each probe round). */
const emptyBins = new Int32Array(MAX_BINS);

/**
 * Writes `bins32` into `signature`, every empty bin taking the value of the first filled bin on its
 * own probe sequence (`bins32` is only read, so empty bins borrow only from bins a shingle filled).
 * Probe rounds go attempt by attempt over the bins still empty, compacting that list without
 * branches, so the loop does not stall on the unpredictable "was this probe filled" of every bin.
 */
function densifyInto(bins32: Int32Array, bins: number, seed: number, signature: Uint32Array): void {
  const filledBins = bins32;
  const list = emptyBins;
  let remaining = 0;
  for (let bin = 0; bin < bins; bin += 1) {
    const value = bins32[bin] ?? 0;
    signature[bin] = value;
    list[remaining] = bin;
    // 1 when the bin is empty: value − WORK_EMPTY is 0 then, negative otherwise.
    remaining += 1 + ((value - WORK_EMPTY) >> 31);
  }
  const table = probeTable(seed, bins);
  for (let attempt = 0; attempt < TABLED_ATTEMPTS && remaining > 0; attempt += 1) {
    const row = attempt * bins;
    let still = 0;
    for (let k = 0; k < remaining; k += 1) {
      const bin = list[k] ?? 0;
      const value = filledBins[table[row + bin] ?? 0] ?? WORK_EMPTY;
      signature[bin] = value;
      list[still] = bin;
      still += 1 + ((value - WORK_EMPTY) >> 31);
    }
    remaining = still;
  }
  for (let k = 0; k < remaining; k += 1) {
    const bin = list[k] ?? 0;
    let value = WORK_EMPTY;
    for (let attempt = TABLED_ATTEMPTS + 1; value === WORK_EMPTY; attempt += 1) {
      value = filledBins[probe(seed, bins, bin, attempt)] ?? WORK_EMPTY;
    }
    signature[bin] = value;
  }
}

/**
 * One-permutation MinHash with optimal densification (Shrivastava 2017): one pass over the
 * shingles, each rehashed under the seed, its top bits choosing one of `numHashes` bins and the
 * rest its value; each bin keeps its minimum. An empty bin borrows the value of the first
 * non-empty bin on its own pseudo-random probe sequence, which keeps the collision probability
 * of every bin equal to the Jaccard similarity. An empty set gives all `EMPTY_BIN`.
 */
export function minhashSignature(shingles: Uint32Array, params: MinhashParams): Uint32Array {
  const signature = slabUint32Array(params.numHashes);
  minhashInto(shingles, params, signature);
  return signature;
}
