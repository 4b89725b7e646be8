import { stampedBandKeys } from './band-keys.js';
import { minhashSignature, DEFAULT_MINHASH_PARAMS } from './minhash-signature.js';
import { normalizeUnitsIntoScratch } from './normalize-text.js';
import { exclusionOf, shingleUnits } from './shingle-hashes.js';
import type { BoilerplateSnapshot, MinhashParams, TextFingerprint } from './types.js';

/**
 * Sorted unique shingle hashes of a raw text: normalise, shingle, drop boilerplate.
 * The fast path used by batch screening and the benchmark.
 */
export function textShingles(text: string, snapshot: BoilerplateSnapshot): Uint32Array {
  const exclusion = exclusionOf(snapshot); // first: building it may use the scratch buffers
  const { units, length } = normalizeUnitsIntoScratch(text);
  return shingleUnits(units, length, snapshot.shingleSize, exclusion);
}

/**
 * Everything the similarity machinery needs about one raw text: its shingles (boilerplate
 * removed), MinHash signature and band keys stamped with the index version (`stampedBandKeys`).
 * `params.shingleSize` must equal the snapshot's.
 */
export function fingerprintText(
  text: string,
  snapshot: BoilerplateSnapshot,
  params: MinhashParams = DEFAULT_MINHASH_PARAMS,
): TextFingerprint {
  const shingles = textShingles(text, snapshot);
  const signature = minhashSignature(shingles, params);
  let keys: BigInt64Array | null = null;
  return {
    shingles,
    signature,
    // Made on first use: 64-bit keys cost a BigInt each, and batch callers never need them.
    get bandKeys(): BigInt64Array {
      keys ??= stampedBandKeys(signature, params, snapshot);
      return keys;
    },
  };
}
