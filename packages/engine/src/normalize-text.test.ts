import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import { createBoilerplateSnapshot, jaccard, normalizeText, textShingles } from './index.js';

describe('normalizeText', () => {
  it('folds full width, traditional characters, punctuation and whitespace', () => {
    expect(normalizeText('尊敬的領導：村委會主任賈某某，侵佔集體資金！').text).toBe(
      '尊敬的领导村委会主任贾某某侵占集体资金',
    );
    expect(normalizeText('ＡＢＣ　村\t委\n会').text).toBe('abc村委会');
  });

  it('collapses every run of digits, however written, to one placeholder', () => {
    expect(normalizeText('挪用８.６万元、2023年5月').text).toBe('挪用0万元0年0月');
    expect(normalizeText('1 000 000元').text).toBe('0元');
  });

  it('maps every normalised character back to its place in the original', () => {
    const original = '《举报信》 村委會主任，賈某某';
    const { text, offsets } = normalizeText(original);
    expect(text).toBe('举报信村委会主任贾某某');
    expect(offsets).toHaveLength(text.length);
    // 會 (index 7 in the original) became 会.
    expect(original[offsets[text.indexOf('会')] ?? -1]).toBe('會');
    expect(original[offsets[text.indexOf('贾')] ?? -1]).toBe('賈');
  });

  it('keeps characters outside the basic plane and drops emoji', () => {
    expect(normalizeText('𠀀村😀民').text).toBe('𠀀村民');
  });

  test.prop([fc.string({ unit: 'grapheme', maxLength: 80 })])('is idempotent', (text) => {
    const once = normalizeText(text).text;
    expect(normalizeText(once).text).toBe(once);
  });

  test.prop([fc.string({ unit: 'binary', maxLength: 60 })])('is idempotent on any UTF-16 input', (text) => {
    const once = normalizeText(text).text;
    expect(normalizeText(once).text).toBe(once);
  });

  test.prop([fc.string({ maxLength: 60 })])('has one increasing offset per normalised unit', (text) => {
    const { text: normalized, offsets } = normalizeText(text);
    expect(offsets.length).toBe(normalized.length);
    for (let i = 1; i < offsets.length; i += 1) {
      expect(offsets[i]).toBeGreaterThanOrEqual(offsets[i - 1] ?? 0);
    }
    for (const offset of offsets) {
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(text.length);
    }
  });

  it('makes texts that differ only in punctuation, width or script identical for similarity', () => {
    const snapshot = createBoilerplateSnapshot();
    const simplified = '村委会主任贾某某在2022年村道路硬化工程中虚报工程量，多结算工程款8.6万元。';
    const variants = [
      '村委会主任贾某某在２０２２年村道路硬化工程中虚报工程量，多结算工程款８．６万元。',
      '村委會主任賈某某在2022年村道路硬化工程中虛報工程量、多結算工程款8.6萬元!!',
      '村委会主任 贾某某 在 2022 年 村道路硬化工程中 虚报工程量 多结算工程款 8.6 万元',
    ];
    for (const variant of variants) {
      expect(jaccard(textShingles(simplified, snapshot), textShingles(variant, snapshot))).toBe(1);
    }
  });
});
