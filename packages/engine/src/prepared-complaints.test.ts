import { describe, expect, it } from 'vitest';

import {
  createBatchScreener,
  type AddResult,
  type PreparedComplaints,
  type ScreeningComplaint,
  type ScreeningOptions,
  type ScreeningReport,
} from './index.js';
import {
  HONEST_WATER_REPORTS,
  TEST_OPTIONS,
  UNRELATED_TEXTS,
  buildComplaint,
  day,
  jointLetter,
  townshipComplaints,
} from './test-support/fixtures.js';

/** A batch touching every field `add` keeps, plus every kind of rejected complaint. */
function mixedBatch(): ScreeningComplaint[] {
  const complaints: ScreeningComplaint[] = [...townshipComplaints(), jointLetter()];
  HONEST_WATER_REPORTS.forEach((text, position) =>
    complaints.push(
      buildComplaint({
        id: `W${position + 1}`,
        receivedAt: day(position * 2),
        isAnonymous: position === 1,
        reporter:
          position === 1 ? null : { name: `村民${position}`, phone: '13957123456', idNumber: '41010219800101123X' },
        channel: position === 2 ? 'online' : 'letter',
        subjects: [
          { name: '贾某某', isCandidate: false },
          { name: '贾某某', unit: '东岭村村委会', isCandidate: position === 3 },
          { name: '贾某某', unit: '东岭村村委会', isCandidate: false },
        ],
        text: position === 0 ? `${text}如果不给我们解决，我们就去北京上访。` : text,
      }),
    ),
  );
  UNRELATED_TEXTS.forEach((text, position) =>
    complaints.push(
      buildComplaint({
        id: `U${position + 1}`,
        receivedAt: day(position),
        channel: 'online',
        reporter: {
          name: `网民${position % 3}`,
          ip: `10.0.0.${position % 2}`,
          deviceId: 'device-1',
          address: '青山镇一组5号',
        },
        subjects: [{ name: `对象${position}`, unit: '县住建局', isCandidate: position % 2 === 0 }],
        cosigners: position === 4 ? [{ name: '吴玉兰', isDenied: true }] : [],
        ...(position === 5
          ? { conclusion: 'unfounded' as const, concludedAt: day(-30), finding: 'mistaken' as const }
          : {}),
        ...(position === 6
          ? { evidence: { reusedWith: ['U1', 'U8'], altered: true, alteredReason: '修改时间晚于收件' } }
          : {}),
        text,
      }),
    ),
  );
  complaints.push(buildComplaint({ id: 'U1', text: '编号重复的一件。' }));
  complaints.push(buildComplaint({ id: '', text: '没有编号。' }));
  complaints.push(buildComplaint({ id: 'BAD-TIME', receivedAt: Number.NaN, text: '收件时间无效。' }));
  complaints.push({ ...buildComplaint({ id: 'NO-TEXT', text: '' }), text: undefined as unknown as string });
  complaints.push(buildComplaint({ id: 'BLANK', text: '……' }));
  complaints.push(buildComplaint({ id: 'T1', receivedAt: Number.NaN, text: '编号重复且时间无效。' }));
  return complaints;
}

function screenWithAdd(
  complaints: readonly ScreeningComplaint[],
  options: ScreeningOptions,
): { results: AddResult[]; report: ScreeningReport } {
  const screener = createBatchScreener(options);
  for (const complaint of complaints) {
    if (typeof complaint.text === 'string') {
      screener.observe(complaint.text);
    }
  }
  const results = complaints.map((complaint) => screener.add(complaint));
  return { results, report: screener.finish() };
}

/** As a worker thread would: prepared by another screener with the frozen snapshot, copied across, added in order. */
function screenPrepared(
  complaints: readonly ScreeningComplaint[],
  options: ScreeningOptions,
  partSize: number,
): { results: AddResult[]; report: ScreeningReport } {
  const screener = createBatchScreener(options);
  for (const complaint of complaints) {
    if (typeof complaint.text === 'string') {
      screener.observe(complaint.text);
    }
  }
  const worker = createBatchScreener({ ...options, boilerplateSnapshot: structuredClone(screener.snapshot()) });
  const results: AddResult[] = [];
  for (let start = 0; start < complaints.length; start += partSize) {
    const prepared: PreparedComplaints = structuredClone(worker.prepare(complaints.slice(start, start + partSize)));
    results.push(...screener.addPrepared(prepared));
  }
  return { results, report: screener.finish() };
}

describe('BatchScreener.prepare / addPrepared', () => {
  const complaints = mixedBatch();

  for (const withOnlineIds of [false, true]) {
    it(`gives the same results and report as add, in parts of any size (online ids ${withOnlineIds ? 'on' : 'off'})`, () => {
      const options: ScreeningOptions = { ...TEST_OPTIONS, withOnlineIds, minReporters: 2 };
      const expected = screenWithAdd(complaints, options);
      expect(expected.report.campaigns.length).toBeGreaterThan(0);
      expect(expected.results.filter((result) => result.kind === 'rejected')).toHaveLength(5);
      const codes = new Set(
        expected.report.complaints.flatMap((complaint) => complaint.flags.map((flag) => flag.code)),
      );
      expect([...codes].sort()).toEqual(
        expect.arrayContaining([
          'COORDINATED_TEXT',
          'COSIGNER_DENIED',
          'EVIDENCE_ALTERED',
          'PRESSURE_LANGUAGE',
          'SAME_SOURCE',
        ]),
      );
      for (const partSize of [1, 3, 10, complaints.length]) {
        expect(screenPrepared(complaints, options, partSize)).toEqual(expected);
      }
    });
  }

  it('refuses complaints prepared under another snapshot or other options', () => {
    const screener = createBatchScreener(TEST_OPTIONS);
    const other = createBatchScreener({ ...TEST_OPTIONS, withOnlineIds: true });
    expect(() => screener.addPrepared(other.prepare(complaints.slice(0, 2)))).toThrow(/another snapshot/);
    const phrases = createBatchScreener({ ...TEST_OPTIONS, boilerplatePhrases: ['村民'] });
    expect(() => screener.addPrepared(phrases.prepare(complaints.slice(0, 2)))).toThrow(/another snapshot/);
  });

  it('rejects prepared complaints after finish, like add', () => {
    const screener = createBatchScreener(TEST_OPTIONS);
    const prepared = screener.prepare(complaints.slice(0, 2));
    screener.finish();
    expect(screener.addPrepared(prepared)).toEqual([
      { kind: 'rejected', reason: 'the batch is already finished' },
      { kind: 'rejected', reason: 'the batch is already finished' },
    ]);
  });
});
