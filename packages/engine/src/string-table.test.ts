import { describe, expect, it } from 'vitest';

import { StringTable, tableHash } from './string-table.js';

describe('StringTable', () => {
  it('gives each distinct string one id, in order, across growth', () => {
    const table = new StringTable();
    const values = Array.from({ length: 20_000 }, (_, n) => `phone:139${String(n * 7919).padStart(8, '0')}`);
    values.forEach((value, n) => expect(table.intern(value, tableHash(value))).toBe(n));
    values.forEach((value, n) => expect(table.find(value, tableHash(value))).toBe(n));
    expect(table.size).toBe(values.length);
    expect(table.find('phone:none', tableHash('phone:none'))).toBe(-1);
  });

  it('tells apart different strings with the same hash', () => {
    const table = new StringTable();
    expect(table.intern('a', 7)).toBe(0);
    expect(table.intern('b', 7)).toBe(1);
    expect(table.intern('a', 7)).toBe(0);
    expect(table.find('c', 7)).toBe(-1);
    table.clear();
    expect(table.size).toBe(0);
    expect(table.find('a', 7)).toBe(-1);
  });
});
