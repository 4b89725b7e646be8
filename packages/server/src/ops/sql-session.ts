import { CompiledQuery } from 'kysely';
import type { DatabaseKind } from '../db/connect.js';
import type { Db } from '../deps.js';

/** Raw SQL on one connection (inside one transaction), the same on PGlite and on a server. */
export interface SqlSession {
  query(text: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
}

/** A session over a Kysely connection or transaction. */
export function kyselySession(db: Db): SqlSession {
  return {
    async query(text, params = []) {
      const result = await db.executeQuery(CompiledQuery.raw(text, [...params]));
      return result.rows.filter(isRecord);
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** What a consistent read needs: the database and which engine it is (recorded in a backup). */
export interface SnapshotSource {
  db: Db;
  kind: DatabaseKind;
}

/**
 * Fixes every setting that changes how values print as text, so that a value dumped on one engine reads back
 * identically on the other (timestamps in UTC with their offset, floats with every digit, bytea as hex).
 */
export async function setCanonicalTextOutput(session: SqlSession): Promise<void> {
  await session.query("SET LOCAL TimeZone = 'UTC'");
  await session.query("SET LOCAL DateStyle = 'ISO, YMD'");
  await session.query("SET LOCAL IntervalStyle = 'postgres'");
  await session.query("SET LOCAL bytea_output = 'hex'");
  await session.query('SET LOCAL extra_float_digits = 3');
}

/**
 * Runs `read` in one REPEATABLE READ, READ ONLY transaction: every query sees the same snapshot, so a backup is
 * consistent while the server keeps writing. The level is set by statement because Kysely's PGlite driver
 * ignores `setIsolationLevel`; PGlite serves one transaction at a time, so other requests wait meanwhile.
 */
export async function withSnapshot<T>(source: SnapshotSource, read: (session: SqlSession) => Promise<T>): Promise<T> {
  return source.db.transaction().execute(async (trx) => {
    const session = kyselySession(trx);
    await session.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await setCanonicalTextOutput(session);
    return read(session);
  });
}

/** Quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A text (or null) column of a raw row; throws when the query returned something else. */
export function textColumn(row: Record<string, unknown>, column: string): string | null {
  const value = row[column];
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value !== 'string') {
    throw new Error(`column ${column} is ${typeof value}, expected text`);
  }
  return value;
}

/** A non-null text column of a raw row. */
export function requiredText(row: Record<string, unknown>, column: string): string {
  const value = textColumn(row, column);
  if (value === null) {
    throw new Error(`column ${column} is null`);
  }
  return value;
}
