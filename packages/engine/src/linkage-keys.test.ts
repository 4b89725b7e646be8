import { describe, expect, it } from 'vitest';

import { linkageKeys, maskText } from './index.js';

const key = new Uint8Array(32).fill(1);

describe('linkageKeys', () => {
  it('normalises mobile numbers written with a country prefix, spaces or dashes', () => {
    const expected = linkageKeys({ phone: '13812345678' }, { linkageKey: key });
    expect(expected).toHaveLength(1);
    for (const phone of ['+86 138 1234 5678', '0086-138-1234-5678', '86 13812345678', '１３８１２３４５６７８']) {
      expect(linkageKeys({ phone }, { linkageKey: key })).toEqual(expected);
    }
  });

  it('keeps the area code of a landline', () => {
    const expected = linkageKeys({ phone: '0571-85550123' }, { linkageKey: key });
    expect(linkageKeys({ phone: '(0571) 8555 0123' }, { linkageKey: key })).toEqual(expected);
    expect(linkageKeys({ phone: '+86 571 85550123' }, { linkageKey: key })).toEqual(expected);
    expect(linkageKeys({ phone: '010-85550123' }, { linkageKey: key })).not.toEqual(expected);
  });

  it('accepts 15- and 18-character ID numbers, with an upper- or lower-case X', () => {
    expect(linkageKeys({ idNumber: '33010219750203002x' }, { linkageKey: key })).toEqual(
      linkageKeys({ idNumber: '330102 19750203 002X' }, { linkageKey: key }),
    );
    expect(linkageKeys({ idNumber: '330102750203002' }, { linkageKey: key })).toHaveLength(1);
    expect(linkageKeys({ idNumber: '3301021975' }, { linkageKey: key })).toEqual([]);
  });

  it('links an address only when it names a house number', () => {
    expect(linkageKeys({ address: '青山镇石桥村' }, { linkageKey: key })).toEqual([]);
    expect(linkageKeys({ address: '城关镇解放路' }, { linkageKey: key })).toEqual([]);
    expect(linkageKeys({ address: '城关镇解放路18号' }, { linkageKey: key })).toHaveLength(1);
    expect(linkageKeys({ address: '幸福小区3栋2单元501室' }, { linkageKey: key })).toHaveLength(1);
    expect(linkageKeys({ address: '幸福小区3栋' }, { linkageKey: key })).not.toEqual(
      linkageKeys({ address: '幸福小区5栋' }, { linkageKey: key }),
    );
  });

  it('uses IP and device ids only when asked to', () => {
    const reporter = { ip: '203.0.113.7', deviceId: 'A1:B2:C3:D4:E5:F6' };
    expect(linkageKeys(reporter, { linkageKey: key })).toEqual([]);
    expect(linkageKeys(reporter, { linkageKey: key, withOnlineIds: true })).toHaveLength(2);
  });

  it('derives different keys under a different linkage key and never contains the value', () => {
    const first = linkageKeys({ phone: '13812345678' }, { linkageKey: key });
    const second = linkageKeys({ phone: '13812345678' }, { linkageKey: new Uint8Array(32).fill(2) });
    expect(first).not.toEqual(second);
    expect(first[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(linkageKeys(null, { linkageKey: key })).toEqual([]);
  });
});

describe('maskText', () => {
  it('masks identity values however they are written, and phones and ID numbers by pattern', () => {
    const text = '我是張 三，在青山镇农技站工作，手机138-1234-5678，座机0571-85550123，身份证330102198001011234。';
    const masked = maskText(text, ['张三', '青山镇农技站']);
    expect(masked).toHaveLength(text.length);
    for (const secret of ['張 三', '青山镇农技站', '138-1234-5678', '0571-85550123', '330102198001011234']) {
      expect(masked).not.toContain(secret);
    }
    expect(masked).toContain('我是');
    expect(masked).toContain('工作');
  });
});
