import { EMPTY_BIN } from './minhash-signature.js';

/**
 * b-bit minwise hashing (Li & König 2010) with b = 8: the low byte of every MinHash bin. A
 * 128-bin signature becomes a 128-byte sketch whose equal bytes estimate the Jaccard similarity
 * well enough to reject band-key candidates that cannot reach the threshold, before their shingle
 * sets are fetched and verified exactly. The sketch never accepts a pair by itself: every kept
 * candidate is still verified by exact Jaccard.
 */
export function signatureSketch(signature: Uint32Array): Uint8Array {
  const sketch = new Uint8Array(signature.length);
  for (let bin = 0; bin < signature.length; bin += 1) {
    sketch[bin] = (signature[bin] ?? EMPTY_BIN) & 0xff;
  }
  return sketch;
}

/** The number of bins whose bytes are equal (sketches of different lengths compare their common prefix). */
export function sketchMatches(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  let matches = 0;
  for (let bin = 0; bin < length; bin += 1) {
    if (a[bin] === b[bin]) {
      matches += 1;
    }
  }
  return matches;
}

/**
 * The default bound on the probability that the pre-check rejects one pair whose true Jaccard is at
 * least the threshold. With about two verified matches a query, 10⁻⁶ a pair is about two lost matches
 * in a million queries under the model; the model assumes twice the variance measured (see
 * `SKETCH_VARIANCE_FACTOR`), so the real rate is lower.
 */
export const DEFAULT_SKETCH_FALSE_REJECTION = 1e-6;

/** Options of `minimumSketchMatches`. */
export interface SketchBoundOptions {
  /** Bins of the signature (default 128). */
  bins?: number;
  /**
   * Independent bins to assume (default `bins`); the count of equal bins is modelled as
   * `bins / effectiveBins` times a binomial over them. `sketchFilter` passes `bins / SKETCH_VARIANCE_FACTOR`.
   */
  effectiveBins?: number;
  /** The bound on the false-rejection probability of one pair (default 10⁻⁶). */
  falseRejection?: number;
}

/**
 * The minimum number of equal sketch bytes a candidate must have so that a pair whose exact
 * Jaccard is at least `threshold` is rejected with probability at most `falseRejection`.
 *
 * Model: the equal bins are `bins / effectiveBins` times a binomial count over `effectiveBins`
 * trials with success probability J — the lower bound of Li & König's J + (1 − J)/2⁸ (chance
 * equality of the low bytes is ignored, which only adds matches). The binomial tail falls as J
 * rises, so the bound at the threshold holds for every J above it. One-permutation bins of a long
 * text are negatively correlated (they partition the union), which makes a binomial over all bins
 * conservative; densified bins of a short text copy each other, which `SKETCH_VARIANCE_FACTOR`
 * covers.
 */
export function minimumSketchMatches(threshold: number, options: SketchBoundOptions = {}): number {
  const bins = options.bins ?? 128;
  const trials = Math.max(1, Math.min(bins, Math.floor(options.effectiveBins ?? bins)));
  const bound = options.falseRejection ?? DEFAULT_SKETCH_FALSE_REJECTION;
  if (!(threshold > 0)) {
    return 0;
  }
  const p = Math.min(1, threshold);
  // Largest x with P(X < x) ≤ bound, X ~ Binomial(trials, p); the pmf is summed in log space.
  let below = 0;
  let successes = 0;
  if (p < 1) {
    const logRatio = Math.log(p) - Math.log1p(-p);
    let logPmf = trials * Math.log1p(-p);
    for (; successes < trials; successes += 1) {
      const next = below + Math.exp(logPmf);
      if (next > bound) {
        break;
      }
      below = next;
      logPmf += Math.log(trials - successes) - Math.log(successes + 1) + logRatio;
    }
  } else {
    successes = trials;
  }
  // Matches M = X·bins/trials; M < m must imply X < successes.
  return Math.floor((successes * bins) / trials);
}

/**
 * How much more the equal-bin count of a real pair varies than a binomial over all bins: the model
 * assumes half as many independent bins. Measured on random sets with J ≈ 0.33 and 0.5 under 20,000–200,000
 * random seeds each, the variance was 0.8× the binomial's for sets of 80 shingles and more, 1.1× at 50,
 * 1.3× at 20–30 and 1.4× at 12, where the copies made by densification move the count in steps.
 */
export const SKETCH_VARIANCE_FACTOR = 2;

/**
 * Pairs where either sketch has fewer distinct bytes than `bins / SKETCH_SHORT_DIVISOR` (under about 17
 * shingles for 128 bins) are always kept: so few values make the count too lumpy for any binomial model.
 */
export const SKETCH_SHORT_DIVISOR = 8;

/** A query's sketch and the matches a candidate needs to be worth verifying. */
export interface SketchFilter {
  sketch: Uint8Array;
  minimumMatches: number;
  /** Distinct bytes a sketch needs to be judged by `minimumMatches` at all (shorter ones are kept). */
  minimumDistinct: number;
}

/**
 * The pre-check of one query: its sketch, the minimum equal bytes (`minimumSketchMatches` at `threshold`
 * over `bins / SKETCH_VARIANCE_FACTOR` independent bins) and the distinct bytes below which a pair is kept
 * unjudged. An empty signature has no band keys, hence no candidates; its filter keeps everything.
 */
export function sketchFilter(
  signature: Uint32Array,
  threshold: number,
  falseRejection = DEFAULT_SKETCH_FALSE_REJECTION,
): SketchFilter {
  const sketch = signatureSketch(signature);
  const bins = signature.length;
  const minimumDistinct = Math.ceil(bins / SKETCH_SHORT_DIVISOR);
  if (bins === 0 || signature[0] === EMPTY_BIN || sketchDistinctBytes(sketch) < minimumDistinct) {
    return { sketch, minimumMatches: 0, minimumDistinct };
  }
  const minimumMatches = minimumSketchMatches(threshold, {
    bins,
    effectiveBins: bins / SKETCH_VARIANCE_FACTOR,
    falseRejection,
  });
  return { sketch, minimumMatches, minimumDistinct };
}

/**
 * The candidates worth verifying exactly, in input order: those whose sketches have at least the
 * filter's minimum of equal bytes, and short ones (too few distinct bytes to judge).
 */
export function prefilterCandidates<T extends { sketch: Uint8Array }>(
  filter: SketchFilter,
  candidates: Iterable<T>,
): T[] {
  const kept: T[] = [];
  for (const candidate of candidates) {
    if (
      sketchMatches(filter.sketch, candidate.sketch) >= filter.minimumMatches ||
      sketchDistinctBytes(candidate.sketch) < filter.minimumDistinct
    ) {
      kept.push(candidate);
    }
  }
  return kept;
}

const seen = new Uint8Array(256);
let generation = 0;

/**
 * The number of distinct byte values in a sketch (a 256-entry table stamped per call, no allocation). A
 * store that filters in SQL keeps it beside the sketch and compares it with `SketchFilter.minimumDistinct`.
 */
export function sketchDistinctBytes(sketch: Uint8Array): number {
  generation = generation === 255 ? 1 : generation + 1;
  if (generation === 1) {
    seen.fill(0);
  }
  let distinct = 0;
  for (const byte of sketch) {
    if (seen[byte] !== generation) {
      seen[byte] = generation;
      distinct += 1;
    }
  }
  return distinct;
}
