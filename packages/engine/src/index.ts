/** @zhengming/engine: pure screening engine (no I/O, no Node APIs). */
export * from './types.js';
export * from './api-stubs.js';
export { normalizeText } from './normalize-text.js';
export { shingleHashes } from './shingle-hashes.js';
export { DEFAULT_MINHASH_PARAMS, minhashSignature } from './minhash-signature.js';
export { bandKeys, indexVersion } from './band-keys.js';
export { fingerprintText } from './fingerprint-text.js';
export { jaccard } from './jaccard.js';
export {
  DEFAULT_BOILERPLATE_FREQUENCY,
  DEFAULT_BOILERPLATE_PHRASES,
  createBoilerplateSnapshot,
  type BoilerplateSnapshotOptions,
} from './boilerplate-snapshot.js';
export { createBoilerplateBuilder as createBoilerplateBuilderImpl } from './create-boilerplate-builder.js';
