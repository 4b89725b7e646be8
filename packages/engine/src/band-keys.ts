import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

import { mix32, mixWord } from './hash32.js';
import { EMPTY_BIN } from './minhash-signature.js';
import type { BoilerplateSnapshot, MinhashParams } from './types.js';

const versions = new WeakMap<BoilerplateSnapshot, Map<string, string>>();

/**
 * The version stamped on band keys: a hash of the boilerplate snapshot version and every MinHash/LSH
 * parameter. Keys of different versions never match, so an index rebuilt with a new snapshot or new
 * parameters cannot be queried with stale keys.
 */
export function indexVersion(snapshot: BoilerplateSnapshot, params: MinhashParams): string {
  const paramsKey = `${params.shingleSize}/${params.numHashes}/${params.bands}/${params.rows}/${params.seed >>> 0}`;
  let known = versions.get(snapshot);
  if (known === undefined) {
    known = new Map();
    versions.set(snapshot, known);
  }
  const cached = known.get(paramsKey);
  if (cached !== undefined) {
    return cached;
  }
  const version = computeIndexVersion(snapshot, params);
  known.set(paramsKey, version);
  return version;
}

function computeIndexVersion(snapshot: BoilerplateSnapshot, params: MinhashParams): string {
  const text = `zhengming-index-1|${snapshot.version}|n=${params.shingleSize}|k=${params.numHashes}|b=${params.bands}|r=${params.rows}|s=${params.seed >>> 0}`;
  return bytesToHex(sha256(utf8ToBytes(text))).slice(0, 12);
}

/** Whether a signature is that of empty content (nothing to band). */
export function isEmptySignature(signature: Uint32Array): boolean {
  return signature.length === 0 || signature[0] === EMPTY_BIN;
}

/**
 * One 32-bit hash per band (`bands` values), the in-process form of the band keys. `salt`
 * gives an independent second hash for the 64-bit stored keys (`stampedBandKeys`).
 */
export function bandHashes(signature: Uint32Array, params: MinhashParams, salt = 0): Uint32Array {
  const out = new Uint32Array(params.bands);
  bandHashesInto(signature, params, out, 0, salt);
  return out;
}

/** Writes the band hashes of `signature` into `out` from `at` (allocation-free `bandHashes`). */
export function bandHashesInto(
  signature: Uint32Array,
  params: MinhashParams,
  out: Uint32Array,
  at: number,
  salt = 0,
): void {
  const { bands, rows } = params;
  for (let band = 0; band < bands; band += 1) {
    let h = mixWord(params.seed ^ salt ^ 0x3c6ef372, band);
    const start = band * rows;
    for (let row = 0; row < rows; row += 1) {
      h = mixWord(h, signature[start + row] ?? 0);
    }
    out[at + band] = mix32(h ^ rows);
  }
}

const stamps = new Map<string, bigint>();

/**
 * The version's 12 hex digits left-aligned in 64 bits. Cached: there are few versions, and a process
 * stamps the keys of every complaint it indexes with the same one.
 */
function versionStamp(version: string): bigint {
  let stamp = stamps.get(version);
  if (stamp === undefined) {
    stamp = BigInt(`0x${version.padEnd(16, '0').slice(0, 16)}`);
    stamps.set(version, stamp);
  }
  return stamp;
}

/**
 * LSH band keys of a signature in the form a band-key table stores them: one signed 64-bit integer a band
 * (a PostgreSQL `bigint`; the band is the position). Each is the band's two independent 32-bit hashes as one
 * 64-bit value XOR the index version's hex digits (`indexVersion`, 12 of them left-aligned in 64 bits), so a
 * key identifies its version too: keys of two versions differ unless their hashes happen to differ by exactly
 * that stamp (odds 2⁻⁶⁴ a pair), which would only add a candidate. Two complaints are candidates when they
 * share any key; candidates must then be verified exactly (`verifyCandidates`). Empty content has no keys.
 */
export function stampedBandKeys(
  signature: Uint32Array,
  params: MinhashParams,
  snapshot: BoilerplateSnapshot,
): BigInt64Array {
  if (isEmptySignature(signature)) {
    return new BigInt64Array(0);
  }
  const stamp = versionStamp(indexVersion(snapshot, params));
  const first = bandHashes(signature, params);
  const second = bandHashes(signature, params, 0x5bd1e995);
  const keys = new BigInt64Array(params.bands);
  for (let band = 0; band < params.bands; band += 1) {
    // A BigInt64Array wraps what it stores to signed 64 bits, as PostgreSQL's bigint holds it.
    keys[band] = ((BigInt(first[band] ?? 0) << 32n) | BigInt(second[band] ?? 0)) ^ stamp;
  }
  return keys;
}
