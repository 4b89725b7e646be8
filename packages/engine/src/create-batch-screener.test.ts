import { describe, expect, it } from 'vitest';

import { createBatchScreener, type ScreeningComplaint, type ScreeningOptions, type ScreeningReport } from './index.js';
import {
  HONEST_WATER_REPORTS,
  TEST_OPTIONS,
  TOWNSHIP_REPORTERS,
  UNRELATED_TEXTS,
  buildComplaint,
  day,
  jointLetter,
  townshipComplaints,
  townshipLetter,
} from './test-support/fixtures.js';

/** Runs a batch the way `zhengming screen` does: observe every text, then add, then finish. */
function screen(complaints: readonly ScreeningComplaint[], options: Partial<ScreeningOptions> = {}): ScreeningReport {
  const screener = createBatchScreener({ ...TEST_OPTIONS, ...options });
  for (const complaint of complaints) {
    screener.observe(complaint.text);
  }
  for (const complaint of complaints) {
    expect(screener.add(complaint)).toEqual({ kind: 'added' });
  }
  return screener.finish();
}

function unrelated(count = UNRELATED_TEXTS.length): ScreeningComplaint[] {
  return UNRELATED_TEXTS.slice(0, count).map((text, position) =>
    buildComplaint({
      id: `U${position + 1}`,
      receivedAt: day(position % 10),
      reporter: { name: `群众${'甲乙丙丁戊己庚辛壬癸子丑'[position] ?? ''}` },
      subjects: [{ name: `其他对象${position}`, isCandidate: false }],
      text,
    }),
  );
}

function flagsOf(report: ScreeningReport, id: string): ScreeningReport['complaints'][number]['flags'] {
  return report.complaints.find((complaint) => complaint.id === id)?.flags ?? [];
}

function codesOf(report: ScreeningReport, id: string): string[] {
  return flagsOf(report, id).map((flag) => flag.code);
}

describe('createBatchScreener', () => {
  it('finds the township campaign: identical letters from different villagers within days', () => {
    const report = screen([...townshipComplaints(), ...unrelated()]);
    expect(report.version).toBe('v1');
    expect(report.campaigns).toHaveLength(1);
    const [campaign] = report.campaigns;
    expect(campaign?.complaintIds).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6']);
    expect(campaign?.distinctReporters).toBe(6);
    expect(campaign?.anonymousCount).toBe(0);
    expect(campaign?.subjects).toEqual([{ name: '贾某某', unit: '石桥村村委会' }]);
    expect(campaign?.firstAt).toBe(day(0));
    expect(campaign?.lastAt).toBe(day(4));
    expect(campaign?.similarity.min).toBeGreaterThan(0.8);
    expect(campaign?.template).toContain('虚报工程量，多结算工程款8.6万元');
    const flag = flagsOf(report, 'T1').find((candidate) => candidate.code === 'COORDINATED_TEXT');
    expect(flag?.severity).toBe('high');
    expect(flag?.relatedIds).toEqual(['T2', 'T3', 'T4', 'T5', 'T6']);
    expect(flag?.message).toContain('6个不同的举报来源');
    expect(report.complaints.find((complaint) => complaint.id === 'T1')?.anomalyScore).toBe(40);
    for (const other of unrelated()) {
      expect(codesOf(report, other.id)).not.toContain('COORDINATED_TEXT');
    }
  });

  it('scores a campaign of fewer than five reporters 30 and medium', () => {
    const report = screen([...townshipComplaints().slice(0, 3), ...unrelated()]);
    const flag = flagsOf(report, 'T2').find((candidate) => candidate.code === 'COORDINATED_TEXT');
    expect(flag?.severity).toBe('medium');
    expect(report.complaints.find((complaint) => complaint.id === 'T2')?.anomalyScore).toBe(30);
  });

  it('links letters that differ only in punctuation, width or traditional characters', () => {
    const letter = townshipLetter('', '');
    const variants = [
      letter,
      letter.replace(/，/g, ',').replace(/。/g, '. ').replace(/8\.6/g, '８．６').replace(/2022/g, '２０２２'),
      letter
        .replace(/村委会/g, '村委會')
        .replace(/贾某某/g, '賈某某')
        .replace(/问题/g, '問題')
        .replace(/调查处理/g, '調查處理'),
    ];
    const complaints = variants.map((text, position) =>
      buildComplaint({
        id: `V${position}`,
        receivedAt: day(position),
        reporter: { name: `村民${'甲乙丙'[position] ?? ''}` },
        text,
      }),
    );
    const report = screen([...complaints, ...unrelated()]);
    expect(report.campaigns.map((campaign) => campaign.complaintIds)).toEqual([['V0', 'V1', 'V2']]);
    expect(report.campaigns[0]?.similarity.min).toBe(1);
  });

  it('does not link complaints that share only greetings, closings and legal frames', () => {
    const frame = (body: string): string =>
      `尊敬的领导：您好！现将有关情况反映如下：${body}根据《中国共产党纪律处分条例》的有关规定，恳请上级纪委调查处理，还老百姓一个公道。以上情况属实，如有不实愿承担法律责任。此致敬礼！`;
    const complaints = UNRELATED_TEXTS.slice(0, 6).map((text, position) =>
      buildComplaint({
        id: `B${position}`,
        receivedAt: day(position),
        reporter: { name: `写信人${'甲乙丙丁戊己'[position] ?? ''}` },
        text: frame(text),
      }),
    );
    const report = screen(complaints);
    expect(report.campaigns).toEqual([]);
    expect(report.complaints.every((complaint) => complaint.anomalyScore === 0)).toBe(true);
  });

  it('treats a joint letter as one complaint, however many co-signers it has', () => {
    const report = screen([jointLetter(), ...unrelated()]);
    expect(report.campaigns).toEqual([]);
    const flags = flagsOf(report, 'J1');
    expect(flags.map((flag) => flag.code)).toEqual(['COSIGNER_DENIED']);
    expect(flags[0]?.message).toContain('1人（共4名联名人）');
    expect(flags[0]?.severity).toBe('high');
    expect(report.complaints.find((complaint) => complaint.id === 'J1')?.anomalyScore).toBe(30);
  });

  it('does not merge honest reporters describing one real problem in their own words', () => {
    const honest = HONEST_WATER_REPORTS.map((text, position) =>
      buildComplaint({
        id: `H${position + 1}`,
        receivedAt: day(position),
        reporter: { name: `东岭村民${'甲乙丙丁'[position] ?? ''}` },
        subjects: [{ name: '贾某某', unit: '东岭村村委会', isCandidate: false }],
        text,
      }),
    );
    const report = screen([...honest, ...unrelated()]);
    expect(report.campaigns).toEqual([]);
    for (const complaint of honest) {
      expect(report.complaints.find((screened) => screened.id === complaint.id)?.anomalyScore).toBe(0);
    }
  });

  it('counts reporters tied by a phone number or the same name as one', () => {
    const complaints = townshipComplaints()
      .slice(0, 3)
      .map((complaint, position) =>
        position === 0
          ? complaint
          : { ...complaint, reporter: { ...complaint.reporter, phone: TOWNSHIP_REPORTERS[0]?.phone ?? '' } },
      );
    const report = screen([...complaints, ...unrelated()]);
    // Three letters, one phone: one reporter, below minReporters = 3.
    expect(report.campaigns).toEqual([]);
    const sameName = townshipComplaints()
      .slice(0, 3)
      .map((complaint) => ({ ...complaint, reporter: { name: '李桂英' } }));
    expect(screen([...sameName, ...unrelated()]).campaigns).toEqual([]);
  });

  it('counts each anonymous complaint as its own reporter and reports them separately', () => {
    const complaints = townshipComplaints()
      .slice(0, 4)
      .map((complaint, position) => (position < 2 ? { ...complaint, isAnonymous: true, reporter: null } : complaint));
    const report = screen([...complaints, ...unrelated()]);
    expect(report.campaigns[0]?.distinctReporters).toBe(4);
    expect(report.campaigns[0]?.anonymousCount).toBe(2);
  });

  it('links only complaints received within the window of each other, and chains through it', () => {
    const letters = [0, 25, 50, 120].map((offset, position) =>
      buildComplaint({
        id: `W${position}`,
        receivedAt: day(offset),
        reporter: { name: `寄信人${'甲乙丙丁'[position] ?? ''}` },
        text: townshipLetter('', ''),
      }),
    );
    const report = screen([...letters, ...unrelated()]);
    // 0–25–50 chain within 30 days of each neighbour; 120 is alone.
    expect(report.campaigns.map((campaign) => campaign.complaintIds)).toEqual([['W0', 'W1', 'W2']]);
    expect(screen([...letters, ...unrelated()], { windowDays: 200 }).campaigns[0]?.complaintIds).toHaveLength(4);
  });

  it('clusters by text regardless of subject: one author writing against several officials', () => {
    const officials = ['村党支部书记刘某某', '村委会主任贾某某', '村会计王某某', '镇包村干部赵某某'];
    const complaints = officials.map((official, position) =>
      buildComplaint({
        id: `A${position}`,
        receivedAt: day(position),
        reporter: { name: `署名${'甲乙丙丁'[position] ?? ''}` },
        subjects: [{ name: official.slice(-3), isCandidate: false }],
        text: townshipLetter('', '')
          .replace(/村委会主任贾某某/g, official)
          .replace(/贾某某/g, official.slice(-3)),
      }),
    );
    const report = screen([...complaints, ...unrelated()]);
    expect(report.campaigns).toHaveLength(1);
    expect(report.campaigns[0]?.subjects.map((subject) => subject.name).sort()).toEqual([
      '刘某某',
      '王某某',
      '贾某某',
      '赵某某',
    ]);
  });

  it('rejects a repeated id and keeps screening', () => {
    const screener = createBatchScreener(TEST_OPTIONS);
    const complaint = buildComplaint({ id: 'X1', text: UNRELATED_TEXTS[0] ?? '' });
    expect(screener.add(complaint)).toEqual({ kind: 'added' });
    expect(screener.add(complaint)).toMatchObject({ kind: 'rejected' });
    expect(screener.add({ ...complaint, id: 'X2', receivedAt: Number.NaN })).toMatchObject({ kind: 'rejected' });
    expect(screener.finish().complaints.map((screened) => screened.id)).toEqual(['X1']);
  });

  it('screens an empty batch, and complaints with no text or only boilerplate', () => {
    expect(screen([]).complaints).toEqual([]);
    const blank = ['', '   ', '此致敬礼！', '尊敬的领导：您好！'].map((text, position) =>
      buildComplaint({
        id: `E${position}`,
        receivedAt: day(position),
        reporter: { name: `写信人${position}号` },
        text,
      }),
    );
    const report = screen([...blank, ...unrelated(3)]);
    expect(report.campaigns).toEqual([]);
    expect(report.complaints.map((complaint) => complaint.anomalyScore)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('names its version, parameters and boilerplate snapshot', () => {
    const report = screen(unrelated(3));
    expect(report.parameters).toMatchObject({ threshold: 0.33, windowDays: 30, minReporters: 3 });
    expect(report.parameters.minhash.shingleSize).toBe(4);
    expect(report.boilerplate.version).toMatch(/^[0-9a-f]{16}$/);
    expect(report.boilerplate.phraseCount).toBeGreaterThan(50);
  });

  it('refuses options a caller should have checked', () => {
    expect(() => createBatchScreener({ ...TEST_OPTIONS, threshold: 1.5 })).toThrow(RangeError);
    expect(() => createBatchScreener({ linkageKey: new Uint8Array(4) })).toThrow(RangeError);
  });

  it('leaves member texts out when asked, and nothing else changes', () => {
    const complaints = [...townshipComplaints(), ...unrelated()];
    const full = screen(complaints);
    const lean = screen(complaints, { withMemberTexts: false });
    expect(full.campaigns[0]?.members[0]?.maskedText.length).toBeGreaterThan(0);
    expect(lean.campaigns.flatMap((campaign) => campaign.members.map((member) => member.maskedText))).toEqual(
      full.campaigns.flatMap((campaign) => campaign.members.map(() => '')),
    );
    const withoutTexts = (report: ScreeningReport): unknown => ({
      ...report,
      campaigns: report.campaigns.map((campaign) => ({
        ...campaign,
        members: campaign.members.map(({ id, receivedAt, similarity }) => ({ id, receivedAt, similarity })),
      })),
    });
    expect(withoutTexts(lean)).toEqual(withoutTexts(full));
  });
});
