/**
 * @zhengming/engine — the pure screening engine (docs/SCREENING.md): no I/O, no Node APIs, no clock or
 * randomness. Everything a caller uses is exported here.
 */
export * from './types.js';
export {
  DEFAULT_MIN_REPORTERS,
  DEFAULT_THRESHOLD,
  DEFAULT_WINDOW_DAYS,
  checkScreeningOptions,
  createBatchScreener,
} from './create-batch-screener.js';
export { normalizeText } from './normalize-text.js';
export {
  DEFAULT_BOILERPLATE_FREQUENCY,
  DEFAULT_BOILERPLATE_PHRASES,
  createBoilerplateSnapshot,
  type BoilerplateSnapshotOptions,
} from './boilerplate-snapshot.js';
export {
  createBoilerplateBuilder,
  type BoilerplateBuilder,
  type BoilerplateBuilderOptions,
} from './create-boilerplate-builder.js';
export { shingleHashes } from './shingle-hashes.js';
export { DEFAULT_MINHASH_PARAMS, minhashSignature } from './minhash-signature.js';
export { indexVersion, stampedBandKeys } from './band-keys.js';
export { fingerprintText, textShingles } from './fingerprint-text.js';
export { intersectionSize, jaccard, similarityFromCounts } from './jaccard.js';
export {
  SimilarityIndex,
  verifyCandidates,
  verifyCountedCandidates,
  type CountedCandidate,
  type IndexImportResult,
  type SimilarityIndexOptions,
} from './similarity-index.js';
export { linkageKeys } from './linkage-keys.js';
export { identityValuesOf, maskText } from './mask-text.js';
export { SIGNAL_TABLE, type SignalKind, type SignalRule } from './signal-table.js';
export {
  DEFAULT_SKETCH_FALSE_REJECTION,
  SKETCH_SHORT_DIVISOR,
  SKETCH_VARIANCE_FACTOR,
  minimumSketchMatches,
  prefilterCandidates,
  signatureSketch,
  sketchDistinctBytes,
  sketchFilter,
  sketchMatches,
  type SketchBoundOptions,
  type SketchFilter,
} from './signature-sketch.js';
