import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits.js';
import {
  formatComplaintNumber,
  isIpOrCidr,
  normaliseDeviceId,
  UpdateOfficeSettingsSchema,
  type UpdateOfficeSettingsInput,
} from './office-settings.js';

/** The messages of a failed parse, by path. */
function problems(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

const paths = (input: unknown): string[] => problems(UpdateOfficeSettingsSchema.safeParse(input)).map((p) => p.path);

describe('formatComplaintNumber', () => {
  it('writes the number as offices do: prefix, 〔year〕, word, 字第, Arabic serial, 号', () => {
    expect(formatComplaintNumber({ prefix: '东湖镇纪委', word: '信' }, 2026, 12)).toBe('东湖镇纪委〔2026〕信字第12号');
    expect(formatComplaintNumber({ prefix: '某市纪委监委', word: '访' }, 2027, 1)).toBe(
      '某市纪委监委〔2027〕访字第1号',
    );
    expect(formatComplaintNumber({ prefix: 'A', word: '网' }, 2026, 10_000)).toBe('A〔2026〕网字第10000号');
  });

  it('uses the full-width hexagonal brackets, not the ASCII or CJK square ones', () => {
    const number = formatComplaintNumber({ prefix: '东湖镇纪委', word: '信' }, 2026, 3);
    expect(number).toContain('\u30142026\u3015');
    expect(number).not.toMatch(/[[\]【】〔〕]{2}/u);
  });

  it('refuses a broken counter: a serial below 1 or fractional, a year without four digits', () => {
    const format = { prefix: '东湖镇纪委', word: '信' };
    for (const serial of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => formatComplaintNumber(format, 2026, serial), String(serial)).toThrow(RangeError);
    }
    for (const year of [26, 999, 10_000, 2026.5]) {
      expect(() => formatComplaintNumber(format, year, 1), String(year)).toThrow(RangeError);
    }
  });
});

describe('UpdateOfficeSettingsSchema', () => {
  const valid: UpdateOfficeSettingsInput = {
    numberPrefix: '东湖镇纪委',
    numberWord: '信',
    keyPeriods: [
      { name: '2026年村（社区）“两委”换届', kind: 'village_election', from: '2026-03-01', to: '2026-05-31' },
      { name: '乡镇换届', from: '2026-06-01', to: '2026-06-01', units: ['东湖村', '西湖社区'] },
    ],
    recordsOnlineIdentifiers: true,
    routingRequiresApproval: true,
    sharedEndpoints: [
      { kind: 'ip', value: '10.1.2.3', note: '信访室终端' },
      { kind: 'ip', value: '192.168.0.0/16', note: '' },
      { kind: 'ip', value: '2001:db8::/32', note: '中继' },
      { kind: 'ip', value: '::ffff:10.9.9.9', note: '' },
      { kind: 'device', value: 'AA:BB:CC:DD:EE:FF', note: '大厅自助机' },
    ],
  };

  it('accepts whole settings, and fills in the defaults of the fields left out', () => {
    expect(UpdateOfficeSettingsSchema.parse(valid)).toEqual(valid);
    expect(UpdateOfficeSettingsSchema.parse({ numberPrefix: ' 东湖镇纪委 ' })).toEqual({
      numberPrefix: '东湖镇纪委',
      numberWord: '信',
      keyPeriods: [],
      recordsOnlineIdentifiers: false,
      routingRequiresApproval: false,
      sharedEndpoints: [],
    });
    expect(
      UpdateOfficeSettingsSchema.parse({ numberPrefix: 'x', sharedEndpoints: [{ kind: 'device', value: 'd1' }] })
        .sharedEndpoints,
    ).toEqual([{ kind: 'device', value: 'd1', note: '' }]);
  });

  it('refuses a key period that ends before it starts, at its end date, with a message one can act on', () => {
    const result = UpdateOfficeSettingsSchema.safeParse({
      ...valid,
      keyPeriods: [{ name: '换届', from: '2026-05-01', to: '2026-04-30' }],
    });
    expect(problems(result)).toEqual([
      {
        path: 'keyPeriods.0.to',
        message: '结束日期不得早于开始日期，请检查起止日期 / the end date is before the start date: check the dates',
      },
    ]);
  });

  it('refuses dates that are not calendar days as YYYY-MM-DD', () => {
    for (const date of ['2026-02-30', '2026-13-01', '2026-1-5', '20260105', '2026-01-05T00:00:00Z', '']) {
      expect(paths({ ...valid, keyPeriods: [{ name: 'x', from: date, to: '2026-12-31' }] }), date).toEqual([
        'keyPeriods.0.from',
      ]);
    }
    expect(paths({ ...valid, keyPeriods: [{ name: 'x', from: '2024-02-29', to: '2024-02-29' }] })).toEqual([]);
  });

  it('bounds the lists: key periods, units of a period, shared endpoints', () => {
    const period = { name: 'x', from: '2026-01-01', to: '2026-01-02' };
    expect(paths({ ...valid, keyPeriods: Array.from({ length: LIMITS.keyPeriodsMax }, () => period) })).toEqual([]);
    expect(paths({ ...valid, keyPeriods: Array.from({ length: LIMITS.keyPeriodsMax + 1 }, () => period) })).toEqual([
      'keyPeriods',
    ]);
    const units = Array.from({ length: LIMITS.keyPeriodUnitsMax + 1 }, (_, i) => `村${i}`);
    expect(paths({ ...valid, keyPeriods: [{ ...period, units }] })).toEqual(['keyPeriods.0.units']);
    const endpoints = Array.from({ length: LIMITS.sharedEndpointsMax + 1 }, (_, i) => ({
      kind: 'device',
      value: `device-${i}`,
    }));
    expect(paths({ ...valid, sharedEndpoints: endpoints })).toEqual(['sharedEndpoints']);
  });

  it('refuses an ip that is no address or range, and names the field', () => {
    for (const value of ['10.0.0.256', '10.0.0', '10.0.0.0/33', 'fe80::/129', 'example.org', '10.0.0.1 ', '1.2.3.4/']) {
      const result = paths({ ...valid, sharedEndpoints: [{ kind: 'ip', value, note: '' }] });
      // A trailing space is trimmed away and the address is then fine.
      expect(result, value).toEqual(value === '10.0.0.1 ' ? [] : ['sharedEndpoints.0.value']);
    }
  });

  it('refuses a shared endpoint listed twice (a device in another spelling too)', () => {
    const result = paths({
      ...valid,
      sharedEndpoints: [
        { kind: 'device', value: 'AA-BB-CC', note: '' },
        { kind: 'ip', value: '10.0.0.1', note: '' },
        { kind: 'device', value: 'aabbcc', note: '' },
        { kind: 'ip', value: '10.0.0.1', note: '' },
      ],
    });
    expect(result).toEqual(['sharedEndpoints.2.value', 'sharedEndpoints.3.value']);
    expect(paths({ ...valid, sharedEndpoints: [{ kind: 'device', value: ' :-. ', note: '' }] })).toEqual([
      'sharedEndpoints.0.value',
    ]);
  });

  it('holds every text to the text rules and refuses the year brackets in the prefix and word', () => {
    expect(paths({ ...valid, numberPrefix: '东湖\n镇纪委' })).toEqual(['numberPrefix']);
    expect(paths({ ...valid, numberPrefix: '   ' })).toEqual(['numberPrefix']);
    expect(paths({ ...valid, numberPrefix: '东湖镇纪委〔' })).toEqual(['numberPrefix']);
    expect(paths({ ...valid, numberWord: '〕' })).toEqual(['numberWord']);
    expect(paths({ ...valid, numberWord: '信'.repeat(LIMITS.numberWordMaxLength + 1) })).toEqual(['numberWord']);
    expect(paths({ ...valid, keyPeriods: [{ name: 'a\u0000', from: '2026-01-01', to: '2026-01-01' }] })).toEqual([
      'keyPeriods.0.name',
    ]);
    expect(paths({ ...valid, sharedEndpoints: [{ kind: 'device', value: 'x', note: '\uD800' }] })).toEqual([
      'sharedEndpoints.0.note',
    ]);
    expect(paths({})).toEqual(['numberPrefix']);
  });
});

describe('shared endpoint helpers', () => {
  it('tells addresses and CIDR ranges of both families from anything else', () => {
    for (const value of ['0.0.0.0', '255.255.255.255', '10.0.0.0/8', '::1', '2001:db8::/32', '::ffff:1.2.3.4']) {
      expect(isIpOrCidr(value), value).toBe(true);
    }
    for (const value of ['256.0.0.1', '10.0.0.0/', '10/8', ':::1', 'localhost', '']) {
      expect(isIpOrCidr(value), value).toBe(false);
    }
  });

  it('compares device ids without case and separators', () => {
    expect(normaliseDeviceId('AA:BB-cc_dd.EE ff')).toBe('aabbccddeeff');
  });
});
