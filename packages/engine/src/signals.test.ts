import { describe, expect, it } from 'vitest';

import { createBatchScreener, type ScreeningComplaint, type ScreeningOptions, type ScreeningReport } from './index.js';
import {
  TEST_OPTIONS,
  UNRELATED_TEXTS,
  VILLAGE_HEAD,
  buildComplaint,
  day,
  townshipComplaints,
  townshipLetter,
} from './test-support/fixtures.js';

function screen(complaints: readonly ScreeningComplaint[], options: Partial<ScreeningOptions> = {}): ScreeningReport {
  const screener = createBatchScreener({ ...TEST_OPTIONS, ...options });
  for (const complaint of complaints) {
    screener.observe(complaint.text);
  }
  for (const complaint of complaints) {
    screener.add(complaint);
  }
  return screener.finish();
}

function screened(report: ScreeningReport, id: string): ScreeningReport['complaints'][number] {
  const found = report.complaints.find((complaint) => complaint.id === id);
  if (found === undefined) {
    throw new Error(`no complaint ${id}`);
  }
  return found;
}

function flag(
  report: ScreeningReport,
  id: string,
  code: string,
): ScreeningReport['complaints'][number]['flags'][number] | undefined {
  return screened(report, id).flags.find((candidate) => candidate.code === code);
}

const background = UNRELATED_TEXTS.map((text, position) =>
  buildComplaint({
    id: `U${position + 1}`,
    receivedAt: day(position * 5),
    reporter: { name: `群众${'甲乙丙丁戊己庚辛壬癸子丑'[position] ?? ''}` },
    subjects: [{ name: `其他对象${position}`, isCandidate: false }],
    text,
  }),
);

const ROAD_ALLEGATION =
  '石桥村村委会主任贾某某在2022年村道路硬化工程中虚报工程量，多结算工程款8.6万元，路面不到半年就开裂。';

describe('REPEAT_AFTER_CONCLUSION', () => {
  const concluded = buildComplaint({
    id: 'P1',
    receivedAt: day(0),
    subjects: [VILLAGE_HEAD],
    text: ROAD_ALLEGATION,
    conclusion: 'unfounded',
    concludedAt: day(20),
  });

  it('catches a verbatim repeat after an unfounded conclusion', () => {
    const repeat = buildComplaint({ id: 'R1', receivedAt: day(40), subjects: [VILLAGE_HEAD], text: ROAD_ALLEGATION });
    const report = screen([concluded, repeat, ...background]);
    const found = flag(report, 'R1', 'REPEAT_AFTER_CONCLUSION');
    expect(found?.severity).toBe('high');
    expect(found?.relatedIds).toEqual(['P1']);
    expect(found?.message).toContain('2024-03-21办结');
    expect(screened(report, 'R1').anomalyScore).toBe(30);
  });

  it('catches a re-worded repeat by the facts it names', () => {
    const reworded = buildComplaint({
      id: 'R2',
      receivedAt: day(45),
      subjects: [VILLAGE_HEAD],
      text: '我再次反映贾某某的问题：二〇二二年修村里那条水泥路（道路硬化工程）的时候，他和包工头多报了工程量，多拿了八万六千元工程款，上次调查根本没查清楚。',
    });
    const report = screen([concluded, reworded, ...background]);
    const found = flag(report, 'R2', 'REPEAT_AFTER_CONCLUSION');
    expect(found?.message).toContain('金额8.6万元');
    expect(found?.message).toContain('2022年');
  });

  it('does not treat a new allegation of the same kind as a repeat', () => {
    const newAllegation = buildComplaint({
      id: 'N1',
      receivedAt: day(50),
      subjects: [VILLAGE_HEAD],
      text: '石桥村村委会主任贾某某在2023年安置房项目中虚报工程量，多结算工程款12万元，安置户至今没有拿到钥匙。',
    });
    const report = screen([concluded, newAllegation, ...background]);
    expect(flag(report, 'N1', 'REPEAT_AFTER_CONCLUSION')).toBeUndefined();
  });

  it('never follows a partly substantiated conclusion, nor a complaint received before the conclusion', () => {
    const partly = { ...concluded, conclusion: 'partly_substantiated' as const };
    const repeat = buildComplaint({ id: 'R3', receivedAt: day(40), subjects: [VILLAGE_HEAD], text: ROAD_ALLEGATION });
    expect(flag(screen([partly, repeat, ...background]), 'R3', 'REPEAT_AFTER_CONCLUSION')).toBeUndefined();
    const early = buildComplaint({ id: 'R4', receivedAt: day(10), subjects: [VILLAGE_HEAD], text: ROAD_ALLEGATION });
    expect(flag(screen([concluded, early, ...background]), 'R4', 'REPEAT_AFTER_CONCLUSION')).toBeUndefined();
  });

  it('only concerns the same subject', () => {
    const otherSubject = buildComplaint({
      id: 'R5',
      receivedAt: day(40),
      subjects: [{ name: '刘某某', unit: '石桥村党支部', isCandidate: false }],
      text: ROAD_ALLEGATION,
    });
    expect(flag(screen([concluded, otherSubject, ...background]), 'R5', 'REPEAT_AFTER_CONCLUSION')).toBeUndefined();
  });
});

describe('anomaly score', () => {
  it('gives context signals alone a zero score', () => {
    const complaint = buildComplaint({
      id: 'K1',
      receivedAt: day(2),
      subjects: [{ name: '周某某', unit: '东岭村村委会', isCandidate: true }],
      text: '周某某在换届选举中给村民发红包拉票，如果不取消他的候选人资格，我们就到省里上访。',
    });
    const report = screen([complaint, ...background]);
    const own = screened(report, 'K1');
    expect(own.flags.map((candidate) => candidate.code).sort()).toEqual(['KEY_PERIOD', 'PRESSURE_LANGUAGE']);
    expect(own.flags.every((candidate) => candidate.severity === 'info')).toBe(true);
    expect(own.anomalyScore).toBe(0);
  });

  it('adds context points next to a scored signal and caps the score at 100', () => {
    const complaints = townshipComplaints().map((complaint) => ({
      ...complaint,
      subjects: [{ ...VILLAGE_HEAD, isCandidate: true }],
      cosigners: [{ name: '王某', isDenied: true }],
      evidence: { reusedWith: ['T1', 'T2'], altered: true, alteredReason: '照片拍摄时间晚于文件修改时间' },
      text: `${complaint.text}如果不撤掉他的职务，我们就去北京上访。`,
    }));
    const report = screen([...complaints, ...background]);
    const own = screened(report, 'T3');
    // 40 + 30 + 25 + 20 scored, plus context: capped.
    expect(own.flags.map((candidate) => candidate.code)).toEqual(
      expect.arrayContaining([
        'COORDINATED_TEXT',
        'COSIGNER_DENIED',
        'EVIDENCE_REUSED',
        'EVIDENCE_ALTERED',
        'KEY_PERIOD',
        'PRESSURE_LANGUAGE',
      ]),
    );
    expect(own.anomalyScore).toBe(100);
    expect(flag(report, 'T3', 'EVIDENCE_REUSED')?.relatedIds).toEqual(['T1', 'T2']);
    expect(flag(report, 'T3', 'EVIDENCE_ALTERED')?.message).toContain('照片拍摄时间晚于文件修改时间');
  });

  it('never uses the words that are findings for people to make', () => {
    const complaints = [
      ...townshipComplaints(),
      ...townshipComplaints().map((complaint) => ({
        ...complaint,
        id: `${complaint.id}b`,
        receivedAt: complaint.receivedAt + 86_400_000,
        finding: 'false_accusation' as const,
        conclusion: 'unfounded' as const,
        concludedAt: day(5),
        text: `${complaint.text}否则我们还会继续反映。`,
      })),
      ...background,
    ];
    const report = screen(complaints);
    const messages = report.complaints.flatMap((complaint) => complaint.flags.map((candidate) => candidate.message));
    expect(messages.length).toBeGreaterThan(10);
    for (const message of messages) {
      expect(message).not.toMatch(/诬告|恶意|策划|有组织/);
    }
  });
});

describe('source signals', () => {
  const sharedPhone = '13812345678';
  const named = (
    id: string,
    name: string,
    receivedAt: number,
    extra: Partial<ScreeningComplaint> = {},
  ): ScreeningComplaint =>
    buildComplaint({
      id,
      receivedAt,
      reporter: { name, phone: sharedPhone },
      subjects: [VILLAGE_HEAD],
      text: UNRELATED_TEXTS[id.length % UNRELATED_TEXTS.length] ?? '',
      ...extra,
    });

  it('flags different names sharing a phone, never naming the value', () => {
    const report = screen([
      named('S1', '李四', day(1)),
      named('S2', '王五', day(2), { reporter: { name: '王五', phone: '+86 138-1234-5678' } }),
      ...background,
    ]);
    const found = flag(report, 'S1', 'SAME_SOURCE');
    expect(found?.relatedIds).toEqual(['S2']);
    expect(found?.severity).toBe('medium');
    expect(found?.message).toContain('联系电话');
    expect(found?.message).not.toContain(sharedPhone);
    expect(screened(report, 'S1').anomalyScore).toBe(25);
  });

  it('does not flag the same name reporting several times', () => {
    const report = screen([named('S1', '李四', day(1)), named('S2', '李四', day(2)), ...background]);
    expect(flag(report, 'S1', 'SAME_SOURCE')).toBeUndefined();
  });

  it('never lists or counts an anonymous complaint for another complaint', () => {
    const anonymous = buildComplaint({
      id: 'ANON',
      receivedAt: day(3),
      isAnonymous: true,
      reporter: { phone: sharedPhone },
      subjects: [VILLAGE_HEAD],
      text: UNRELATED_TEXTS[3] ?? '',
      finding: 'false_accusation',
      concludedAt: day(4),
    });
    const report = screen([
      named('S1', '李四', day(10)),
      named('S2', '王五', day(11)),
      named('S3', '李四', day(12)),
      named('S4', '李四', day(13)),
      anonymous,
      ...background,
    ]);
    for (const complaint of report.complaints) {
      if (complaint.id === 'ANON') {
        continue;
      }
      for (const candidate of complaint.flags) {
        if (['SAME_SOURCE', 'REPEAT_REPORTER', 'PRIOR_FALSE_ACCUSER'].includes(candidate.code)) {
          expect(candidate.relatedIds).not.toContain('ANON');
        }
      }
    }
    expect(flag(report, 'S2', 'SAME_SOURCE')?.message).toContain('另外3件');
    expect(flag(report, 'S1', 'PRIOR_FALSE_ACCUSER')).toBeUndefined();
    // Its own flag counts what it shares a source with, and lists nothing.
    const own = flag(report, 'ANON', 'SAME_SOURCE');
    expect(own?.relatedIds).toEqual([]);
    expect(own?.message).toContain('另外4件');
  });

  it('links an address only down to a house number, never by a village name alone', () => {
    const withAddress = (id: string, name: string, address: string): ScreeningComplaint =>
      buildComplaint({ id, receivedAt: day(1), reporter: { name, address }, text: UNRELATED_TEXTS[id.length] ?? '' });
    const village = screen([
      withAddress('A1', '李四', '青山镇石桥村'),
      withAddress('A2', '王五', '青山镇石桥村'),
      ...background,
    ]);
    expect(flag(village, 'A1', 'SAME_SOURCE')).toBeUndefined();
    const street = screen([
      withAddress('A1', '李四', '城关镇解放路'),
      withAddress('A2', '王五', '城关镇解放路'),
      ...background,
    ]);
    expect(flag(street, 'A1', 'SAME_SOURCE')).toBeUndefined();
    const house = screen([
      withAddress('A1', '李四', '青山镇石桥村三组12号'),
      withAddress('A2', '王五', '青山鎮石橋村 三組 12 號'),
      withAddress('A3', '赵六', '青山镇石桥村三组13号'),
      ...background,
    ]);
    expect(flag(house, 'A1', 'SAME_SOURCE')?.relatedIds).toEqual(['A2']);
    expect(flag(house, 'A1', 'SAME_SOURCE')?.message).toContain('门牌地址');
  });

  it('links IP addresses and devices only when online ids are enabled, and only on the online channel', () => {
    const online = (id: string, name: string): ScreeningComplaint =>
      buildComplaint({
        id,
        channel: 'online',
        receivedAt: day(1),
        reporter: { name, ip: '203.0.113.7', deviceId: 'A1:B2:C3:D4:E5:F6' },
        text: UNRELATED_TEXTS[id.length] ?? '',
      });
    const complaints = [online('O1', '李四'), online('O2', '王五'), ...background];
    expect(flag(screen(complaints), 'O1', 'SAME_SOURCE')).toBeUndefined();
    const enabled = screen(complaints, { withOnlineIds: true });
    expect(flag(enabled, 'O1', 'SAME_SOURCE')?.relatedIds).toEqual(['O2']);
    expect(flag(enabled, 'O1', 'SAME_SOURCE')?.message).toContain('IP地址');
    const letters = complaints.map((complaint) => ({ ...complaint, channel: 'letter' as const }));
    expect(flag(screen(letters, { withOnlineIds: true }), 'O1', 'SAME_SOURCE')).toBeUndefined();
  });

  it('notes three complaints by one reporter against one subject within 180 days', () => {
    const report = screen([
      named('S1', '李四', day(0)),
      named('S22', '李四', day(90)),
      named('S333', '李四', day(170)),
      ...background,
    ]);
    const found = flag(report, 'S22', 'REPEAT_REPORTER');
    expect(found?.severity).toBe('info');
    expect(found?.relatedIds).toEqual(['S1', 'S333']);
    expect(screened(report, 'S22').anomalyScore).toBe(0);
    const spread = screen([
      named('S1', '李四', day(0)),
      named('S22', '李四', day(100)),
      named('S333', '李四', day(200)),
      ...background,
    ]);
    expect(flag(spread, 'S22', 'REPEAT_REPORTER')).toBeUndefined();
  });

  it('notes an earlier approved finding about the same reporter without prejudging', () => {
    const report = screen([
      named('F1', '李四', day(0), { conclusion: 'unfounded', concludedAt: day(10), finding: 'false_accusation' }),
      named('F22', '李四', day(30)),
      named('F333', '王五', day(31), { reporter: { name: '王五' } }),
      ...background,
    ]);
    expect(flag(report, 'F22', 'PRIOR_FALSE_ACCUSER')?.relatedIds).toEqual(['F1']);
    expect(flag(report, 'F22', 'PRIOR_FALSE_ACCUSER')?.message).toContain('不对本件内容作任何预判');
    expect(flag(report, 'F333', 'PRIOR_FALSE_ACCUSER')).toBeUndefined();
    expect(flag(report, 'F1', 'PRIOR_FALSE_ACCUSER')).toBeUndefined();
  });
});

describe('context signals', () => {
  it('notes a burst against one subject against its usual weekly count', () => {
    const spread = [0, 20, 40, 60].map((offset, position) =>
      buildComplaint({
        id: `E${position}`,
        receivedAt: day(offset),
        subjects: [VILLAGE_HEAD],
        text: UNRELATED_TEXTS[position] ?? '',
      }),
    );
    const burst = [30, 30, 31, 32, 33, 34].map((offset, position) =>
      buildComplaint({
        id: `B${position}`,
        receivedAt: day(offset),
        subjects: [VILLAGE_HEAD],
        text: UNRELATED_TEXTS[position + 4] ?? '',
      }),
    );
    const report = screen([...spread, ...burst]);
    const found = flag(report, 'B2', 'VOLUME_BURST');
    expect(found?.message).toContain('共6件');
    expect(found?.relatedIds).toHaveLength(5);
    expect(flag(report, 'E0', 'VOLUME_BURST')).toBeUndefined();
  });

  it('notes complaints received in a key period, limited to its units', () => {
    const period = { name: '2024年村（社区）两委换届', from: day(0), to: day(30), units: ['石桥村村委会'] };
    const inside = buildComplaint({
      id: 'P1',
      receivedAt: day(5),
      subjects: [VILLAGE_HEAD],
      text: UNRELATED_TEXTS[0] ?? '',
    });
    const otherUnit = buildComplaint({
      id: 'P2',
      receivedAt: day(5),
      subjects: [{ name: '钱某某', unit: '县住建局', isCandidate: false }],
      text: UNRELATED_TEXTS[1] ?? '',
    });
    const after = buildComplaint({
      id: 'P3',
      receivedAt: day(40),
      subjects: [VILLAGE_HEAD],
      text: UNRELATED_TEXTS[2] ?? '',
    });
    const report = screen([inside, otherUnit, after], { keyPeriods: [period] });
    expect(flag(report, 'P1', 'KEY_PERIOD')?.message).toContain('2024年村（社区）两委换届');
    expect(flag(report, 'P2', 'KEY_PERIOD')).toBeUndefined();
    expect(flag(report, 'P3', 'KEY_PERIOD')).toBeUndefined();
  });

  it('recognises demands tied to conditions', () => {
    const texts = [
      '要是不给我家解决宅基地，我就天天去县里上访。',
      '请十日内答复，否则我将向媒体曝光。',
      '村主任贾某某挪用扶贫资金，请领导调查。',
    ];
    const complaints = texts.map((text, position) =>
      buildComplaint({ id: `L${position}`, receivedAt: day(position), text }),
    );
    const report = screen(complaints);
    expect(flag(report, 'L0', 'PRESSURE_LANGUAGE')).toBeDefined();
    expect(flag(report, 'L1', 'PRESSURE_LANGUAGE')).toBeDefined();
    expect(flag(report, 'L2', 'PRESSURE_LANGUAGE')).toBeUndefined();
  });
});

describe('masking', () => {
  it('masks every reporter and co-signer identity value and phone or ID number in quoted text', () => {
    const people = [
      { name: '李桂英', unit: '石桥村小学', phone: '13805712233', idNumber: '330102198001011234' },
      { name: '王德福', unit: '青山镇农技站', phone: '0571-8765 4321', idNumber: '33010219750203002X' },
      { name: '赵春兰', unit: '石桥村卫生室', phone: '13705714455', idNumber: '330102196512120018' },
    ];
    const complaints = people.map((person, position) =>
      buildComplaint({
        id: `M${position}`,
        receivedAt: day(position),
        reporter: person,
        cosigners: [{ name: `联名人${'甲乙丙'[position] ?? ''}`, isDenied: false }],
        text:
          `${townshipLetter(person.name, person.phone)}\n工作单位：${person.unit}，身份证号${person.idNumber}。` +
          `同时签名的还有联名人${'甲乙丙'[position] ?? ''}。办公室座机（0571）85550123，旧身份证330102650101123。`,
      }),
    );
    const report = screen([...complaints, ...background]);
    expect(report.campaigns).toHaveLength(1);
    const campaign = report.campaigns[0];
    const quoted = [
      campaign?.template ?? '',
      ...(campaign?.members ?? []).flatMap((member) => [
        member.maskedText,
        ...member.differingSpans.map((span) => span.text),
      ]),
    ];
    const secrets = [
      ...people.flatMap((person) => [
        person.name,
        person.unit,
        person.phone,
        person.idNumber,
        person.phone.replace(/\D/g, ''),
      ]),
      '联名人甲',
      '联名人乙',
      '联名人丙',
      '85550123',
      '330102650101123',
    ];
    for (const text of quoted) {
      for (const secret of secrets) {
        expect(text).not.toContain(secret);
      }
    }
    expect(campaign?.template).toContain('＊');
    // Differing spans point into the member's masked text.
    for (const member of campaign?.members ?? []) {
      for (const span of member.differingSpans) {
        expect(member.maskedText.slice(span.start, span.end)).toBe(span.text);
      }
      expect(member.differingSpans.length).toBeGreaterThan(0);
    }
  });
});
