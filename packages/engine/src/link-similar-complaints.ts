import { jaccardAtLeast } from './jaccard.js';
import { radixSortPairs } from './radix-sort-pairs.js';
import { createUnionFind, findRoot, unionRoots } from './union-find.js';

/** What linking needs to know about the complaints of a batch. */
export interface LinkInput {
  count: number;
  bands: number;
  /** `count × bands` band hashes, complaint-major. */
  bandHashes: Uint32Array;
  /** 1 where the complaint has content (empty content never links). */
  hasContent: Uint8Array;
  /** Calendar day (+08:00) each complaint was received. */
  days: Int32Array;
  shingles(index: number): Uint32Array;
  threshold: number;
  windowDays: number;
}

/** The result of linking: union-find roots and how much work it took. */
export interface LinkResult {
  /** `roots[i]` is the smallest index of complaint i's connected component. */
  roots: Int32Array;
  candidatePairs: number;
  verifiedLinks: number;
}

/**
 * Links complaints whose exact Jaccard similarity reaches the threshold and whose calendar days
 * are at most `windowDays` apart, among the LSH candidates (complaints sharing a band hash), and
 * returns the connected components. A pair already connected is not verified again: components
 * depend only on which pairs link, never on the order complaints were added.
 */
export function linkSimilarComplaints(input: LinkInput): LinkResult {
  const { count, bands, bandHashes, hasContent, days, threshold, windowDays } = input;
  const parents = createUnionFind(count);
  let contentCount = 0;
  for (let i = 0; i < count; i += 1) {
    contentCount += hasContent[i] ?? 0;
  }
  const withContent = new Uint32Array(contentCount);
  for (let i = 0, k = 0; i < count; i += 1) {
    if (hasContent[i] === 1) {
      withContent[k] = i;
      k += 1;
    }
  }
  const keys = new Uint32Array(contentCount);
  let candidatePairs = 0;
  let verifiedLinks = 0;
  const run: number[] = [];
  const verify = (a: number, b: number): void => {
    const rootA = findRoot(parents, a);
    const rootB = findRoot(parents, b);
    if (rootA === rootB) {
      return;
    }
    candidatePairs += 1;
    if (jaccardAtLeast(input.shingles(a), input.shingles(b), threshold) >= 0) {
      unionRoots(parents, rootA, rootB);
      verifiedLinks += 1;
    }
  };
  const processRun = (): void => {
    if (run.length === 2) {
      const [a = 0, b = 0] = run;
      if (Math.abs((days[a] ?? 0) - (days[b] ?? 0)) <= windowDays) {
        verify(a, b);
      }
      return;
    }
    run.sort((a, b) => (days[a] ?? 0) - (days[b] ?? 0) || a - b);
    let windowStart = 0;
    for (let i = 1; i < run.length; i += 1) {
      const index = run[i] ?? 0;
      const day = days[index] ?? 0;
      while ((days[run[windowStart] ?? 0] ?? 0) < day - windowDays) {
        windowStart += 1;
      }
      for (let j = windowStart; j < i; j += 1) {
        verify(run[j] ?? 0, index);
      }
    }
  };
  for (let band = 0; band < bands; band += 1) {
    for (let k = 0; k < contentCount; k += 1) {
      keys[k] = bandHashes[(withContent[k] ?? 0) * bands + band] ?? 0;
    }
    const sorted = radixSortPairs(keys, withContent);
    let previous = -1;
    for (let k = 0; k < contentCount; k += 1) {
      const index = sorted.values[k] ?? 0;
      const key = sorted.keys[k] ?? 0;
      if (key !== previous) {
        if (run.length > 1) {
          processRun();
        }
        run.length = 0;
        previous = key;
      }
      run.push(index);
    }
    if (run.length > 1) {
      processRun();
    }
    run.length = 0;
  }
  const roots = new Int32Array(count);
  for (let i = 0; i < count; i += 1) {
    roots[i] = findRoot(parents, i);
  }
  return { roots, candidatePairs, verifiedLinks };
}
