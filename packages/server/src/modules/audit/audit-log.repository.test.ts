import { describe, expect, it } from 'vitest';
import { compiledSqlOf } from '../../test-support/compiled-sql.js';
import { readLogPage } from './audit-log.repository.js';

const CHAIN = '00000000-0000-4000-8000-000000000001';

describe('audit-log.repository SQL', () => {
  it('reads a filtered page across chains, each chain backwards on its key, below a cursor', async () => {
    const sql = await compiledSqlOf((db) =>
      readLogPage(
        db,
        [CHAIN, 'system'],
        {
          actorId: '00000000-0000-4000-8000-000000000002',
          actions: ['grant.approved', 'user.reset'],
          excludeActions: ['audit.read'],
          fromAt: '2026-11-30T16:00:00.000Z',
          toAt: '2026-12-07T16:00:00.000Z',
        },
        { kind: 'cursor', at: '2026-12-05T00:00:00.000Z', chainId: CHAIN, seq: 40 },
        50,
      ),
    );
    expect(sql).toMatchInlineSnapshot(`
      [
        "
          SELECT e.chain_id, e.seq, e.at, e.actor_id, e.office_id, e.action, e.target_ids, e.details, e.prev_hash,
                 e.hash, u.username AS actor_name, u.display_name AS actor_display_name, o.name AS office_name
          FROM unnest($1::text[]) AS c(chain_id)
          CROSS JOIN LATERAL (
            SELECT * FROM audit_entries a
            WHERE a.chain_id = c.chain_id AND a.actor_id = $2::uuid AND a.action = ANY($3::text[]) AND a.action <> ALL($4::text[]) AND a.at >= $5 AND a.at < $6 AND (a.at, a.chain_id, a.seq) < ($7, $8, $9::bigint)
            ORDER BY a.seq DESC LIMIT $10
          ) e
          LEFT JOIN users u ON u.id = e.actor_id
          LEFT JOIN offices o ON o.id = e.office_id
          ORDER BY e.at DESC, e.chain_id DESC, e.seq DESC
          LIMIT $11",
      ]
    `);
  });
});
