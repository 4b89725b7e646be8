import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type QueryResult,
} from 'kysely';
import type { Database } from '../db/database.js';
import type { Db } from '../deps.js';

/** A connection that records each query it is given and answers with no rows. */
class RecordingConnection implements DatabaseConnection {
  constructor(private readonly sink: string[]) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    this.sink.push(query.sql);
    return { rows: [] };
  }

  // eslint-disable-next-line require-yield -- a recorder never streams rows
  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    this.sink.push(query.sql);
  }
}

class RecordingDriver extends DummyDriver {
  constructor(private readonly sink: string[]) {
    super();
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    return new RecordingConnection(this.sink);
  }
}

/**
 * The SQL that `work` sends, compiled for PostgreSQL and recorded without a database (every query answers with no
 * rows; a repository function that then throws for a missing row is fine — its SQL was already recorded). For
 * compiled-SQL snapshot tests of repositories, so that a reviewer sees a query change (docs/ARCHITECTURE.md).
 */
export async function compiledSqlOf(work: (db: Db) => Promise<unknown>): Promise<string[]> {
  const sink: string[] = [];
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new RecordingDriver(sink),
      createIntrospector: (inner) => new PostgresIntrospector(inner),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  try {
    await work(db);
  } catch {
    // A repository that demands a row throws on the empty answer; what it sent is all the test needs.
  }
  return sink;
}
