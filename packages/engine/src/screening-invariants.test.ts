import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';

import { createBatchScreener } from './index.js';
import { TEST_LINKAGE_KEY } from './test-support/fixtures.js';

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 160 }),
  fc.string({
    unit: fc.constantFrom(...'村委会主任贾某某挪用扶贫资金一二三0123456789，。！否则如果不就号栋室'.split('')),
    maxLength: 240,
  }),
);
const optionalText = (unit: fc.Arbitrary<string>, maxLength: number): fc.Arbitrary<string | undefined> =>
  fc.option(fc.string({ unit, maxLength }), { nil: undefined });
const reporter = fc.option(
  fc.record({
    name: optionalText(fc.constantFrom(...'张王李赵某甲乙'.split('')), 3),
    phone: optionalText(fc.constantFrom(...'0123456789+- '.split('')), 16),
    address: optionalText(fc.constantFrom(...'石桥村三组12号栋'.split('')), 10),
  }),
  { nil: null },
);
const complaint = fc.record({
  text,
  reporter,
  isAnonymous: fc.boolean(),
  day: fc.integer({ min: -5, max: 400 }),
  subject: fc.constantFrom('贾某某', '王某', '李某某'),
  isCandidate: fc.boolean(),
  isDenied: fc.boolean(),
  conclusion: fc.constantFrom(undefined, 'unfounded' as const, 'partly_substantiated' as const),
  finding: fc.constantFrom(undefined, 'false_accusation' as const),
});

describe('createBatchScreener on arbitrary input', () => {
  test.prop([fc.array(complaint, { maxLength: 30 })], { numRuns: 40 })(
    'never throws, scores within 0–100, uses neutral words and consistent spans',
    (list) => {
      const screener = createBatchScreener({ linkageKey: TEST_LINKAGE_KEY, withOnlineIds: true });
      for (const item of list) {
        screener.observe(item.text);
      }
      list.forEach((item, position) => {
        const receivedAt = Date.UTC(2024, 0, 1) + item.day * 86_400_000;
        screener.add({
          id: `F${position}`,
          receivedAt,
          channel: 'online',
          isAnonymous: item.isAnonymous,
          reporter: item.reporter,
          cosigners: item.isDenied ? [{ name: '王某某', isDenied: true }] : [],
          subjects: [{ name: item.subject, isCandidate: item.isCandidate }],
          text: item.text,
          ...(item.conclusion === undefined
            ? {}
            : { conclusion: item.conclusion, concludedAt: receivedAt + 86_400_000 }),
          ...(item.finding === undefined ? {} : { finding: item.finding }),
        });
      });
      const report = screener.finish();
      expect(report.complaints).toHaveLength(list.length);
      for (const screened of report.complaints) {
        expect(screened.anomalyScore).toBeGreaterThanOrEqual(0);
        expect(screened.anomalyScore).toBeLessThanOrEqual(100);
        for (const flag of screened.flags) {
          expect(flag.message).not.toMatch(/诬告|恶意|策划|有组织/);
        }
      }
      for (const campaign of report.campaigns) {
        for (const member of campaign.members) {
          for (const span of member.differingSpans) {
            expect(member.maskedText.slice(span.start, span.end)).toBe(span.text);
          }
        }
      }
    },
    60_000,
  );
});
