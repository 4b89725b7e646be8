import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { IdParamsSchema, type DataClass, type OfficeId } from '@zhengming/contracts';
import { assertCanAccess } from '../access/item-access.js';
import { notFound } from '../errors.js';
import { requireOffice } from '../http/guard.js';
import type { RoutePolicy } from '../http/policy.js';
import type { MatrixProbe } from './matrix-harness.js';
import type { AppDeps } from '../deps.js';
import type { Db } from '../deps.js';

/**
 * A test-only item with one field per data class, held in a table that only tests create (never a migration),
 * so the access matrix can be exercised end to end before complaints exist.
 */
export interface FixtureItem {
  id: string;
  officeId: OfficeId;
  assignedUserIds: string[];
  recusedUserIds: string[];
  revealedUserIds: string[];
}

/** Creates the test-only table in the test's private database. */
export async function createFixtureTable(db: Db): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS test_fixture_items (
      id uuid PRIMARY KEY,
      office_id uuid NOT NULL REFERENCES offices (id),
      number text NOT NULL,
      content text NOT NULL,
      reporter_name text NOT NULL,
      assigned_user_ids uuid[] NOT NULL,
      recused_user_ids uuid[] NOT NULL,
      revealed_user_ids uuid[] NOT NULL
    )`.execute(db);
}

/** Inserts a fixture item in an office, with the users assigned to it, recused from it and holding a reveal. */
export async function insertFixtureItem(db: Db, item: Omit<FixtureItem, 'id'>): Promise<string> {
  const id = randomUUID();
  await sql`
    INSERT INTO test_fixture_items
      (id, office_id, number, content, reporter_name, assigned_user_ids, recused_user_ids, revealed_user_ids)
    VALUES (${id}, ${item.officeId}, ${`测-${id.slice(0, 8)}`}, '反映某村委会主任侵占集体资金。', '张某',
      ${item.assignedUserIds}::uuid[], ${item.recusedUserIds}::uuid[], ${item.revealedUserIds}::uuid[])`.execute(db);
  return id;
}

interface FixtureRow {
  id: string;
  office_id: OfficeId;
  number: string;
  content: string;
  reporter_name: string;
  assigned_user_ids: string[];
  recused_user_ids: string[];
  revealed_user_ids: string[];
}

/** Route policies as a real feature would declare them: every role that opens the class in some cell. */
const FIXTURE_POLICIES: Record<DataClass, RoutePolicy> = {
  metadata: {
    access: 'roles',
    roles: ['intake', 'supervisor', 'investigator', 'reviewer', 'leader', 'monitor'],
    dataClass: 'metadata',
    offices: ['own', 'child', 'deeper'],
  },
  content: {
    access: 'roles',
    roles: ['intake', 'supervisor', 'investigator', 'reviewer', 'leader'],
    dataClass: 'content',
    offices: ['own', 'child', 'deeper'],
    assigned: true,
  },
  identity: {
    access: 'roles',
    roles: ['intake', 'supervisor', 'investigator', 'reviewer', 'leader', 'monitor'],
    dataClass: 'identity',
    offices: ['own', 'child', 'deeper'],
  },
};

const FIXTURE_RESPONSES = {
  metadata: z.object({ id: z.uuid(), number: z.string() }),
  content: z.object({ id: z.uuid(), content: z.string() }),
  identity: z.object({ id: z.uuid(), reporterName: z.string() }),
} as const;

/**
 * Test-only routes `GET /api/test-fixtures/:id/metadata | content | identity`, each guarded by its policy and
 * by `assertCanAccess`. Register through `buildTestApp({ extraPlugins: [fixtureItemRoutes] })`.
 */
export async function fixtureItemRoutes(scope: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const db = deps.db;
  const load = async (id: string): Promise<FixtureRow> => {
    const result = await sql<FixtureRow>`SELECT * FROM test_fixture_items WHERE id = ${id}`.execute(db);
    const row = result.rows[0];
    if (row === undefined) {
      throw notFound('fixture item');
    }
    return row;
  };
  for (const dataClass of ['metadata', 'content', 'identity'] as const) {
    app.get(
      `/api/test-fixtures/:id/${dataClass}`,
      {
        config: { policy: FIXTURE_POLICIES[dataClass] },
        schema: { params: IdParamsSchema, response: { 200: FIXTURE_RESPONSES[dataClass] } },
      },
      async (request) => {
        const auth = requireOffice(request);
        const row = await load(request.params.id);
        await assertCanAccess(deps.db, auth, {
          officeId: row.office_id,
          dataClass,
          assignedUserIds: row.assigned_user_ids,
          recusedUserIds: row.recused_user_ids,
          revealedUserIds: row.revealed_user_ids,
        });
        switch (dataClass) {
          case 'metadata':
            return { id: row.id, number: row.number };
          case 'content':
            return { id: row.id, content: row.content };
          case 'identity':
            return { id: row.id, reporterName: row.reporter_name };
        }
      },
    );
  }
}

/** One matrix probe per data class over the fixture routes. */
export function fixtureProbes(db: Db): MatrixProbe[] {
  return (['metadata', 'content', 'identity'] as const).map((dataClass) => ({
    name: `GET /api/test-fixtures/:id/${dataClass}`,
    dataClass,
    createItem: (input) => insertFixtureItem(db, input),
    request: (itemId) => ({ method: 'GET', url: `/api/test-fixtures/${itemId}/${dataClass}` }),
  }));
}
