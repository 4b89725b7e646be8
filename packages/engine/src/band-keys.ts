import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

import { hex32, mix32, mixWord } from './hash32.js';
import { EMPTY_BIN } from './minhash-signature.js';
import type { BoilerplateSnapshot, MinhashParams } from './types.js';

/**
 * The version stamped on band keys: a hash of the boilerplate snapshot version and every MinHash/LSH
 * parameter. Keys of different versions never match, so an index rebuilt with a new snapshot or new
 * parameters cannot be queried with stale keys.
 */
export function indexVersion(snapshot: BoilerplateSnapshot, params: MinhashParams): string {
  const text = `zhengming-index-1|${snapshot.version}|n=${params.shingleSize}|k=${params.numHashes}|b=${params.bands}|r=${params.rows}|s=${params.seed >>> 0}`;
  return bytesToHex(sha256(utf8ToBytes(text))).slice(0, 12);
}

/** Whether a signature is that of empty content (nothing to band). */
export function isEmptySignature(signature: Uint32Array): boolean {
  return signature.length === 0 || signature[0] === EMPTY_BIN;
}

/**
 * One 32-bit hash per band (`bands` values), the in-process form of the band keys. `salt`
 * gives an independent second hash for the 64-bit string keys.
 */
export function bandHashes(signature: Uint32Array, params: MinhashParams, salt = 0): Uint32Array {
  const { bands, rows } = params;
  const out = new Uint32Array(bands);
  for (let band = 0; band < bands; band += 1) {
    let h = mixWord(params.seed ^ salt ^ 0x3c6ef372, band);
    const start = band * rows;
    for (let row = 0; row < rows; row += 1) {
      h = mixWord(h, signature[start + row] ?? 0);
    }
    out[band] = mix32(h ^ rows);
  }
  return out;
}

/**
 * LSH band keys of a signature, as strings to store in PostgreSQL (one row per key, e.g.
 * `(complaint_id, band, key)`): `<indexVersion>:<band>:<16 hex digits>`. Two complaints are
 * candidates when they share any key; candidates must then be verified exactly
 * (`verifyCandidates`). Empty content has no keys.
 */
export function bandKeys(signature: Uint32Array, params: MinhashParams, snapshot: BoilerplateSnapshot): string[] {
  if (isEmptySignature(signature)) {
    return [];
  }
  const version = indexVersion(snapshot, params);
  const first = bandHashes(signature, params);
  const second = bandHashes(signature, params, 0x5bd1e995);
  const keys: string[] = [];
  for (let band = 0; band < params.bands; band += 1) {
    keys.push(`${version}:${band}:${hex32(first[band] ?? 0)}${hex32(second[band] ?? 0)}`);
  }
  return keys;
}
