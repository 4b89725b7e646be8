import { jaccardAtLeast } from './jaccard.js';
import { createRadixScratch, radixSortPairs } from './radix-sort-pairs.js';
import { createUnionFind, findRoot, unionRoots } from './union-find.js';

/** What linking needs to know about the complaints of a batch. */
export interface LinkInput {
  count: number;
  bands: number;
  /** Per band, the band hash of every complaint (band-major, so each pass reads one array). */
  bandHashes: readonly Uint32Array[];
  /** 1 where the complaint has content (empty content never links). */
  hasContent: Uint8Array;
  /** Calendar day (+08:00) each complaint was received. */
  days: Int32Array;
  shingles(index: number): Uint32Array;
  /** Complaint ids: the last tie-break of the order inside a band bucket. */
  ids: readonly string[];
  threshold: number;
  windowDays: number;
}

/**
 * In a bucket of complaints sharing a band hash, each is verified against at most this many
 * earlier ones (in day order) within the window. Buckets are small except for very large
 * campaigns — whose copies still chain together through their nearest neighbours — and for
 * degenerate collisions, which would otherwise cost quadratic time.
 */
export const BUCKET_NEIGHBOURS = 48;

/** The result of linking: union-find roots and how much work it took. */
export interface LinkResult {
  /** `roots[i]` is the smallest index of complaint i's connected component. */
  roots: Int32Array;
  candidatePairs: number;
  verifiedLinks: number;
}

const EMPTY = new Uint32Array(0);

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
  const firstShingles = new Uint32Array(count);
  for (let i = 0; i < count; i += 1) {
    firstShingles[i] = hasContent[i] === 1 ? (input.shingles(i)[0] ?? 0) : 0;
  }
  let candidatePairs = 0;
  let verifiedLinks = 0;
  const run: number[] = [];
  // The shingle sets of the run's complaints, fetched once each (a complaint is verified against up to
  // BUCKET_NEIGHBOURS others), in run order once the run is sorted.
  const runSets: Uint32Array[] = [];
  const verify = (a: number, setA: Uint32Array, b: number, setB: Uint32Array): void => {
    const rootA = findRoot(parents, a);
    const rootB = findRoot(parents, b);
    if (rootA === rootB) {
      return;
    }
    candidatePairs += 1;
    if (jaccardAtLeast(setA, setB, threshold) >= 0) {
      unionRoots(parents, rootA, rootB);
      verifiedLinks += 1;
    }
  };
  const processRun = (): void => {
    if (run.length === 2) {
      const [a = 0, b = 0] = run;
      if (Math.abs((days[a] ?? 0) - (days[b] ?? 0)) <= windowDays) {
        verify(a, input.shingles(a), b, input.shingles(b));
      }
      return;
    }
    // Day order, then content, then id: never input order, so the result cannot depend on it.
    run.sort(
      (a, b) =>
        (days[a] ?? 0) - (days[b] ?? 0) ||
        (firstShingles[a] ?? 0) - (firstShingles[b] ?? 0) ||
        compareIds(input.ids[a] ?? '', input.ids[b] ?? ''),
    );
    runSets.length = 0;
    for (const index of run) {
      runSets.push(input.shingles(index));
    }
    let windowStart = 0;
    for (let i = 1; i < run.length; i += 1) {
      const index = run[i] ?? 0;
      const set = runSets[i] ?? EMPTY;
      const day = days[index] ?? 0;
      while ((days[run[windowStart] ?? 0] ?? 0) < day - windowDays) {
        windowStart += 1;
      }
      for (let j = Math.max(windowStart, i - BUCKET_NEIGHBOURS); j < i; j += 1) {
        verify(run[j] ?? 0, runSets[j] ?? EMPTY, index, set);
      }
    }
  };
  // One set of sort buffers for every band (each band sorts the same number of pairs).
  const scratch = createRadixScratch(contentCount);
  for (let band = 0; band < bands; band += 1) {
    const bandColumn = bandHashes[band] ?? new Uint32Array(0);
    for (let k = 0; k < contentCount; k += 1) {
      keys[k] = bandColumn[withContent[k] ?? 0] ?? 0;
    }
    const sorted = radixSortPairs(keys, withContent, scratch);
    const sortedKeys = sorted.keys;
    const sortedValues = sorted.values;
    // Only runs of two or more equal keys matter; most keys are unique.
    let start = 0;
    while (start < contentCount) {
      const key = sortedKeys[start] ?? 0;
      let end = start + 1;
      while (end < contentCount && sortedKeys[end] === key) {
        end += 1;
      }
      if (end - start > 1) {
        run.length = 0;
        for (let k = start; k < end; k += 1) {
          run.push(sortedValues[k] ?? 0);
        }
        processRun();
      }
      start = end;
    }
  }
  const roots = new Int32Array(count);
  for (let i = 0; i < count; i += 1) {
    roots[i] = findRoot(parents, i);
  }
  return { roots, candidatePairs, verifiedLinks };
}
