import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

import { BOILERPLATE_PHRASES } from './data/boilerplate-phrases.js';
import { DEFAULT_MINHASH_PARAMS } from './minhash-signature.js';
import type { BoilerplateFrequencyOptions, BoilerplateSnapshot } from './types.js';

/** The curated boilerplate phrase list shipped with the engine. */
export const DEFAULT_BOILERPLATE_PHRASES: readonly string[] = BOILERPLATE_PHRASES;

/**
 * Default document-frequency cut-off: a shingle is boilerplate when it occurs in at least 0.5% of the
 * observed texts (near-identical texts counted once, so a campaign never erases itself) and in at
 * least 20 of them (small batches keep their text).
 */
export const DEFAULT_BOILERPLATE_FREQUENCY: BoilerplateFrequencyOptions = Object.freeze({
  fraction: 0.005,
  minDocuments: 20,
});

/** Sorts a hash array and removes repeats (returns a new array). */
export function sortedUnique(values: Uint32Array): Uint32Array {
  const sorted = values.slice().sort();
  let unique = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    const value = sorted[i] ?? 0;
    if (unique === 0 || sorted[unique - 1] !== value) {
      sorted[unique] = value;
      unique += 1;
    }
  }
  return sorted.slice(0, unique);
}

/** Options of `createBoilerplateSnapshot`. */
export interface BoilerplateSnapshotOptions {
  /** Phrase list; default `DEFAULT_BOILERPLATE_PHRASES`. */
  phrases?: readonly string[];
  /** Shingle hashes found frequent by a first pass (`createBoilerplateBuilder`). */
  frequentShingles?: Uint32Array;
  frequency?: BoilerplateFrequencyOptions;
  observedDocuments?: number;
  /** Default `DEFAULT_MINHASH_PARAMS.shingleSize`. */
  shingleSize?: number;
}

/**
 * Freezes a boilerplate snapshot from a phrase list and the frequent shingles of a first pass.
 * Phrases are cut out of each normalised text before shingling (no shingle spans a cut); frequent
 * shingles are dropped after.
 * Its version is a hash of the list, the frequent shingles, the cut-off and the shingle size, so
 * band keys made under one snapshot are never compared with keys of another. A server stores the
 * phrases and `frequentShingles` and rebuilds the identical snapshot with this function.
 */
export function createBoilerplateSnapshot(options: BoilerplateSnapshotOptions = {}): BoilerplateSnapshot {
  const phrases = Object.freeze([...(options.phrases ?? DEFAULT_BOILERPLATE_PHRASES)]);
  const shingleSize = options.shingleSize ?? DEFAULT_MINHASH_PARAMS.shingleSize;
  const frequency = Object.freeze({ ...(options.frequency ?? DEFAULT_BOILERPLATE_FREQUENCY) });
  const frequentShingles = sortedUnique(options.frequentShingles ?? new Uint32Array(0));
  const hasher = sha256.create();
  hasher.update(
    utf8ToBytes(
      `zhengming-boilerplate-1\nshingle=${shingleSize}\nfraction=${frequency.fraction}\nmin=${frequency.minDocuments}\ncollapse=${frequency.collapseThreshold ?? ''}\n`,
    ),
  );
  for (const phrase of phrases) {
    hasher.update(utf8ToBytes(`${phrase}\n`));
  }
  hasher.update(new Uint8Array(frequentShingles.buffer, frequentShingles.byteOffset, frequentShingles.byteLength));
  return Object.freeze({
    version: bytesToHex(hasher.digest()).slice(0, 16),
    shingleSize,
    phrases,
    frequentShingles,
    frequency,
    observedDocuments: options.observedDocuments ?? 0,
  });
}
