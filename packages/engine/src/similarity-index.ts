import { bandHashes, isEmptySignature } from './band-keys.js';
import { GrowableUint32Array } from './growable-array.js';
import { jaccardAtLeast, similarityFromCounts } from './jaccard.js';
import { checkMinhashParams, DEFAULT_MINHASH_PARAMS } from './minhash-signature.js';
import { radixSortPairs } from './radix-sort-pairs.js';
import { ShingleStore } from './shingle-store.js';
import type { MinhashParams, SimilarityMatch } from './types.js';

/** Options of a `SimilarityIndex`. */
export interface SimilarityIndexOptions {
  params?: MinhashParams;
  /** The index version (`indexVersion(snapshot, params)`); carried through export/import. */
  version?: string;
  /** Default minimum similarity of `query`; default 0.33 (the campaign threshold default). */
  threshold?: number;
}

/** Result of `SimilarityIndex.import`. */
export type IndexImportResult = { kind: 'imported'; index: SimilarityIndex } | { kind: 'invalid'; reason: string };

/**
 * Pending additions are merged into the sorted band arrays once there are this many, or an
 * eighth of the sorted ones if more: merges stay rare as the index grows (amortised O(log n)
 * copies per addition) while lookups in the pending map stay O(1).
 */
const MERGE_AT = 8192;

const MAGIC = 0x5a4d5349; // "ZMSI"
const FORMAT = 1;

/** Exact verification of band-key candidates: those at least `threshold` similar, best first. */
export function verifyCandidates(
  query: Uint32Array,
  candidates: Iterable<{ id: string; shingles: Uint32Array }>,
  threshold: number,
): SimilarityMatch[] {
  const matches: SimilarityMatch[] = [];
  for (const candidate of candidates) {
    const similarity = jaccardAtLeast(query, candidate.shingles, threshold);
    if (similarity >= 0) {
      matches.push({ id: candidate.id, similarity });
    }
  }
  return matches.sort(compareMatches);
}

/** A band-key candidate whose intersection with the query was counted where its shingles are stored. */
export interface CountedCandidate {
  id: string;
  /** |query ∩ candidate| */
  common: number;
  /** |candidate| */
  size: number;
}

/**
 * Exact verification of candidates whose intersections with the query were counted in the database (the
 * band-key table's shingle sets, so the sets need not travel): the same decision and similarities as
 * `verifyCandidates` on the sets themselves, best first.
 */
export function verifyCountedCandidates(
  querySize: number,
  candidates: Iterable<CountedCandidate>,
  threshold: number,
): SimilarityMatch[] {
  const matches: SimilarityMatch[] = [];
  for (const candidate of candidates) {
    const similarity = similarityFromCounts(candidate.common, querySize, candidate.size, threshold);
    if (similarity >= 0) {
      matches.push({ id: candidate.id, similarity });
    }
  }
  return matches.sort(compareMatches);
}

function compareMatches(a: SimilarityMatch, b: SimilarityMatch): number {
  return b.similarity - a.similarity || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * An in-process LSH index for batch runs and archive re-screens: `add` complaints with their
 * signature and shingles, `query` returns the verified matches (exact Jaccard) among the band
 * candidates. Band hashes live in per-band sorted typed arrays (binary search) plus a small map of
 * recent additions, so a million complaints take about 0.5 GB besides their shingles.
 * `export`/`import` round-trip it as bytes.
 */
export class SimilarityIndex {
  readonly params: MinhashParams;
  readonly version: string;
  readonly threshold: number;
  private readonly ids: string[] = [];
  private readonly indexById = new Map<string, number>();
  private readonly shingles = new ShingleStore();
  /** Per document, its band hashes (documents × bands). */
  private readonly hashes = new GrowableUint32Array(1024);
  private readonly removed: Set<number> = new Set();
  /** Per band: sorted hashes and the documents holding them. */
  private sortedKeys: Uint32Array[];
  private sortedDocs: Uint32Array[];
  private sortedCount = 0;
  /**
   * Additions not merged yet: per band, a map from the hash (as a small integer, so no boxed
   * keys) to the last such addition, chained through `pendingNext` (entry = position × bands + band,
   * value = earlier addition + 1, 0 at the end).
   */
  private readonly pendingHeads: Map<number, number>[];
  private readonly pendingNext = new GrowableUint32Array(1024);

  constructor(options: SimilarityIndexOptions = {}) {
    this.params = { ...(options.params ?? DEFAULT_MINHASH_PARAMS) };
    const problem = checkMinhashParams(this.params);
    if (problem !== null) {
      throw new RangeError(`SimilarityIndex: ${problem}`);
    }
    this.version = options.version ?? '';
    this.threshold = options.threshold ?? 0.33;
    this.pendingHeads = Array.from({ length: this.params.bands }, () => new Map<number, number>());
    this.sortedKeys = Array.from({ length: this.params.bands }, () => new Uint32Array(0));
    this.sortedDocs = Array.from({ length: this.params.bands }, () => new Uint32Array(0));
  }

  /** Number of complaints in the index. */
  get size(): number {
    return this.indexById.size;
  }

  /** Whether the index holds `id`. */
  has(id: string): boolean {
    return this.indexById.has(id);
  }

  /** Adds a complaint, or replaces the one with the same id. Empty content is stored but never matches. */
  add(id: string, signature: Uint32Array, shingles: Uint32Array): void {
    const previous = this.indexById.get(id);
    if (previous !== undefined) {
      this.removed.add(previous);
    }
    const index = this.ids.length;
    this.ids.push(id);
    this.indexById.set(id, index);
    this.shingles.add(shingles);
    const bands = isEmptySignature(signature) ? null : bandHashes(signature, this.params);
    this.hashes.pushAll(bands ?? new Uint32Array(this.params.bands));
    if (bands === null) {
      this.removed.add(index);
    }
    for (let band = 0; band < this.params.bands; band += 1) {
      const heads = this.pendingHeads[band];
      const key = (bands?.[band] ?? 0) | 0;
      const previous = bands === null ? undefined : heads?.get(key);
      this.pendingNext.push(previous === undefined ? 0 : previous + 1);
      if (bands !== null) {
        heads?.set(key, index);
      }
    }
    if (this.ids.length - this.sortedCount >= Math.max(MERGE_AT, this.sortedCount >>> 3)) {
      this.merge();
    }
  }

  /** Removes a complaint (its id may be added again later). */
  remove(id: string): boolean {
    const index = this.indexById.get(id);
    if (index === undefined) {
      return false;
    }
    this.indexById.delete(id);
    this.removed.add(index);
    return true;
  }

  /**
   * Complaints at least `minSimilarity` (default: the index threshold) similar to the query, by
   * exact Jaccard over the band candidates, best first. `excludeId` leaves one id out (the query
   * complaint itself when re-screening).
   */
  query(
    signature: Uint32Array,
    shingles: Uint32Array,
    minSimilarity = this.threshold,
    excludeId?: string,
  ): SimilarityMatch[] {
    if (isEmptySignature(signature) || shingles.length === 0) {
      return [];
    }
    const bands = bandHashes(signature, this.params);
    const candidates = new Set<number>();
    bands.forEach((hash, band) => {
      const keys = this.sortedKeys[band] ?? new Uint32Array(0);
      const docs = this.sortedDocs[band] ?? new Uint32Array(0);
      let low = 0;
      let high = keys.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((keys[middle] ?? 0) < hash) {
          low = middle + 1;
        } else {
          high = middle;
        }
      }
      for (let at = low; at < keys.length && keys[at] === hash; at += 1) {
        candidates.add(docs[at] ?? 0);
      }
      const next = this.pendingNext.view;
      let index = this.pendingHeads[band]?.get(hash | 0);
      while (index !== undefined) {
        candidates.add(index);
        const link = next[(index - this.sortedCount) * this.params.bands + band] ?? 0;
        index = link === 0 ? undefined : link - 1;
      }
    });
    const matches: SimilarityMatch[] = [];
    for (const index of candidates) {
      const id = this.ids[index];
      if (id === undefined || this.removed.has(index) || id === excludeId) {
        continue;
      }
      const similarity = jaccardAtLeast(shingles, this.shingles.get(index), minSimilarity);
      if (similarity >= 0) {
        matches.push({ id, similarity });
      }
    }
    return matches.sort(compareMatches);
  }

  /** Moves pending additions into the sorted per-band arrays. */
  private merge(): void {
    const total = this.ids.length;
    const bands = this.params.bands;
    const all = this.hashes.view;
    for (let band = 0; band < bands; band += 1) {
      const oldKeys = this.sortedKeys[band] ?? new Uint32Array(0);
      const oldDocs = this.sortedDocs[band] ?? new Uint32Array(0);
      const freshCount = total - this.sortedCount;
      const freshKeys = new Uint32Array(freshCount);
      const freshDocs = new Uint32Array(freshCount);
      for (let k = 0; k < freshCount; k += 1) {
        const index = this.sortedCount + k;
        freshKeys[k] = all[index * bands + band] ?? 0;
        freshDocs[k] = index;
      }
      const fresh = radixSortPairs(freshKeys, freshDocs);
      const keys = new Uint32Array(oldKeys.length + freshCount);
      const docs = new Uint32Array(oldKeys.length + freshCount);
      let i = 0;
      let j = 0;
      let k = 0;
      while (i < oldKeys.length || j < freshCount) {
        const freshKey = fresh.keys[j] ?? 0;
        if (j >= freshCount || (i < oldKeys.length && (oldKeys[i] ?? 0) <= freshKey)) {
          keys[k] = oldKeys[i] ?? 0;
          docs[k] = oldDocs[i] ?? 0;
          i += 1;
        } else {
          keys[k] = freshKey;
          docs[k] = fresh.values[j] ?? 0;
          j += 1;
        }
        k += 1;
      }
      this.sortedKeys[band] = keys;
      this.sortedDocs[band] = docs;
    }
    this.sortedCount = total;
    for (const heads of this.pendingHeads) {
      heads.clear();
    }
    this.pendingNext.length = 0;
  }

  /** Serialises the index (ids, shingles, band hashes, parameters, version) to bytes. */
  export(): Uint8Array {
    const words = new GrowableUint32Array(1024);
    const { shingleSize, numHashes, bands, rows, seed } = this.params;
    words.pushAll(Uint32Array.of(MAGIC, FORMAT, shingleSize, numHashes, bands, rows, seed >>> 0));
    words.push(Math.round(this.threshold * 1e6));
    pushString(words, this.version);
    words.push(this.ids.length);
    const hashes = this.hashes.view;
    this.ids.forEach((id, index) => {
      const isLive = this.indexById.get(id) === index && !this.removed.has(index);
      words.push(isLive ? 1 : 0);
      pushString(words, isLive ? id : '');
      const set = isLive ? this.shingles.get(index) : new Uint32Array(0);
      words.push(set.length);
      words.pushAll(set);
      words.pushAll(hashes.subarray(index * bands, index * bands + bands));
    });
    const view = words.view.subarray(0, words.length);
    const bytes = new Uint8Array(view.length * 4);
    for (let i = 0; i < view.length; i += 1) {
      const value = view[i] ?? 0;
      bytes[i * 4] = value & 0xff;
      bytes[i * 4 + 1] = (value >>> 8) & 0xff;
      bytes[i * 4 + 2] = (value >>> 16) & 0xff;
      bytes[i * 4 + 3] = value >>> 24;
    }
    return bytes;
  }

  /** Restores an exported index; says why when the bytes are not one. */
  static import(bytes: Uint8Array): IndexImportResult {
    if (bytes.length % 4 !== 0 || bytes.length < 40) {
      return { kind: 'invalid', reason: 'not an exported similarity index (length)' };
    }
    const words = new Uint32Array(bytes.length / 4);
    for (let i = 0; i < words.length; i += 1) {
      words[i] =
        ((bytes[i * 4] ?? 0) |
          ((bytes[i * 4 + 1] ?? 0) << 8) |
          ((bytes[i * 4 + 2] ?? 0) << 16) |
          ((bytes[i * 4 + 3] ?? 0) << 24)) >>>
        0;
    }
    const reader = { at: 0 };
    const next = (): number => {
      if (reader.at >= words.length) {
        throw new RangeError('truncated');
      }
      const value = words[reader.at] ?? 0;
      reader.at += 1;
      return value;
    };
    try {
      if (next() !== MAGIC || next() !== FORMAT) {
        return { kind: 'invalid', reason: 'not an exported similarity index (header)' };
      }
      const params: MinhashParams = {
        shingleSize: next(),
        numHashes: next(),
        bands: next(),
        rows: next(),
        seed: next() | 0,
      };
      const problem = checkMinhashParams(params);
      if (problem !== null) {
        return { kind: 'invalid', reason: problem };
      }
      const threshold = next() / 1e6;
      const version = readString(next);
      const index = new SimilarityIndex({ params, version, threshold });
      const count = next();
      for (let i = 0; i < count; i += 1) {
        const isLive = next() === 1;
        const id = readString(next);
        const length = next();
        if (reader.at + length + params.bands > words.length) {
          throw new RangeError('truncated');
        }
        const set = words.slice(reader.at, reader.at + length);
        reader.at += length;
        const bands = words.slice(reader.at, reader.at + params.bands);
        reader.at += params.bands;
        if (isLive) {
          index.addHashed(id, bands, set);
        }
      }
      index.merge();
      return { kind: 'imported', index };
    } catch (error) {
      if (error instanceof RangeError) {
        return { kind: 'invalid', reason: `exported similarity index is ${error.message}` };
      }
      throw error;
    }
  }

  /** Adds a complaint whose band hashes are already known (import; `merge` follows). */
  private addHashed(id: string, bands: Uint32Array, shingles: Uint32Array): void {
    const index = this.ids.length;
    this.ids.push(id);
    this.indexById.set(id, index);
    this.shingles.add(shingles);
    this.hashes.pushAll(bands);
    if (shingles.length === 0) {
      this.removed.add(index);
    }
  }
}

function pushString(words: GrowableUint32Array, text: string): void {
  words.push(text.length);
  for (let i = 0; i < text.length; i += 1) {
    words.push(text.charCodeAt(i));
  }
}

function readString(next: () => number): string {
  const length = next();
  let text = '';
  for (let i = 0; i < length; i += 1) {
    text += String.fromCharCode(next() & 0xffff);
  }
  return text;
}
