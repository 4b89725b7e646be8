import {
  createBoilerplateBuilder,
  DEFAULT_MINHASH_PARAMS,
  fingerprintText,
  indexVersion,
  jaccard,
  SimilarityIndex,
  type BoilerplateSnapshot,
  type TextFingerprint,
} from '@zhengming/engine';
import { round } from './bench-stats.js';

/** Texts with ids, fingerprinted against one frozen snapshot. */
export interface FingerprintedSample {
  ids: string[];
  texts: string[];
  fingerprints: TextFingerprint[];
  snapshot: BoilerplateSnapshot;
}

/** Freezes a boilerplate snapshot over the texts (first pass) and fingerprints them (second pass). */
export function fingerprintSample(entries: readonly { id: string; text: string }[]): FingerprintedSample {
  const builder = createBoilerplateBuilder({});
  for (const entry of entries) {
    builder.observe(entry.text);
  }
  const snapshot = builder.freeze();
  return {
    ids: entries.map((entry) => entry.id),
    texts: entries.map((entry) => entry.text),
    fingerprints: entries.map((entry) => fingerprintText(entry.text, snapshot, DEFAULT_MINHASH_PARAMS)),
    snapshot,
  };
}

/**
 * All pairs with exact Jaccard ≥ `threshold`, found exhaustively: every pair that shares a shingle is
 * counted through an inverted index (pairs sharing none have Jaccard 0), so nothing is estimated.
 */
export function exactPairs(sample: FingerprintedSample, threshold: number): Set<string> {
  const postings = new Map<number, number[]>();
  sample.fingerprints.forEach((fingerprint, document) => {
    for (const shingle of fingerprint.shingles) {
      const list = postings.get(shingle);
      if (list === undefined) {
        postings.set(shingle, [document]);
      } else {
        list.push(document);
      }
    }
  });
  const result = new Set<string>();
  const counts = new Int32Array(sample.fingerprints.length);
  const touched: number[] = [];
  sample.fingerprints.forEach((fingerprint, document) => {
    for (const shingle of fingerprint.shingles) {
      for (const other of postings.get(shingle) ?? []) {
        if (other > document) {
          if (counts[other] === 0) {
            touched.push(other);
          }
          counts[other] = (counts[other] ?? 0) + 1;
        }
      }
    }
    const size = fingerprint.shingles.length;
    for (const other of touched) {
      const shared = counts[other] ?? 0;
      const union = size + (sample.fingerprints[other]?.shingles.length ?? 0) - shared;
      if (union > 0 && shared / union >= threshold) {
        result.add(`${document}:${other}`);
      }
      counts[other] = 0;
    }
    touched.length = 0;
  });
  return result;
}

/** All pairs the engine's in-process index reports at ≥ `threshold` (LSH candidates, verified exactly). */
export function enginePairs(sample: FingerprintedSample, threshold: number): { pairs: Set<string>; seconds: number } {
  const started = performance.now();
  const index = new SimilarityIndex({
    params: DEFAULT_MINHASH_PARAMS,
    version: indexVersion(sample.snapshot, DEFAULT_MINHASH_PARAMS),
  });
  sample.fingerprints.forEach((fingerprint, document) =>
    index.add(String(document), fingerprint.signature, fingerprint.shingles),
  );
  const pairs = new Set<string>();
  sample.fingerprints.forEach((fingerprint, document) => {
    for (const match of index.query(fingerprint.signature, fingerprint.shingles, threshold)) {
      const other = Number(match.id);
      if (other !== document) {
        pairs.add(document < other ? `${document}:${other}` : `${other}:${document}`);
      }
    }
  });
  return { pairs, seconds: (performance.now() - started) / 1000 };
}

/** Recall and precision of the engine's pairs against the exhaustive exact pairs. */
export function compareWithExact(
  exact: Set<string>,
  found: Set<string>,
): { exactPairs: number; enginePairs: number; recall: number; precision: number } {
  let common = 0;
  for (const pair of found) {
    common += exact.has(pair) ? 1 : 0;
  }
  return {
    exactPairs: exact.size,
    enginePairs: found.size,
    recall: round(exact.size === 0 ? 1 : common / exact.size, 4),
    precision: round(found.size === 0 ? 1 : common / found.size, 4),
  };
}

/** Exact Jaccard of two raw texts under a snapshot (for the tiers' distribution to their master). */
export function textJaccard(a: string, b: string, snapshot: BoilerplateSnapshot): number {
  return jaccard(fingerprintText(a, snapshot).shingles, fingerprintText(b, snapshot).shingles);
}
