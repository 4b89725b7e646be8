import { describe, expect, it } from 'vitest';
import { compiledSqlOf } from '../test-support/compiled-sql.js';
import { readChainNewestFirst, readChainWindow, readLatestAcrossChains } from './audit.repository.js';

const CHAIN = '00000000-0000-4000-8000-000000000001';

describe('audit.repository SQL', () => {
  it('reads a window of a chain in seq order, the verifier`s query', async () => {
    expect(await compiledSqlOf((db) => readChainWindow(db, CHAIN, 1, 501))).toMatchInlineSnapshot(`
      [
        "select "chain_id", "seq", "at", "actor_id", "office_id", "action", "target_ids", "details", "prev_hash", "hash" from "audit_entries" where "chain_id" = $1 and "seq" >= $2 and "seq" < $3 order by "seq", "hash"",
      ]
    `);
  });

  it('reads one chain newest first, below a seq', async () => {
    expect(await compiledSqlOf((db) => readChainNewestFirst(db, CHAIN, 900, 50))).toMatchInlineSnapshot(`
      [
        "select "e"."chain_id", "e"."seq", "e"."at", "e"."actor_id", "e"."office_id", "e"."action", "e"."target_ids", "e"."details", "e"."prev_hash", "e"."hash", "u"."username" as "actor_name" from "audit_entries" as "e" left join "users" as "u" on "u"."id" = "e"."actor_id" where "e"."chain_id" = $1 and "e"."seq" < $2 order by "e"."seq" desc limit $3",
      ]
    `);
  });

  it('reads the latest entries across chains with one backward scan per chain', async () => {
    expect(await compiledSqlOf((db) => readLatestAcrossChains(db, [CHAIN, 'system'], 50))).toMatchInlineSnapshot(`
      [
        "
          SELECT e.chain_id, e.seq, e.at, e.actor_id, e.office_id, e.action, e.target_ids, e.details, e.prev_hash,
                 e.hash, u.username AS actor_name
          FROM unnest($1::text[]) AS c(chain_id)
          CROSS JOIN LATERAL (
            SELECT * FROM audit_entries a WHERE a.chain_id = c.chain_id ORDER BY a.seq DESC LIMIT $2
          ) e
          LEFT JOIN users u ON u.id = e.actor_id
          ORDER BY e.at DESC, e.chain_id, e.seq DESC
          LIMIT $3",
      ]
    `);
  });
});
