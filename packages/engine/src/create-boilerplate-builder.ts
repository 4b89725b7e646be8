import { bandHashes } from './band-keys.js';
import {
  DEFAULT_BOILERPLATE_FREQUENCY,
  DEFAULT_BOILERPLATE_PHRASES,
  createBoilerplateSnapshot,
} from './boilerplate-snapshot.js';
import { hashString32 } from './hash32.js';
import { jaccardAtLeast } from './jaccard.js';
import { DEFAULT_MINHASH_PARAMS, minhashSignature } from './minhash-signature.js';
import { normalizeIntoScratch } from './normalize-text.js';
import { createPhraseMatcher } from './phrase-matcher.js';
import { createHashSet32, shingleUnits, type Exclusion } from './shingle-hashes.js';
import type { BoilerplateFrequencyOptions, BoilerplateSample, BoilerplateSnapshot, MinhashParams } from './types.js';
import { createUnionFind, findRoot, unionRoots } from './union-find.js';

/** Counts document frequency over observed texts (pass 1) and freezes a snapshot. */
export interface BoilerplateBuilder {
  /** Feeds one text. Deterministic and order independent. */
  observe(text: string): void;
  /** How many texts were observed. */
  readonly observedDocuments: number;
  /** Freezes the snapshot (may be called more than once; later observations count). */
  freeze(): BoilerplateSnapshot;
  /**
   * The sampling level reached (texts are kept when the top `sampleLevel` bits of their hash are 0).
   * It only grows as more texts are observed, so it is a lower bound of the level of any larger input.
   */
  readonly sampleLevel: number;
  /**
   * The document-frequency sample so far, as plain transferable data: a builder can count part of
   * the input (a worker thread) and another one `mergeSample` the parts.
   */
  exportSample(): BoilerplateSample;
  /**
   * Adds a sample exported by a builder with the same options, as if its texts were observed now.
   * Merging the samples of consecutive parts of an input in input order gives the same snapshot as
   * observing the whole input in one builder.
   */
  mergeSample(sample: BoilerplateSample): void;
}

/** Options of `createBoilerplateBuilder`. */
export interface BoilerplateBuilderOptions {
  phrases?: readonly string[];
  frequency?: BoilerplateFrequencyOptions;
  /** The shingle size is taken from here; default `DEFAULT_MINHASH_PARAMS`. */
  minhash?: MinhashParams;
  /** Most texts kept in the frequency sample (default 16384). */
  sampleSize?: number;
  /**
   * Start sampling at this level: texts below it are skipped at once. Only a lower bound of the
   * level the whole input reaches (e.g. the `sampleLevel` of a builder that merged the parts
   * before this one) keeps the merged snapshot unchanged; it saves normalising texts that the
   * merge would drop anyway. Default 0.
   */
  startLevel?: number;
}

/** Texts at least this similar count once: copies of one letter are one source, not a frame. */
const COLLAPSE_THRESHOLD = 0.6;
const SAMPLE_SEED = 0x1b56_c4e9;
/**
 * Phrase matchers by phrase list: a worker thread creates a builder per chunk of its input, and
 * compiling the list each time would cost more than counting a small chunk.
 */
const phraseExclusions = new WeakMap<readonly string[], Exclusion>();

function phrasesOnlyExclusion(phrases: readonly string[]): Exclusion {
  let exclusion = phraseExclusions.get(phrases);
  if (exclusion === undefined) {
    exclusion = { phrases: createPhraseMatcher(phrases), frequent: createHashSet32(new Uint32Array(0)) };
    phraseExclusions.set(phrases, exclusion);
  }
  return exclusion;
}

/** The highest sampling level (a 32-bit hash with 31 leading zero bits). */
const MAX_LEVEL = 31;
const COLLAPSE_PARAMS: MinhashParams = { shingleSize: 3, numHashes: 64, bands: 16, rows: 4, seed: 0x7f4a_7c15 };

interface SampledText {
  hash: number;
  shingles: Uint32Array;
}

/**
 * Starts a document-frequency pass for the boilerplate snapshot (docs/SCREENING.md). Texts are sampled
 * deterministically by a hash of their content (all of them up to `sampleSize`, then a halving
 * hash-prefix sample), so the result does not depend on input order. At freeze, sampled texts that
 * are near-identical (Jaccard ≥ 0.6 after the phrase list) are collapsed into one unit: a shingle
 * is frequent when it occurs in at least `fraction` of the units and in an estimated
 * `minDocuments` texts. Counting units, not texts, keeps a large campaign from erasing itself
 * while form-letter frames around different content are still found.
 */
export function createBoilerplateBuilder(options: BoilerplateBuilderOptions = {}): BoilerplateBuilder {
  const phrases = options.phrases ?? DEFAULT_BOILERPLATE_PHRASES;
  const frequency = options.frequency ?? DEFAULT_BOILERPLATE_FREQUENCY;
  const shingleSize = (options.minhash ?? DEFAULT_MINHASH_PARAMS).shingleSize;
  const sampleSize = Math.max(64, options.sampleSize ?? 16384);
  const phrasesOnly = phrasesOnlyExclusion(phrases);
  let level = Math.min(MAX_LEVEL, Math.max(0, Math.floor(options.startLevel ?? 0)));
  let sample: SampledText[] = [];
  let observed = 0;

  const isSampled = (hash: number): boolean => level === 0 || hash >>> (32 - level) === 0;
  // The sample is every observed text whose hash passes the level, and the level is the lowest
  // that keeps at most `sampleSize` texts: both depend only on the set of texts observed.
  const shrinkToSize = (): void => {
    while (sample.length > sampleSize && level < MAX_LEVEL) {
      level += 1;
      sample = sample.filter((entry) => isSampled(entry.hash));
    }
  };

  return {
    get observedDocuments() {
      return observed;
    },
    get sampleLevel() {
      return level;
    },
    observe(text: string): void {
      observed += 1;
      const hash = hashString32(text, SAMPLE_SEED);
      if (!isSampled(hash)) {
        return;
      }
      const { units, length } = normalizeIntoScratch(text);
      sample.push({ hash, shingles: shingleUnits(units, length, shingleSize, phrasesOnly) });
      shrinkToSize();
    },
    exportSample(): BoilerplateSample {
      let total = 0;
      for (const entry of sample) {
        total += entry.shingles.length;
      }
      const hashes = new Uint32Array(sample.length);
      const ends = new Uint32Array(sample.length);
      const shingles = new Uint32Array(total);
      let at = 0;
      sample.forEach((entry, position) => {
        hashes[position] = entry.hash;
        shingles.set(entry.shingles, at);
        at += entry.shingles.length;
        ends[position] = at;
      });
      return { observed, level, hashes, ends, shingles };
    },
    mergeSample(other: BoilerplateSample): void {
      observed += other.observed;
      if (other.level > level) {
        level = Math.min(MAX_LEVEL, other.level);
        sample = sample.filter((entry) => isSampled(entry.hash));
      }
      let start = 0;
      for (let position = 0; position < other.hashes.length; position += 1) {
        const hash = other.hashes[position] ?? 0;
        const end = other.ends[position] ?? start;
        if (isSampled(hash)) {
          sample.push({ hash, shingles: other.shingles.slice(start, end) });
        }
        start = end;
      }
      shrinkToSize();
    },
    freeze(): BoilerplateSnapshot {
      const frequentShingles = findFrequentShingles(sample, observed, frequency, shingleSize);
      return createBoilerplateSnapshot({
        phrases,
        frequentShingles,
        frequency,
        observedDocuments: observed,
        shingleSize,
      });
    },
  };
}

function findFrequentShingles(
  sample: SampledText[],
  observed: number,
  frequency: BoilerplateFrequencyOptions,
  shingleSize: number,
): Uint32Array {
  const count = sample.length;
  if (count === 0 || observed < frequency.minDocuments) {
    return new Uint32Array(0);
  }
  const unitOf = collapseNearDuplicates(sample, shingleSize, frequency.collapseThreshold ?? COLLAPSE_THRESHOLD);
  let units = 0;
  const unitIds = new Int32Array(count);
  const seenRoots = new Map<number, number>();
  for (let i = 0; i < count; i += 1) {
    const root = unitOf[i] ?? i;
    let unit = seenRoots.get(root);
    if (unit === undefined) {
      unit = units;
      units += 1;
      seenRoots.set(root, unit);
    }
    unitIds[i] = unit;
  }
  // Document frequency per unit in an open-addressing table: key, count, last unit counted.
  let total = 0;
  for (const entry of sample) {
    total += entry.shingles.length;
  }
  let capacity = 1024;
  while (capacity < total * 2) {
    capacity *= 2;
  }
  const keys = new Uint32Array(capacity);
  const counts = new Uint32Array(capacity);
  const lastUnit = new Int32Array(capacity).fill(-1);
  const mask = capacity - 1;
  for (let i = 0; i < count; i += 1) {
    const unit = unitIds[i] ?? 0;
    const shingles = sample[i]?.shingles ?? new Uint32Array(0);
    for (const value of shingles) {
      let slot = value & mask;
      while (keys[slot] !== 0 && keys[slot] !== value) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = value;
      if (lastUnit[slot] !== unit) {
        lastUnit[slot] = unit;
        counts[slot] = (counts[slot] ?? 0) + 1;
      }
    }
  }
  const byShare = Math.ceil(frequency.fraction * units);
  const byCount = Math.ceil((frequency.minDocuments * count) / observed);
  const cutoff = Math.max(2, byShare, byCount);
  const frequent: number[] = [];
  for (let slot = 0; slot < capacity; slot += 1) {
    if ((counts[slot] ?? 0) >= cutoff) {
      frequent.push(keys[slot] ?? 0);
    }
  }
  return Uint32Array.from(frequent).sort();
}

/** Union-find roots of sampled texts after linking those with Jaccard ≥ COLLAPSE_THRESHOLD. */
function collapseNearDuplicates(sample: SampledText[], shingleSize: number, threshold: number): Int32Array {
  const count = sample.length;
  const params = { ...COLLAPSE_PARAMS, shingleSize };
  const parents = createUnionFind(count);
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < count; i += 1) {
    const shingles = sample[i]?.shingles;
    if (shingles === undefined || shingles.length === 0) {
      continue;
    }
    const hashes = bandHashes(minhashSignature(shingles, params), params);
    for (let band = 0; band < hashes.length; band += 1) {
      const key = ((hashes[band] ?? 0) ^ Math.imul(band + 1, 0x9e3779b1)) >>> 0;
      const bucket = buckets.get(key);
      if (bucket === undefined) {
        buckets.set(key, [i]);
        continue;
      }
      for (const j of bucket) {
        const rootI = findRoot(parents, i);
        const rootJ = findRoot(parents, j);
        if (rootI !== rootJ && jaccardAtLeast(shingles, sample[j]?.shingles ?? shingles, threshold) >= 0) {
          unionRoots(parents, rootI, rootJ);
        }
      }
      bucket.push(i);
    }
  }
  const roots = new Int32Array(count);
  for (let i = 0; i < count; i += 1) {
    roots[i] = findRoot(parents, i);
  }
  return roots;
}
