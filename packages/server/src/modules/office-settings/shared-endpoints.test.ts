import type { SharedEndpoint } from '@zhengming/contracts';
import { describe, expect, it } from 'vitest';
import { isSharedEndpoint } from './shared-endpoints.js';

const settings = (sharedEndpoints: SharedEndpoint[]) => ({ sharedEndpoints });

describe('isSharedEndpoint', () => {
  const endpoints = settings([
    { kind: 'ip', value: '10.1.2.3', note: '信访室终端' },
    { kind: 'ip', value: '192.168.8.0/22', note: '镇政府内网' },
    { kind: 'ip', value: '2001:db8:100::/48', note: '中继' },
    { kind: 'ip', value: 'fe80::1', note: '' },
    { kind: 'device', value: 'AA:BB:CC:DD:EE:FF', note: '大厅自助机' },
    { kind: 'device', value: 'kiosk_02', note: '' },
  ]);

  it('matches a listed address and every address of a listed range, in both families', () => {
    for (const ip of [
      '10.1.2.3',
      '192.168.8.0',
      '192.168.11.255',
      '2001:db8:100::1',
      '2001:DB8:100:ffff::9',
      'fe80::1',
    ]) {
      expect(isSharedEndpoint(endpoints, 'ip', ip), ip).toBe(true);
    }
    for (const ip of ['10.1.2.4', '192.168.12.0', '192.168.7.255', '2001:db8:101::1', 'fe80::2']) {
      expect(isSharedEndpoint(endpoints, 'ip', ip), ip).toBe(false);
    }
  });

  it('reads an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(isSharedEndpoint(endpoints, 'ip', '::ffff:10.1.2.3')).toBe(true);
    expect(isSharedEndpoint(endpoints, 'ip', '::ffff:192.168.9.1')).toBe(true);
    expect(isSharedEndpoint(endpoints, 'ip', '::ffff:10.1.2.4')).toBe(false);
  });

  it('never matches what is not an address, nor a device id against the ip list', () => {
    for (const value of ['', 'abc', '10.1.2', '10.1.2.3/32', '10.1.2.3:8080']) {
      expect(isSharedEndpoint(endpoints, 'ip', value), value).toBe(false);
    }
    expect(isSharedEndpoint(endpoints, 'device', '10.1.2.3')).toBe(false);
    expect(isSharedEndpoint(settings([]), 'ip', '10.1.2.3')).toBe(false);
  });

  it('matches device ids ignoring case, white space and separators', () => {
    for (const device of ['aabbccddeeff', 'AA-BB-CC-DD-EE-FF', ' aa.bb.cc.dd.ee.ff ', 'KIOSK02', 'kiosk-02']) {
      expect(isSharedEndpoint(endpoints, 'device', device), device).toBe(true);
    }
    for (const device of ['aabbccddeef0', 'kiosk03', '', ' - ']) {
      expect(isSharedEndpoint(endpoints, 'device', device), device).toBe(false);
    }
  });

  it('skips a stored range it cannot read instead of matching everything', () => {
    const odd = settings([
      { kind: 'ip', value: 'not-an-address', note: '' },
      { kind: 'ip', value: '10.0.0.0/99', note: '' },
    ]);
    expect(isSharedEndpoint(odd, 'ip', '10.0.0.1')).toBe(false);
  });
});
