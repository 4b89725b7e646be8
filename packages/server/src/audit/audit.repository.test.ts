import { describe, expect, it } from 'vitest';
import { compiledSqlOf } from '../test-support/compiled-sql.js';
import { readChainWindow } from './audit.repository.js';

const CHAIN = '00000000-0000-4000-8000-000000000001';

describe('audit.repository SQL', () => {
  it('reads a window of a chain in seq order, the verifier`s query', async () => {
    expect(await compiledSqlOf((db) => readChainWindow(db, CHAIN, 1, 501))).toMatchInlineSnapshot(`
      [
        "select "chain_id", "seq", "at", "actor_id", "office_id", "action", "target_ids", "details", "prev_hash", "hash" from "audit_entries" where "chain_id" = $1 and "seq" >= $2 and "seq" < $3 order by "seq", "hash"",
      ]
    `);
  });
});
