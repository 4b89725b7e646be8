import { quoteIdent, requiredText, textColumn, type SqlSession } from './sql-session.js';

/** Kysely's own bookkeeping tables: not application data (the migration state is recorded separately). */
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

export interface ColumnSpec {
  name: string;
  /** The type as `format_type` prints it (e.g. `timestamp with time zone`, `text[]`), used to cast text back. */
  type: string;
  isCollatable: boolean;
}

export interface TableSpec {
  name: string;
  /** Stored columns in table order; generated columns are left out (the database recomputes them). */
  columns: ColumnSpec[];
  /** Other tables this one references; they are restored first. */
  dependsOn: string[];
  /** Single-column references to the table itself (offices.parent_id → offices.id). */
  selfReferences: { column: string; referencedColumn: string }[];
  /** The ORDER BY of the dump: deterministic, so a re-dump of restored data hashes the same. */
  orderBy: string;
}

export interface SequenceState {
  name: string;
  lastValue: string;
  isCalled: boolean;
}

/**
 * Dump orders that are also insert orders. Offices go by the depth of their materialised path, so every
 * parent precedes its children (the same path text sorts byte-wise to break ties).
 */
const ORDER_OVERRIDES: Record<string, string> = {
  offices: `(length("path") - length(replace("path", '/', ''))), "path" COLLATE "C"`,
};

/** Names of the application tables in schema public. */
async function listTables(session: SqlSession): Promise<string[]> {
  const rows = await session.query(
    `SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     ORDER BY c.relname COLLATE "C"`,
  );
  return rows.map((row) => requiredText(row, 'name')).filter((name) => !MIGRATION_TABLES.includes(name));
}

async function listColumns(session: SqlSession, table: string): Promise<ColumnSpec[]> {
  const rows = await session.query(
    `SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type,
            (a.attcollation <> 0)::text AS collatable
     FROM pg_attribute a
     WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     ORDER BY a.attnum`,
    [`public.${quoteIdent(table)}`],
  );
  return rows.map((row) => ({
    name: requiredText(row, 'name'),
    type: requiredText(row, 'type'),
    isCollatable: requiredText(row, 'collatable') === 'true',
  }));
}

async function listPrimaryKeys(session: SqlSession): Promise<Map<string, string[]>> {
  const rows = await session.query(
    `SELECT cl.relname::text AS tbl, string_agg(a.attname::text, ',' ORDER BY k.i) AS columns
     FROM pg_index ix
     JOIN pg_class cl ON cl.oid = ix.indrelid
     JOIN pg_namespace n ON n.oid = cl.relnamespace
     CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, i)
     JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = k.attnum
     WHERE ix.indisprimary AND n.nspname = 'public'
     GROUP BY cl.relname`,
  );
  return new Map(rows.map((row) => [requiredText(row, 'tbl'), requiredText(row, 'columns').split(',')]));
}

interface ForeignKey {
  table: string;
  referencedTable: string;
  columns: string[];
  referencedColumns: string[];
}

async function listForeignKeys(session: SqlSession): Promise<ForeignKey[]> {
  const rows = await session.query(
    `SELECT cl.relname::text AS tbl, rl.relname::text AS ref,
       (SELECT string_agg(a.attname::text, ',' ORDER BY k.i) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, i)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
       (SELECT string_agg(a.attname::text, ',' ORDER BY k.i) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, i)
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS ref_columns
     FROM pg_constraint con
     JOIN pg_class cl ON cl.oid = con.conrelid
     JOIN pg_class rl ON rl.oid = con.confrelid
     JOIN pg_namespace n ON n.oid = cl.relnamespace
     WHERE con.contype = 'f' AND n.nspname = 'public'`,
  );
  return rows.map((row) => ({
    table: requiredText(row, 'tbl'),
    referencedTable: requiredText(row, 'ref'),
    columns: requiredText(row, 'columns').split(','),
    referencedColumns: requiredText(row, 'ref_columns').split(','),
  }));
}

/** Orders tables so that every table comes after the tables it references; ties alphabetically. */
function sortByDependency(tables: TableSpec[]): TableSpec[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const ordered: TableSpec[] = [];
  const visit = (table: TableSpec): void => {
    if (done.has(table.name)) {
      return;
    }
    if (visiting.has(table.name)) {
      throw new Error(`tables reference each other in a cycle through ${table.name}; cannot order a restore`);
    }
    visiting.add(table.name);
    for (const parent of [...table.dependsOn].sort()) {
      const spec = byName.get(parent);
      if (spec !== undefined) {
        visit(spec);
      }
    }
    visiting.delete(table.name);
    done.add(table.name);
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    visit(table);
  }
  return ordered;
}

function orderByFor(table: string, columns: ColumnSpec[], primaryKey: string[] | undefined): string {
  const override = ORDER_OVERRIDES[table];
  if (override !== undefined) {
    return override;
  }
  const byName = new Map(columns.map((c) => [c.name, c]));
  // Byte-wise collation, so the order is the same whatever the database's locale.
  const term = (c: ColumnSpec): string => (c.isCollatable ? `${quoteIdent(c.name)} COLLATE "C"` : quoteIdent(c.name));
  if (primaryKey !== undefined) {
    return primaryKey.map((name) => term(byName.get(name) ?? { name, type: '', isCollatable: false })).join(', ');
  }
  return columns.map((c) => `${quoteIdent(c.name)}::text COLLATE "C"`).join(', ');
}

/** The application tables of schema public with what a dump and a restore need, in restore order. */
export async function readTableSpecs(session: SqlSession): Promise<TableSpec[]> {
  const names = await listTables(session);
  const primaryKeys = await listPrimaryKeys(session);
  const foreignKeys = await listForeignKeys(session);
  const specs: TableSpec[] = [];
  for (const name of names) {
    const columns = await listColumns(session, name);
    const own = foreignKeys.filter((fk) => fk.table === name);
    specs.push({
      name,
      columns,
      dependsOn: [...new Set(own.filter((fk) => fk.referencedTable !== name).map((fk) => fk.referencedTable))],
      selfReferences: own
        .filter((fk) => fk.referencedTable === name && fk.columns.length === 1)
        .map((fk) => ({ column: fk.columns[0] ?? '', referencedColumn: fk.referencedColumns[0] ?? '' })),
      orderBy: orderByFor(name, columns, primaryKeys.get(name)),
    });
  }
  return sortByDependency(specs);
}

/** The state of every sequence in schema public (identity and serial columns). */
export async function readSequences(session: SqlSession): Promise<SequenceState[]> {
  const rows = await session.query(
    `SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'S' ORDER BY c.relname COLLATE "C"`,
  );
  const states: SequenceState[] = [];
  for (const row of rows) {
    const name = requiredText(row, 'name');
    const [state] = await session.query(
      `SELECT last_value::text AS last_value, is_called::text AS is_called FROM public.${quoteIdent(name)}`,
    );
    if (state !== undefined) {
      states.push({
        name,
        lastValue: requiredText(state, 'last_value'),
        isCalled: requiredText(state, 'is_called') === 'true',
      });
    }
  }
  return states;
}

/** Names of the applied migrations, in order; empty when the database was never migrated. */
export async function readAppliedMigrations(session: SqlSession): Promise<string[]> {
  const [exists] = await session.query(`SELECT to_regclass('public.kysely_migration')::text AS name`);
  if (exists === undefined || textColumn(exists, 'name') === null) {
    return [];
  }
  const rows = await session.query(`SELECT name FROM public.kysely_migration ORDER BY name COLLATE "C"`);
  return rows.map((row) => requiredText(row, 'name'));
}

/**
 * Every row of a table as JSON lines: an array of each column's text form (null for NULL), in the table's
 * dump order. Text is the one form that round-trips every type exactly (bigint, numeric, jsonb, arrays,
 * timestamptz with microseconds). Reads through a cursor, so a large table is never held in memory.
 */
export async function* dumpTableLines(session: SqlSession, table: TableSpec, batchSize = 500): AsyncGenerator<string> {
  const cursor = quoteIdent(`zm_dump_${table.name}`);
  const select = table.columns.map((c, i) => `${quoteIdent(c.name)}::text AS c${i}`).join(', ');
  await session.query(
    `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${select} FROM public.${quoteIdent(table.name)} ORDER BY ${table.orderBy}`,
  );
  for (;;) {
    const rows = await session.query(`FETCH FORWARD ${batchSize} FROM ${cursor}`);
    if (rows.length === 0) {
      break;
    }
    for (const row of rows) {
      yield JSON.stringify(table.columns.map((_, i) => textColumn(row, `c${i}`)));
    }
  }
  await session.query(`CLOSE ${cursor}`);
}
