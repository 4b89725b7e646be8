/**
 * Signatures of the engine's functions, committed first so other packages can code against them.
 * Each is replaced by its real implementation file; until then they throw (a broken invariant:
 * calling an unimplemented engine).
 */
import type {
  BatchScreener,
  BoilerplateFrequencyOptions,
  BoilerplateSnapshot,
  LinkageKeyOptions,
  MinhashParams,
  NormalizedText,
  ReporterIdentity,
  ScreeningOptions,
  SimilarityMatch,
  TextFingerprint,
} from './types.js';

function notYet(name: string): never {
  throw new Error(`@zhengming/engine: ${name} is not implemented yet`);
}

/** Default MinHash/LSH parameters (to be tuned). */
export const DEFAULT_MINHASH_PARAMS: MinhashParams = {
  shingleSize: 3,
  numHashes: 128,
  bands: 42,
  rows: 3,
  seed: 0x5a4d,
};
/** Default campaign Jaccard threshold (to be tuned). */
export const DEFAULT_THRESHOLD = 0.4;
/** Default document-frequency cut-off (to be tuned). */
export const DEFAULT_BOILERPLATE_FREQUENCY: BoilerplateFrequencyOptions = { fraction: 0.01, minDocuments: 50 };
/** The curated boilerplate phrase list shipped with the engine. */
export const DEFAULT_BOILERPLATE_PHRASES: readonly string[] = [];

/** Two-pass batch screening. */
export function createBatchScreener(_options: ScreeningOptions): BatchScreener {
  return notYet('createBatchScreener');
}
/** Normalises a Chinese text with an offset map back to the original. */
export function normalizeText(_text: string): NormalizedText {
  return notYet('normalizeText');
}
/** Builds a snapshot from a phrase list and known frequent shingles. */
export function createBoilerplateSnapshot(_options?: {
  phrases?: readonly string[];
  frequentShingles?: Uint32Array;
  frequency?: BoilerplateFrequencyOptions;
  observedDocuments?: number;
  shingleSize?: number;
}): BoilerplateSnapshot {
  return notYet('createBoilerplateSnapshot');
}
/** Counts document frequency over observed texts and freezes a snapshot. */
export interface BoilerplateBuilder {
  observe(text: string): void;
  freeze(): BoilerplateSnapshot;
}
/** Starts a document-frequency pass. */
export function createBoilerplateBuilder(_options?: {
  phrases?: readonly string[];
  frequency?: BoilerplateFrequencyOptions;
  minhash?: MinhashParams;
}): BoilerplateBuilder {
  return notYet('createBoilerplateBuilder');
}
/** Sorted unique shingle hashes of a normalised text, boilerplate removed. */
export function shingleHashes(_normalized: string, _snapshot: BoilerplateSnapshot): Uint32Array {
  return notYet('shingleHashes');
}
/** One-permutation MinHash with optimal densification. */
export function minhashSignature(_shingles: Uint32Array, _params: MinhashParams): Uint32Array {
  return notYet('minhashSignature');
}
/** The version stamped on band keys: snapshot version + parameters. */
export function indexVersion(_snapshot: BoilerplateSnapshot, _params: MinhashParams): string {
  return notYet('indexVersion');
}
/** LSH band keys stamped with the index version. */
export function bandKeys(_signature: Uint32Array, _params: MinhashParams, _snapshot: BoilerplateSnapshot): string[] {
  return notYet('bandKeys');
}
/** Normalise + shingle + MinHash + band keys in one call. */
export function fingerprintText(
  _text: string,
  _snapshot: BoilerplateSnapshot,
  _params?: MinhashParams,
): TextFingerprint {
  return notYet('fingerprintText');
}
/** Exact Jaccard of two sorted unique hash sets. */
export function jaccard(_a: Uint32Array, _b: Uint32Array): number {
  return notYet('jaccard');
}
/** Exact verification of band-key candidates. */
export function verifyCandidates(
  _query: Uint32Array,
  _candidates: Iterable<{ id: string; shingles: Uint32Array }>,
  _threshold: number,
): SimilarityMatch[] {
  return notYet('verifyCandidates');
}
/** HMAC-SHA-256 reporter linkage keys (hex). */
export function linkageKeys(_reporter: ReporterIdentity | null, _options: LinkageKeyOptions): string[] {
  return notYet('linkageKeys');
}
/** Masks identity values, phone numbers and ID numbers in a text. */
export function maskText(_text: string, _values: readonly string[]): string {
  return notYet('maskText');
}
/** Result of importing an exported index. */
export type IndexImportResult = { kind: 'imported'; index: SimilarityIndex } | { kind: 'invalid'; reason: string };
/** In-process LSH index with exact verification. */
export class SimilarityIndex {
  constructor(_options?: { params?: MinhashParams; version?: string }) {}
  /** Number of indexed complaints. */
  get size(): number {
    return notYet('SimilarityIndex.size');
  }
  /** Adds (or replaces) a complaint. */
  add(_id: string, _signature: Uint32Array, _shingles: Uint32Array): void {
    notYet('SimilarityIndex.add');
  }
  /** Verified matches with similarity ≥ minSimilarity, best first. */
  query(_signature: Uint32Array, _shingles: Uint32Array, _minSimilarity?: number): SimilarityMatch[] {
    return notYet('SimilarityIndex.query');
  }
  /** Serialises the index. */
  export(): Uint8Array {
    return notYet('SimilarityIndex.export');
  }
  /** Restores an exported index. */
  static import(_bytes: Uint8Array): IndexImportResult {
    return notYet('SimilarityIndex.import');
  }
}
