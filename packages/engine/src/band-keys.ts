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
 * gives an independent second hash for the 64-bit string keys.
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

const HEX_CODES = Uint8Array.from('0123456789abcdef', (char) => char.charCodeAt(0));

/** Sixteen lower-case hex digits of two 32-bit values, built in one call. */
function hex16(high: number, low: number): string {
  const code = (value: number, shift: number): number => HEX_CODES[(value >>> shift) & 15] ?? 48;
  return String.fromCharCode(
    code(high, 28),
    code(high, 24),
    code(high, 20),
    code(high, 16),
    code(high, 12),
    code(high, 8),
    code(high, 4),
    code(high, 0),
    code(low, 28),
    code(low, 24),
    code(low, 20),
    code(low, 16),
    code(low, 12),
    code(low, 8),
    code(low, 4),
    code(low, 0),
  );
}

const prefixCache = new Map<string, readonly string[]>();

function bandPrefixes(version: string, bands: number): readonly string[] {
  const key = `${version}/${bands}`;
  let prefixes = prefixCache.get(key);
  if (prefixes === undefined) {
    prefixes = Array.from({ length: bands }, (_, band) => `${version}:${band}:`);
    prefixCache.set(key, prefixes);
  }
  return prefixes;
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
  const prefixes = bandPrefixes(indexVersion(snapshot, params), params.bands);
  const first = bandHashes(signature, params);
  const second = bandHashes(signature, params, 0x5bd1e995);
  const keys: string[] = new Array<string>(params.bands);
  for (let band = 0; band < params.bands; band += 1) {
    keys[band] = (prefixes[band] ?? '') + hex16(first[band] ?? 0, second[band] ?? 0);
  }
  return keys;
}
