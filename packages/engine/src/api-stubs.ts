/**
 * Signatures of engine functions not implemented yet, committed first so other packages can code
 * against them. Each moves to its own file when implemented; until then it throws.
 */
import type {
  BatchScreener,
  BoilerplateFrequencyOptions,
  BoilerplateSnapshot,
  LinkageKeyOptions,
  MinhashParams,
  ReporterIdentity,
  ScreeningOptions,
  SimilarityMatch,
} from './types.js';

function notYet(name: string): never {
  throw new Error(`@zhengming/engine: ${name} is not implemented yet`);
}

/** Default campaign Jaccard threshold (to be tuned). */
export const DEFAULT_THRESHOLD = 0.4;

/** Two-pass batch screening. */
export function createBatchScreener(_options: ScreeningOptions): BatchScreener {
  return notYet('createBatchScreener');
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
