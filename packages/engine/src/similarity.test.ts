import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import {
  DEFAULT_MINHASH_PARAMS,
  SimilarityIndex,
  createBoilerplateSnapshot,
  fingerprintText,
  indexVersion,
  intersectionSize,
  jaccard,
  minhashSignature,
  normalizeText,
  shingleHashes,
  stampedBandKeys,
  verifyCandidates,
  verifyCountedCandidates,
} from './index.js';
import { UNRELATED_TEXTS, townshipLetter } from './test-support/fixtures.js';

const snapshot = createBoilerplateSnapshot();
const chinese = fc.string({
  unit: fc.constantFrom(...'村委会主任贾某某挪用扶贫资金工程款低保亲属镇纪委反映问题群众'.split('')),
  maxLength: 120,
});
const sortedSet = fc
  .uniqueArray(fc.integer({ min: 1, max: 2 ** 32 - 1 }), { maxLength: 60 })
  .map((values) => Uint32Array.from(values).sort());

describe('jaccard', () => {
  test.prop([sortedSet, sortedSet])('is symmetric and within [0, 1]', (a, b) => {
    const ab = jaccard(a, b);
    expect(ab).toBe(jaccard(b, a));
    expect(ab).toBeGreaterThanOrEqual(0);
    expect(ab).toBeLessThanOrEqual(1);
  });

  test.prop([chinese, chinese])('is symmetric and within [0, 1] on texts', (x, y) => {
    const a = shingleHashes(normalizeText(x).text, snapshot);
    const b = shingleHashes(normalizeText(y).text, snapshot);
    expect(jaccard(a, b)).toBe(jaccard(b, a));
    expect(jaccard(a, b)).toBeGreaterThanOrEqual(0);
    expect(jaccard(a, b)).toBeLessThanOrEqual(1);
  });

  test.prop([chinese.filter((text) => normalizeText(text).text.length >= 8)], { numRuns: 60 })(
    'a text matches itself',
    (text) => {
      const shingles = shingleHashes(text, snapshot);
      if (shingles.length > 0) {
        expect(jaccard(shingles, shingles)).toBe(1);
        const { signature } = fingerprintText(text, snapshot);
        const index = new SimilarityIndex();
        index.add('self', signature, shingles);
        expect(index.query(signature, shingles)).toEqual([{ id: 'self', similarity: 1 }]);
      }
    },
  );

  it('gives empty content no similarity, not even to itself', () => {
    expect(jaccard(new Uint32Array(0), new Uint32Array(0))).toBe(0);
    const onlyBoilerplate = shingleHashes('尊敬的领导：您好！此致敬礼！', snapshot);
    expect(onlyBoilerplate).toHaveLength(0);
  });
});

describe('minhashSignature and stampedBandKeys', () => {
  it('estimates Jaccard similarity from one-permutation signatures', () => {
    const a = fingerprintText(townshipLetter('李桂英', '13805712233'), snapshot);
    const b = fingerprintText(townshipLetter('王德福', '13905713344'), snapshot);
    const exact = jaccard(a.shingles, b.shingles);
    let equal = 0;
    for (let i = 0; i < a.signature.length; i += 1) {
      equal += a.signature[i] === b.signature[i] ? 1 : 0;
    }
    expect(Math.abs(equal / a.signature.length - exact)).toBeLessThan(0.15);
  });

  it('densifies signatures of short texts so every bin is filled', () => {
    const { signature } = fingerprintText('村主任挪用扶贫款', snapshot);
    expect(signature).toHaveLength(DEFAULT_MINHASH_PARAMS.numHashes);
    expect([...signature].every((value) => value !== 0xffffffff)).toBe(true);
  });

  it('stamps band keys with the snapshot and parameter version', () => {
    const { signature } = fingerprintText(UNRELATED_TEXTS[0] ?? '', snapshot);
    const keys = stampedBandKeys(signature, DEFAULT_MINHASH_PARAMS, snapshot);
    const version = indexVersion(snapshot, DEFAULT_MINHASH_PARAMS);
    expect(keys).toHaveLength(DEFAULT_MINHASH_PARAMS.bands);
    expect(stampedBandKeys(Uint32Array.from(signature), DEFAULT_MINHASH_PARAMS, snapshot)).toEqual(keys);
    const other = createBoilerplateSnapshot({ phrases: ['举报'] });
    const otherVersion = indexVersion(other, DEFAULT_MINHASH_PARAMS);
    expect(otherVersion).not.toBe(version);
    expect(indexVersion(snapshot, { ...DEFAULT_MINHASH_PARAMS, bands: 32, rows: 4 })).not.toBe(version);
    // The same signature under another version shares no key, and only the stamp (the version's hex digits
    // left-aligned in 64 bits) tells the two apart.
    const otherKeys = stampedBandKeys(signature, DEFAULT_MINHASH_PARAMS, other);
    expect(keys.some((key, band) => key === otherKeys[band])).toBe(false);
    const unstamp = (key: bigint, stampedWith: string): bigint =>
      BigInt.asUintN(64, key) ^ BigInt(`0x${stampedWith.padEnd(16, '0')}`);
    keys.forEach((key, band) => {
      expect(unstamp(key, version)).toBe(unstamp(otherKeys[band] ?? 0n, otherVersion));
    });
  });

  it('gives empty content no band keys', () => {
    const empty = minhashSignature(new Uint32Array(0), DEFAULT_MINHASH_PARAMS);
    expect(stampedBandKeys(empty, DEFAULT_MINHASH_PARAMS, snapshot)).toHaveLength(0);
  });
});

describe('SimilarityIndex', () => {
  const texts = [townshipLetter('李桂英', '13805712233'), townshipLetter('王德福', '13905713344'), ...UNRELATED_TEXTS];
  const build = (): SimilarityIndex => {
    const index = new SimilarityIndex({ version: indexVersion(snapshot, DEFAULT_MINHASH_PARAMS) });
    texts.forEach((text, position) => {
      const { signature, shingles } = fingerprintText(text, snapshot);
      index.add(`K${position}`, signature, shingles);
    });
    return index;
  };

  it('finds the copies of a letter and verifies them exactly', () => {
    const index = build();
    const probe = fingerprintText(townshipLetter('赵春兰', '13705714455'), snapshot);
    const matches = index.query(probe.signature, probe.shingles);
    expect(matches.map((match) => match.id)).toEqual(['K0', 'K1']);
    expect(matches[0]?.similarity).toBeGreaterThan(0.9);
    expect(index.query(probe.signature, probe.shingles, 0.3, 'K0').map((match) => match.id)).toEqual(['K1']);
  });

  it('round-trips through export and import', () => {
    const index = build();
    index.remove('K3');
    const imported = SimilarityIndex.import(index.export());
    expect(imported.kind).toBe('imported');
    if (imported.kind !== 'imported') {
      return;
    }
    expect(imported.index.size).toBe(texts.length - 1);
    expect(imported.index.version).toBe(index.version);
    for (const text of texts) {
      const probe = fingerprintText(text, snapshot);
      expect(imported.index.query(probe.signature, probe.shingles)).toEqual(
        index.query(probe.signature, probe.shingles),
      );
    }
  });

  it('says why bytes are not an index instead of throwing', () => {
    expect(SimilarityIndex.import(new Uint8Array(7)).kind).toBe('invalid');
    const bytes = new SimilarityIndex().export();
    expect(SimilarityIndex.import(bytes.subarray(0, bytes.length - 4))).toMatchObject({ kind: 'invalid' });
  });

  it('keeps matching after many additions merge into its sorted bands', () => {
    const index = new SimilarityIndex();
    for (let i = 0; i < 9000; i += 1) {
      const text = `${UNRELATED_TEXTS[i % UNRELATED_TEXTS.length] ?? ''}编号${String(i).padStart(5, '0')}补充情况${i % 97}`;
      const { signature, shingles } = fingerprintText(text, snapshot);
      index.add(`U${i}`, signature, shingles);
    }
    const probe = fingerprintText(townshipLetter('李桂英', '13805712233'), snapshot);
    index.add('T', probe.signature, probe.shingles);
    expect(index.query(probe.signature, probe.shingles)[0]).toEqual({ id: 'T', similarity: 1 });
  }, 60_000);
});

describe('verifyCandidates', () => {
  it('keeps only candidates at or above the threshold, best first', () => {
    const query = fingerprintText(townshipLetter('李桂英', '13805712233'), snapshot).shingles;
    const candidates = [
      { id: 'far', shingles: fingerprintText(UNRELATED_TEXTS[1] ?? '', snapshot).shingles },
      { id: 'copy', shingles: fingerprintText(townshipLetter('王德福', '13905713344'), snapshot).shingles },
    ];
    const matches = verifyCandidates(query, candidates, 0.3);
    expect(matches.map((match) => match.id)).toEqual(['copy']);
  });
});

describe('verifyCountedCandidates', () => {
  /** Sets from a small universe, so that pairs overlap at every degree. */
  const overlappingSet = fc
    .uniqueArray(fc.integer({ min: 1, max: 90 }), { maxLength: 60 })
    .map((values) => Uint32Array.from(values).sort());
  const threshold = fc.constantFrom(0.1, 0.25, 0.33, 0.5, 0.8, 1);

  test.prop([overlappingSet, fc.array(overlappingSet, { maxLength: 8 }), threshold])(
    'decides exactly as verifyCandidates on the sets themselves',
    (query, sets, minimum) => {
      const candidates = sets.map((shingles, position) => ({ id: `c${position}`, shingles }));
      const counted = candidates.map((candidate) => ({
        id: candidate.id,
        common: intersectionSize(query, candidate.shingles),
        size: candidate.shingles.length,
      }));
      expect(verifyCountedCandidates(query.length, counted, minimum)).toEqual(
        verifyCandidates(query, candidates, minimum),
      );
    },
  );

  it('never matches empty content', () => {
    expect(verifyCountedCandidates(0, [{ id: 'a', common: 0, size: 0 }], 0)).toEqual([]);
    expect(verifyCountedCandidates(5, [{ id: 'a', common: 0, size: 0 }], 0)).toEqual([]);
  });
});
