import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';

import {
  createBatchScreener,
  createBoilerplateBuilder,
  type BoilerplateSnapshot,
  type ScreeningComplaint,
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
  townshipLetter,
} from './test-support/fixtures.js';

/** A second campaign (one author's letter copied with small edits) to mix with the township one. */
function copiedLetter(position: number): string {
  const base =
    '反映青山镇国土所所长钱某某的问题：钱某某在石桥村土地征收中，虚报被征收面积四十亩，多领征地补偿款二十六万元，' +
    '并把其中的十万元分给了他的表弟。被征地的村民至今只拿到一半补偿，多次到镇里反映都没有结果。';
  const edits = ['', '请领导重视。', '我们已经等了一年多。', '村民都很气愤。'];
  return `${base}${edits[position % edits.length] ?? ''}`;
}

const corpus: ScreeningComplaint[] = [
  ...townshipComplaints(),
  ...[0, 1, 2, 3].map((position) =>
    buildComplaint({
      id: `Q${position}`,
      receivedAt: day(position * 6),
      reporter: { name: `征地户${'甲乙丙丁'[position] ?? ''}` },
      subjects: [{ name: '钱某某', unit: '青山镇国土所', isCandidate: false }],
      text: copiedLetter(position),
    }),
  ),
  ...HONEST_WATER_REPORTS.map((text, position) =>
    buildComplaint({ id: `H${position}`, receivedAt: day(position), reporter: { name: `东岭${position}号户` }, text }),
  ),
  jointLetter(),
  ...UNRELATED_TEXTS.slice(0, 8).map((text, position) =>
    buildComplaint({
      id: `U${position}`,
      receivedAt: day(position * 2),
      reporter: { name: `群众${position}号` },
      text,
    }),
  ),
];

const extras: ScreeningComplaint[] = UNRELATED_TEXTS.slice(8).map((text, position) =>
  buildComplaint({
    id: `X${position}`,
    receivedAt: day(position * 3),
    reporter: { name: `来信人${position}号` },
    text,
  }),
);

function freezeSnapshot(complaints: readonly ScreeningComplaint[]): BoilerplateSnapshot {
  const builder = createBoilerplateBuilder();
  for (const complaint of complaints) {
    builder.observe(complaint.text);
  }
  return builder.freeze();
}

function screenWith(snapshot: BoilerplateSnapshot, complaints: readonly ScreeningComplaint[]): ScreeningReport {
  const screener = createBatchScreener({ ...TEST_OPTIONS, boilerplateSnapshot: snapshot });
  for (const complaint of complaints) {
    screener.add(complaint);
  }
  return screener.finish();
}

const snapshot = freezeSnapshot([...corpus, ...extras]);
const baseline = screenWith(snapshot, corpus);

describe('campaigns', () => {
  test('the fixture corpus has the two expected campaigns', () => {
    expect(baseline.campaigns.map((campaign) => campaign.complaintIds)).toEqual([
      ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'],
      ['Q0', 'Q1', 'Q2', 'Q3'],
    ]);
  });

  test.prop([fc.shuffledSubarray(corpus, { minLength: corpus.length, maxLength: corpus.length })], { numRuns: 20 })(
    'do not depend on input order, for a fixed snapshot',
    (shuffled) => {
      const report = screenWith(snapshot, shuffled);
      expect(report.campaigns).toEqual(baseline.campaigns);
      const scores = new Map(report.complaints.map((complaint) => [complaint.id, complaint]));
      for (const complaint of baseline.complaints) {
        expect(scores.get(complaint.id)).toEqual(complaint);
      }
    },
    60_000,
  );

  test.prop([fc.subarray(extras, { minLength: 1 }), fc.infiniteStream(fc.nat())], { numRuns: 20 })(
    'are not split by adding unrelated complaints',
    (added, positions) => {
      const mixed = [...corpus];
      const iterator = positions[Symbol.iterator]();
      for (const complaint of added) {
        const next = iterator.next();
        mixed.splice((next.done === true ? 0 : next.value) % (mixed.length + 1), 0, complaint);
      }
      const report = screenWith(snapshot, mixed);
      for (const campaign of baseline.campaigns) {
        const holder = report.campaigns.find((candidate) =>
          candidate.complaintIds.includes(campaign.complaintIds[0] ?? ''),
        );
        expect(holder?.complaintIds).toEqual(expect.arrayContaining(campaign.complaintIds));
      }
    },
    60_000,
  );

  test.prop([fc.integer({ min: 3, max: 12 }), fc.integer({ min: 0, max: 5 })], { numRuns: 15 })(
    'keep a stable id for the same members',
    (copies, shift) => {
      const letters = Array.from({ length: copies }, (_, position) =>
        buildComplaint({
          id: `C${position}`,
          receivedAt: day(position + shift),
          reporter: { name: `写信人${position}号` },
          text: townshipLetter('', ''),
        }),
      );
      const first = screenWith(snapshot, letters).campaigns[0];
      const second = screenWith(snapshot, [...letters].reverse()).campaigns[0];
      expect(first?.id).toMatch(/^C[0-9a-f]{16}$/);
      expect(second?.id).toBe(first?.id);
    },
    60_000,
  );
});
