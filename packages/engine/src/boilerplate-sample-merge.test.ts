import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import { createBoilerplateBuilder, type BoilerplateBuilderOptions, type BoilerplateSnapshot } from './index.js';
import { townshipLetter } from './test-support/fixtures.js';

const POOL =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';
const FRAME =
  '本人承诺所举报内容真实，愿意配合组织调查核实，如有捏造事实愿意承担相应责任。请组织认真调查，给群众一个满意的答复。';

function prose(seed: number, length: number): string {
  let state = seed >>> 0 || 1;
  let text = '';
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    text += POOL[(state >>> 8) % POOL.length] ?? '';
  }
  return text;
}

/** Texts with a frequent frame, copies of one letter, repeats and blanks: every path of the sampling. */
function corpus(size: number): string[] {
  const texts: string[] = [];
  for (let i = 0; i < size; i += 1) {
    if (i % 7 === 0) {
      texts.push(townshipLetter(`村民${i % 13}`, `1380571${String(i % 97).padStart(4, '0')}`));
    } else if (i % 11 === 0) {
      texts.push(texts[i >> 1] ?? '');
    } else if (i % 29 === 0) {
      texts.push('');
    } else {
      texts.push(`${prose(i * 7919 + 1, 60 + (i % 40))}${i % 3 === 0 ? FRAME : ''}`);
    }
  }
  return texts;
}

const OPTIONS: BoilerplateBuilderOptions = {
  sampleSize: 64,
  frequency: { fraction: 0.05, minDocuments: 5 },
};

function wholeSnapshot(texts: readonly string[]): { snapshot: BoilerplateSnapshot; level: number } {
  const builder = createBoilerplateBuilder(OPTIONS);
  for (const text of texts) {
    builder.observe(text);
  }
  return { snapshot: builder.freeze(), level: builder.sampleLevel };
}

/**
 * Counts the input in parts the way `zhengming screen` does with worker threads: each part in its own
 * builder started at the level the merged parts before it had reached (or lower), merged in input order.
 */
function mergedSnapshot(
  texts: readonly string[],
  cuts: readonly number[],
  hints: readonly number[],
): BoilerplateSnapshot {
  const merged = createBoilerplateBuilder(OPTIONS);
  const bounds = [...new Set([0, ...cuts.map((cut) => cut % (texts.length + 1)), texts.length])].sort((a, b) => a - b);
  bounds.slice(1).forEach((end, part) => {
    const start = bounds[part] ?? 0;
    const hint = Math.min(merged.sampleLevel, hints[part] ?? merged.sampleLevel);
    const builder = createBoilerplateBuilder({ ...OPTIONS, startLevel: hint });
    for (const text of texts.slice(start, end)) {
      builder.observe(text);
    }
    merged.mergeSample(builder.exportSample());
  });
  return merged.freeze();
}

describe('BoilerplateBuilder.mergeSample', () => {
  const texts = corpus(1500);
  const whole = wholeSnapshot(texts);

  it('reaches a sampling level above 0 on the test corpus and finds the frame', () => {
    expect(whole.level).toBeGreaterThan(2);
    expect(whole.snapshot.frequentShingles.length).toBeGreaterThan(0);
    expect(whole.snapshot.observedDocuments).toBe(texts.length);
  });

  it('gives the same snapshot when the input is counted in parts of any size', () => {
    for (const partSize of [1, 7, 64, 100, 333, 1499]) {
      const cuts = Array.from({ length: Math.ceil(texts.length / partSize) }, (_, part) => part * partSize);
      expect(mergedSnapshot(texts, cuts, [])).toEqual(whole.snapshot);
    }
  });

  test.prop(
    [
      fc.array(fc.nat({ max: 1500 }), { maxLength: 40 }),
      fc.array(fc.nat({ max: 12 }), { maxLength: 40 }),
      fc.integer({ min: 200, max: 1500 }),
    ],
    { numRuns: 25 },
  )('gives the same snapshot whatever the split and the start levels', (cuts, hints, size) => {
    const part = texts.slice(0, size);
    expect(mergedSnapshot(part, cuts, hints)).toEqual(wholeSnapshot(part).snapshot);
  });

  it('keeps an exported sample usable after the builder goes on observing', () => {
    const builder = createBoilerplateBuilder(OPTIONS);
    texts.slice(0, 40).forEach((text) => builder.observe(text));
    const early = builder.exportSample();
    texts.slice(40, 80).forEach((text) => builder.observe(text));
    const merged = createBoilerplateBuilder(OPTIONS);
    merged.mergeSample(early);
    const rest = createBoilerplateBuilder(OPTIONS);
    texts.slice(40, 80).forEach((text) => rest.observe(text));
    merged.mergeSample(rest.exportSample());
    expect(merged.freeze()).toEqual(builder.freeze());
  });
});
