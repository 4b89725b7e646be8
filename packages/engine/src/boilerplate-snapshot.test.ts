import { describe, expect, it } from 'vitest';

import {
  DEFAULT_BOILERPLATE_PHRASES,
  createBatchScreener,
  createBoilerplateBuilder,
  createBoilerplateSnapshot,
  jaccard,
  textShingles,
} from './index.js';
import { TEST_OPTIONS, buildComplaint, day, townshipLetter } from './test-support/fixtures.js';

/** Deterministic filler prose: distinct texts with no shared phrasing (a seeded walk over common characters). */
function prose(seed: number, length: number): string {
  const pool =
    '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';
  let state = seed >>> 0 || 1;
  let text = '';
  for (let i = 0; i < length; i += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    text += pool[(state >>> 8) % pool.length] ?? '';
  }
  return text;
}

const FRAME_HEAD =
  '举报人基本情况（略）。被举报人基本情况见下。主要问题及事实依据如下，请求组织依纪依法调查处理，并将调查结果书面答复举报人。';
const FRAME_TAIL =
  '本人承诺所举报内容真实，愿意配合组织调查核实，如有捏造事实愿意承担相应责任。以上问题严重损害了党和政府在群众心目中的形象，请组织认真调查，给群众一个满意的答复。';

describe('boilerplate', () => {
  it('removes the shipped phrases before shingling, without leaving shingles across them', () => {
    const snapshot = createBoilerplateSnapshot();
    expect(snapshot.phrases).toEqual(DEFAULT_BOILERPLATE_PHRASES);
    expect(textShingles('尊敬的领导：您好！此致敬礼！', snapshot)).toHaveLength(0);
    const a = textShingles('尊敬的领导：村主任挪用扶贫资金。此致敬礼！', snapshot);
    const b = textShingles('村主任挪用扶贫资金', snapshot);
    expect(jaccard(a, b)).toBe(1);
  });

  it('uses the caller’s phrase list instead of the shipped one and changes its version', () => {
    const custom = createBoilerplateSnapshot({ phrases: ['本县信访局转来'] });
    expect(custom.version).not.toBe(createBoilerplateSnapshot().version);
    expect(textShingles('本县信访局转来', custom)).toHaveLength(0);
    expect(textShingles('尊敬的领导', custom).length).toBeGreaterThan(0);
  });

  it('learns a form-letter frame shared by unrelated complaints, but not a large campaign', () => {
    const campaignText = townshipLetter('', '');
    const texts: string[] = [];
    for (let i = 0; i < 400; i += 1) {
      const own = prose(i + 1, 120);
      texts.push(i % 3 === 0 ? `${FRAME_HEAD}${own}${FRAME_TAIL}` : own);
    }
    for (let i = 0; i < 60; i += 1) {
      texts.push(`${campaignText}${i % 2 === 0 ? '' : prose(10_000 + i, 20)}`);
    }
    const builder = createBoilerplateBuilder();
    for (const text of texts) {
      builder.observe(text);
    }
    const snapshot = builder.freeze();
    expect(builder.observedDocuments).toBe(460);
    expect(snapshot.frequentShingles.length).toBeGreaterThan(0);
    // Two framed complaints with different content are no longer similar…
    const framedA = textShingles(texts[0] ?? '', snapshot);
    const framedB = textShingles(texts[3] ?? '', snapshot);
    expect(jaccard(framedA, framedB)).toBeLessThan(0.05);
    // …while the 60 copies of one letter keep their text.
    expect(jaccard(textShingles(campaignText, snapshot), textShingles(texts[401] ?? '', snapshot))).toBeGreaterThan(
      0.8,
    );
    expect(textShingles(campaignText, snapshot).length).toBeGreaterThan(200);
  });

  it('does not turn unrelated framed complaints into a campaign in a batch', () => {
    const screener = createBatchScreener(TEST_OPTIONS);
    const complaints = Array.from({ length: 150 }, (_, i) =>
      buildComplaint({
        id: `F${i}`,
        receivedAt: day(i % 20),
        reporter: { name: `来信人${i}号` },
        text: `${FRAME_HEAD}${prose(i + 7, 100)}${FRAME_TAIL}`,
      }),
    );
    for (const complaint of complaints) {
      screener.observe(complaint.text);
    }
    for (const complaint of complaints) {
      screener.add(complaint);
    }
    const report = screener.finish();
    expect(report.campaigns).toEqual([]);
    expect(report.boilerplate.frequentShingles).toBeGreaterThan(0);
  });

  it('does not learn anything from a small batch', () => {
    const builder = createBoilerplateBuilder();
    for (let i = 0; i < 10; i += 1) {
      builder.observe(townshipLetter('', ''));
    }
    expect(builder.freeze().frequentShingles).toHaveLength(0);
  });
});
