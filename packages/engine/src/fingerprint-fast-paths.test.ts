import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import { mix32, mixWord } from './hash32.js';
import { EMPTY_BIN, minhashInto, minhashSignature } from './minhash-signature.js';
import { normalizeIntoScratch, normalizeUnitsIntoScratch } from './normalize-text.js';
import { createPhraseMatcher, findPhraseRanges, markPhrases } from './phrase-matcher.js';
import { createHashSet32, hashShinglesInto, hasHash32, shingleUnits } from './shingle-hashes.js';
import { slabCopy, slabUint32Array } from './slab.js';
import { DEFAULT_MINHASH_PARAMS } from './index.js';

// The fast paths of fingerprinting are checked against plain reference versions written here.

/** Text drawn from common characters, punctuation, digits, traditional forms and phrase pieces. */
const complaintText = fc
  .array(
    fc.constantFrom(
      ...'村委会主任贾某某侵占集体资金的事请领导调查此致敬礼特此举报。，！ 0123456789８９會員賬１２ＡＢab㈠𠀀😀'.split(
        '',
      ),
      '特此举报',
      '此致敬礼',
      '尊敬的领导',
      '恳请领导',
    ),
    { maxLength: 300 },
  )
  .map((parts) => parts.join(''));

const PHRASES = ['特此举报', '此致敬礼', '尊敬的领导', '恳请领导调查', '的事'];

/** Reference: shingle every stretch between phrases, drop frequent ones, sort, dedupe. */
function referenceShingles(text: string, frequent: Uint32Array): Uint32Array {
  const { units, length } = normalizeIntoScratch(text);
  const copy = units.slice(0, length);
  const covered = new Uint8Array(length + 1);
  const matcher = createPhraseMatcher(PHRASES);
  if (matcher !== null) {
    markPhrases(matcher, copy, length, covered);
  }
  const all: number[] = [];
  let start = 0;
  while (start < length) {
    while (start < length && covered[start] === 1) {
      start += 1;
    }
    let end = start;
    while (end < length && covered[end] === 0) {
      end += 1;
    }
    const out = new Uint32Array(Math.max(0, end - start));
    const written = end - start >= 4 ? hashShinglesInto(copy, end, 4, out, start, 0) : 0;
    all.push(...out.subarray(0, written));
    start = end;
  }
  const set = new Set(frequent);
  return Uint32Array.from(new Set(all.filter((value) => !set.has(value)))).sort();
}

/** Reference one-permutation MinHash with optimal densification, probing with the probe hash only. */
function referenceSignature(shingles: Uint32Array): Uint32Array {
  const { numHashes: bins, seed } = DEFAULT_MINHASH_PARAMS;
  const binBits = 31 - Math.clz32(bins);
  const signature = new Uint32Array(bins).fill(EMPTY_BIN);
  const multiplier = (Math.imul(seed, 2) + 0x9e3779b1) | 1;
  for (const shingle of shingles) {
    const hash = Math.imul(shingle ^ seed, multiplier) >>> 0;
    const bin = hash >>> (32 - binBits);
    const value = (hash & (0xffffffff >>> binBits)) >>> 0;
    signature[bin] = Math.min(signature[bin] ?? EMPTY_BIN, value);
  }
  if (shingles.length === 0) {
    return signature;
  }
  const original = signature.slice();
  for (let bin = 0; bin < bins; bin += 1) {
    for (let attempt = 1; (signature[bin] ?? 0) === EMPTY_BIN; attempt += 1) {
      const target = mix32(mixWord(mixWord(seed ^ 0x6a09e667, bin), attempt)) & (bins - 1);
      signature[bin] = original[target] ?? EMPTY_BIN;
    }
  }
  return signature;
}

describe('fingerprinting fast paths', () => {
  test.prop([complaintText])('normalising without offsets gives the same units', (text) => {
    const expected = Array.from(normalizeIntoScratch(text).units.subarray(0, normalizeIntoScratch(text).length));
    const { units, length } = normalizeUnitsIntoScratch(text);
    expect(Array.from(units.subarray(0, length))).toEqual(expected);
  });

  test.prop([complaintText])('phrase ranges are exactly the marked units', (text) => {
    const matcher = createPhraseMatcher(PHRASES);
    expect(matcher).not.toBeNull();
    if (matcher === null) {
      return;
    }
    const { units, length } = normalizeIntoScratch(text);
    const copy = units.slice(0, length);
    const covered = new Uint8Array(length);
    const marked = markPhrases(matcher, copy, length, covered);
    const ranges = new Int32Array(length + 2);
    const found = findPhraseRanges(matcher, copy, length, ranges);
    expect(found).toBe(marked);
    const fromRanges = new Uint8Array(length);
    for (let range = 0; range < found; range += 1) {
      fromRanges.fill(1, ranges[range * 2], ranges[range * 2 + 1]);
    }
    expect(Array.from(fromRanges)).toEqual(Array.from(covered));
  });

  test.prop([complaintText, fc.array(complaintText, { maxLength: 5 })])(
    'shingles with phrases cut and frequent shingles dropped match the reference',
    (text, frequentSources) => {
      // Frequent shingles taken from other texts, so some of this text's shingles are dropped.
      const frequent = Uint32Array.from(
        new Set(frequentSources.flatMap((source) => Array.from(referenceShingles(source, new Uint32Array(0))))),
      );
      const exclusion = { phrases: createPhraseMatcher(PHRASES), frequent: createHashSet32(frequent) };
      const { units, length } = normalizeIntoScratch(text);
      const shingles = shingleUnits(units.slice(0, length), length, 4, exclusion);
      expect(Array.from(shingles)).toEqual(Array.from(referenceShingles(text, frequent)));
    },
  );

  it('cuts phrases at the start, at the end, next to each other and in short texts like the reference', () => {
    const texts = [
      '特此举报',
      '此致敬礼村委',
      '村此致敬礼',
      '村委此致敬礼',
      '村委会此致敬礼',
      '此致敬礼特此举报村委会主任贾某某',
      '村委会主任贾某某特此举报此致敬礼',
      '贾某某的事的事侵占的事',
      '尊敬的领导恳请领导调查',
      '村委',
      '',
    ];
    const exclusion = { phrases: createPhraseMatcher(PHRASES), frequent: createHashSet32(new Uint32Array(0)) };
    for (const text of texts) {
      const { units, length } = normalizeIntoScratch(text);
      const shingles = shingleUnits(units.slice(0, length), length, 4, exclusion);
      expect(Array.from(shingles)).toEqual(Array.from(referenceShingles(text, new Uint32Array(0))));
    }
  });

  test.prop([fc.uniqueArray(fc.integer({ min: 1, max: 0xffffffff }), { maxLength: 400 })])(
    'the signature equals plain optimal densification, sparse or full',
    (values) => {
      const shingles = Uint32Array.from(values).sort();
      expect(Array.from(minhashSignature(shingles, DEFAULT_MINHASH_PARAMS))).toEqual(
        Array.from(referenceSignature(shingles)),
      );
      const into = new Uint32Array(DEFAULT_MINHASH_PARAMS.numHashes);
      minhashInto(shingles, DEFAULT_MINHASH_PARAMS, into);
      expect(Array.from(into)).toEqual(Array.from(referenceSignature(shingles)));
    },
  );

  it('finds every member of a quarter-full hash set and nothing else', () => {
    const members = Uint32Array.from({ length: 1000 }, (_, i) => mix32(i + 1) || 1);
    const set = createHashSet32(members);
    expect(set.size).toBe(new Set(members).size);
    expect(set.slots.length).toBeGreaterThanOrEqual(members.length * 4);
    expect(Array.from(members).every((value) => hasHash32(set, value))).toBe(true);
    const others = Array.from({ length: 1000 }, (_, i) => mix32(i + 5000) || 1).filter((v) => !members.includes(v));
    expect(others.some((value) => hasHash32(set, value))).toBe(false);
  });

  it('hands out zeroed slab arrays that never overlap, and large ones on their own', () => {
    const arrays = Array.from({ length: 600 }, (_, i) => slabUint32Array(1 + (i % 200)));
    expect(arrays.every((array) => array.every((value) => value === 0))).toBe(true);
    arrays.forEach((array, i) => array.fill(i + 1));
    arrays.forEach((array, i) => expect(array.every((value) => value === i + 1)).toBe(true));
    const large = slabUint32Array(10_000);
    expect(large.byteOffset).toBe(0);
    expect(large.buffer.byteLength).toBe(40_000);
    const copy = slabCopy(Uint32Array.of(3, 1, 2));
    expect(Array.from(copy)).toEqual([3, 1, 2]);
  });
});
