import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import {
  DEFAULT_MINHASH_PARAMS,
  DEFAULT_THRESHOLD,
  createBoilerplateSnapshot,
  fingerprintText,
  jaccard,
  minhashSignature,
  minimumSketchMatches,
  prefilterCandidates,
  signatureSketch,
  sketchFilter,
  sketchMatches,
} from './index.js';
import { HONEST_WATER_REPORTS, UNRELATED_TEXTS, townshipLetter } from './test-support/fixtures.js';

const snapshot = createBoilerplateSnapshot();

/** A seeded 32-bit generator (mulberry32), so the empirical checks are reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return (value ^ (value >>> 14)) >>> 0;
  };
}

function isKept(query: Uint32Array, candidate: Uint32Array, threshold = DEFAULT_THRESHOLD): boolean {
  const filter = sketchFilter(query, threshold);
  return prefilterCandidates(filter, [{ sketch: signatureSketch(candidate) }]).length === 1;
}

describe('signatureSketch', () => {
  it('keeps the low byte of every bin', () => {
    expect([...signatureSketch(Uint32Array.from([0x1234_5678, 0xff, 0x100, 0xffffffff]))]).toEqual([
      0x78, 0xff, 0x00, 0xff,
    ]);
  });

  it('matches a signature with itself in every bin and keeps it', () => {
    const { signature } = fingerprintText(townshipLetter('李桂英', '138 0571 2233'), snapshot);
    const sketch = signatureSketch(signature);
    expect(sketchMatches(sketch, sketch)).toBe(DEFAULT_MINHASH_PARAMS.numHashes);
    expect(isKept(signature, signature, 1)).toBe(true);
  });

  it('passes a real near-copy of a complaint', () => {
    const original = fingerprintText(townshipLetter('李桂英', '138 0571 2233'), snapshot);
    const copy = fingerprintText(
      townshipLetter('王德福', '139 0571 3344').replace('群众办个证明要跑好几趟', '老百姓办事很难'),
      snapshot,
    );
    expect(jaccard(original.shingles, copy.shingles)).toBeGreaterThan(0.8);
    expect(isKept(copy.signature, original.signature)).toBe(true);
  });

  it('rejects unrelated complaints', () => {
    const texts = [...UNRELATED_TEXTS, ...HONEST_WATER_REPORTS].map((text) => fingerprintText(text, snapshot));
    let pairs = 0;
    let kept = 0;
    texts.forEach((query, position) => {
      for (const candidate of texts.slice(position + 1)) {
        if (jaccard(query.shingles, candidate.shingles) < 0.1) {
          pairs += 1;
          kept += isKept(query.signature, candidate.signature) ? 1 : 0;
        }
      }
    });
    expect(pairs).toBeGreaterThan(10);
    expect(kept).toBe(0);
  });

  it('keeps every candidate of an empty query and of a very short text', () => {
    const empty = sketchFilter(new Uint32Array(128).fill(0xffffffff), DEFAULT_THRESHOLD);
    expect(empty.minimumMatches).toBe(0);
    const short = fingerprintText('贾某某侵占资金', snapshot);
    const long = fingerprintText(townshipLetter('李桂英', '138 0571 2233'), snapshot);
    expect(isKept(long.signature, short.signature)).toBe(true);
    expect(isKept(short.signature, long.signature)).toBe(true);
  });
});

describe('minimumSketchMatches', () => {
  test.prop([fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })])(
    'is monotone in the threshold',
    (a, b) => {
      const [low, high] = a <= b ? [a, b] : [b, a];
      expect(minimumSketchMatches(low)).toBeLessThanOrEqual(minimumSketchMatches(high));
      expect(minimumSketchMatches(low, { effectiveBins: 64 })).toBeLessThanOrEqual(
        minimumSketchMatches(high, { effectiveBins: 64 }),
      );
    },
  );

  test.prop([fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer({ min: 4, max: 128 })])(
    'asks for fewer matches for fewer independent bins or a looser bound',
    (threshold, effectiveBins) => {
      expect(minimumSketchMatches(threshold, { effectiveBins })).toBeLessThanOrEqual(minimumSketchMatches(threshold));
      expect(minimumSketchMatches(threshold, { falseRejection: 1e-9 })).toBeLessThanOrEqual(
        minimumSketchMatches(threshold),
      );
    },
  );

  it('gives the binomial figures at the campaign threshold', () => {
    expect(minimumSketchMatches(0)).toBe(0);
    expect(minimumSketchMatches(1)).toBe(128);
    expect(minimumSketchMatches(0.33)).toBe(19);
    expect(minimumSketchMatches(0.33, { effectiveBins: 64 })).toBe(10);
  });
});

describe('prefilterCandidates', () => {
  it('rejects no generated pair whose exact Jaccard reaches the threshold', () => {
    // Random shingle sets of 10–300 elements with a shared core, under 64 MinHash seeds: 4,000 pairs
    // at or just above the threshold, where the pre-check is most likely to err.
    const random = seededRandom(20241127);
    const seeds = Array.from({ length: 64 }, () => random() | 0);
    let checked = 0;
    for (let pair = 0; pair < 4_000; pair += 1) {
      const size = 10 + (random() % 291);
      const target = DEFAULT_THRESHOLD + (random() % 1000) / 4000;
      const shared = Math.ceil((2 * size * target) / (1 + target));
      const core = Array.from({ length: shared }, random);
      const a = Uint32Array.from([...core, ...Array.from({ length: size - shared }, random)]).sort();
      const b = Uint32Array.from([...core, ...Array.from({ length: size - shared }, random)]).sort();
      if (jaccard(a, b) < DEFAULT_THRESHOLD) {
        continue;
      }
      const params = { ...DEFAULT_MINHASH_PARAMS, seed: seeds[pair % seeds.length] ?? 0 };
      checked += 1;
      expect(isKept(minhashSignature(a, params), minhashSignature(b, params))).toBe(true);
    }
    expect(checked).toBeGreaterThan(3_500);
  }, 60_000);

  it('rejects no edited copy of a complaint that stays above the threshold', () => {
    const random = seededRandom(7);
    const sources = [townshipLetter('李桂英', '138 0571 2233'), ...UNRELATED_TEXTS, ...HONEST_WATER_REPORTS];
    const filler = '村里的事情没人管群众意见很大请领导重视调查处理';
    let checked = 0;
    for (let copy = 0; copy < 2_000; copy += 1) {
      const source = sources[copy % sources.length] ?? '';
      // Drop, replace and insert characters at random: copies from lightly to heavily edited.
      const edits = 1 + (random() % 12);
      let text = source;
      for (let edit = 0; edit < edits; edit += 1) {
        const at = random() % Math.max(1, text.length);
        const length = 1 + (random() % 8);
        const insert = filler.slice(random() % filler.length).slice(0, random() % 6);
        text = text.slice(0, at) + insert + text.slice(at + length);
      }
      const original = fingerprintText(source, snapshot);
      const edited = fingerprintText(text, snapshot);
      if (jaccard(original.shingles, edited.shingles) >= DEFAULT_THRESHOLD) {
        checked += 1;
        expect(isKept(edited.signature, original.signature)).toBe(true);
        expect(isKept(original.signature, edited.signature)).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(800);
  }, 60_000);
});
