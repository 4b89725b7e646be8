import { describe, expect, it } from 'vitest';
import { filtersKey, readStoredFilters, storeFilters, type FilterStorage } from './stored-filters';

function memoryStorage(): FilterStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe('stored complaint filters', () => {
  it('keeps each user’s filters apart and restores them', () => {
    const storage = memoryStorage();
    storeFilters(storage, 'user-a', { channel: 'online', status: undefined, receivedFrom: '2026-03-01' });
    storeFilters(storage, 'user-b', { reporterKind: 'anonymous' });
    expect(readStoredFilters(storage, 'user-a')).toEqual({ channel: 'online', receivedFrom: '2026-03-01' });
    expect(readStoredFilters(storage, 'user-b')).toEqual({ reporterKind: 'anonymous' });
    expect(readStoredFilters(storage, 'user-c')).toEqual({});
  });

  it('forgets cleared filters and drops stored values the API would refuse', () => {
    const storage = memoryStorage();
    storeFilters(storage, 'user-a', { channel: 'online' });
    storeFilters(storage, 'user-a', { channel: undefined });
    expect(storage.items.has(filtersKey('user-a'))).toBe(false);
    storage.setItem(filtersKey('user-a'), JSON.stringify({ channel: 'fax' }));
    expect(readStoredFilters(storage, 'user-a')).toEqual({});
    storage.setItem(filtersKey('user-a'), '{not json');
    expect(readStoredFilters(storage, 'user-a')).toEqual({});
    expect(readStoredFilters(undefined, 'user-a')).toEqual({});
  });
});
