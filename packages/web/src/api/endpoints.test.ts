import { describe, expect, it } from 'vitest';
import { ApiClient } from './client';
import { createEndpoints, ENDPOINT_GROUPS } from './endpoints';

/** A client that is never called: the test only looks at which functions each group defines. */
function buildClient(): ApiClient {
  return new ApiClient({
    getLocale: () => 'zh-CN',
    clientMessage: (code) => code,
    onError: () => {},
    onSessionExpired: () => {},
  });
}

describe('createEndpoints', () => {
  it('keeps every endpoint of every group: no two groups define the same name', () => {
    const client = buildClient();
    const names = Object.values(ENDPOINT_GROUPS).flatMap((createGroup) => Object.keys(createGroup(client)));
    const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
    expect(duplicates).toEqual([]);
    expect(Object.keys(createEndpoints(client)).sort()).toEqual([...names].sort());
  });
});
