import { createHash } from 'node:crypto';
import { Migrator } from 'kysely/migration';
import { auditActorDetails, auditActorId, type Actor } from '../access/actor.js';
import { appendAudit, type AuditWriter } from '../audit/audit.js';
import type { DatabaseHandle } from '../db/connect.js';
import { migrationProvider } from '../db/migrations/index.js';
import { AppError } from '../errors.js';
import { isKeyCheckMatch, type DataKey } from '../keys/keys.js';
import { readBackup, readBackupHeader, type BackupManifest, type BackupTableSection } from './backup.js';
import { dumpTableLines, readAppliedMigrations, readTableSpecs, type TableSpec } from './backup-schema.js';
import { kyselySession, quoteIdent, requiredText, setCanonicalTextOutput, type SqlSession } from './sql-session.js';
import type { Db } from '../deps.js';

export interface RestoreOptions {
  /** Accept a target that already has the schema, as long as every table is empty. */
  isForced: boolean;
  /** The writer of the restored database's key (the backup's): `system.restored` is appended with it. */
  audit: AuditWriter;
  actor: Actor;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Migrations applied after loading, when this app is newer than the backup. */
  migratedAfter: string[];
}

const BATCH_ROWS = 500;
const BATCH_BYTES = 4 * 1024 * 1024;

async function appMigrationNames(): Promise<string[]> {
  return Object.keys(await migrationProvider.getMigrations()).sort();
}

function refuse(message: string, userMessage: string): AppError {
  return new AppError('CONFLICT', message, { userMessage });
}

/** A backup file checked from end to end, with the key that matches it. */
export interface VerifiedBackup {
  file: string;
  manifest: BackupManifest;
}

/**
 * Checks, before any target is touched, that the backup can be restored by this app with this key: the key
 * matches the backup's key-check value (read from the header first), its schema is one this app knows, and every
 * table's row count and SHA-256 and the manifest are intact.
 */
export async function verifyBackupForRestore(file: string, key: DataKey): Promise<VerifiedBackup> {
  await checkBackupFits(file, key);
  return { file, manifest: await readBackup(file, async () => undefined) };
}

async function checkBackupFits(file: string, key: DataKey): Promise<string[]> {
  const header = await readBackupHeader(file);
  if (header.keyCheck !== null && !isKeyCheckMatch(key, header.keyCheck)) {
    throw new AppError(
      'KEY_MISMATCH',
      'the data key given (ZHENGMING_KEY or the key file) is not the key of the backed-up database; restore needs the original key',
      { userMessage: '提供的数据密钥与备份不匹配，恢复需要原数据库的密钥。' },
    );
  }
  const known = await appMigrationNames();
  const isPrefix = header.migrations.every((name, i) => known[i] === name);
  if (!isPrefix || header.migrations.length === 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `the backup's schema (migrations ${header.migrations.join(', ') || 'none'}) is not one this app version knows (${known.join(', ')}); restore it with the version that made it (${header.appVersion}) or newer`,
      { userMessage: '备份的数据库版本与本程序不兼容。' },
    );
  }
  return header.migrations;
}

/** Refuses a target that holds anything: a restore never merges into or overwrites data. */
async function checkTargetEmpty(session: SqlSession, backupMigrations: string[], isForced: boolean): Promise<void> {
  const migrations = await readAppliedMigrations(session);
  const tables = await readTableSpecs(session);
  if (migrations.length === 0 && tables.length === 0) {
    return;
  }
  if (!isForced) {
    throw refuse(
      `the target database is not empty (${tables.length} tables); restore only into an empty data folder or database ` +
        '(--force accepts a target that has the schema but no rows)',
      '目标数据库不为空，拒绝恢复（只能恢复到空的数据目录或空数据库）。',
    );
  }
  for (const table of tables) {
    const [row] = await session.query(`SELECT count(*)::text AS n FROM public.${quoteIdent(table.name)}`);
    if (row !== undefined && requiredText(row, 'n') !== '0') {
      throw refuse(
        `the target table ${table.name} has rows; even with --force a restore only goes into empty tables`,
        '目标数据库中已有数据，即使使用 --force 也拒绝覆盖。',
      );
    }
  }
  if (!migrations.every((name, i) => backupMigrations[i] === name)) {
    throw refuse(
      `the target's schema (${migrations.join(', ')}) is newer than or different from the backup's (${backupMigrations.join(', ')}); use an empty database`,
      '目标数据库的结构版本与备份不一致，请使用空数据库。',
    );
  }
}

/** Migrates inside the restore transaction to a named migration, or to the latest when `target` is null. */
async function migrateWithin(trx: Db, target: string | null): Promise<string[]> {
  const migrator = new Migrator({ db: trx, provider: migrationProvider });
  const { error, results } = target === null ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  if (error !== undefined) {
    throw new AppError(
      'INTERNAL',
      `migration failed during restore: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

function checkSchemaMatches(specs: TableSpec[], manifest: BackupManifest, columnsOf: Map<string, string>): void {
  const position = new Map(manifest.tables.map((t, i) => [t.name, i]));
  const targetNames = specs.map((s) => s.name).sort();
  const backupNames = manifest.tables.map((t) => t.name).sort();
  if (JSON.stringify(targetNames) !== JSON.stringify(backupNames)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `the backup's tables (${backupNames.join(', ')}) differ from the schema (${targetNames.join(', ')})`,
    );
  }
  for (const spec of specs) {
    const columns = JSON.stringify(spec.columns.map((c) => ({ name: c.name, type: c.type })));
    if (columnsOf.get(spec.name) !== columns) {
      throw new AppError('VALIDATION_FAILED', `the columns of ${spec.name} in the backup differ from the schema`);
    }
    for (const parent of spec.dependsOn) {
      if ((position.get(parent) ?? Infinity) > (position.get(spec.name) ?? -1)) {
        throw new AppError('VALIDATION_FAILED', `the backup lists ${spec.name} before ${parent}, which it references`);
      }
    }
  }
}

/** Parents before children for a table that references itself (rows whose parent is absent keep their place). */
function orderSelfReferencing(rows: (string | null)[][], spec: TableSpec): (string | null)[][] {
  const [reference] = spec.selfReferences;
  if (reference === undefined) {
    return rows;
  }
  const fk = spec.columns.findIndex((c) => c.name === reference.column);
  const pk = spec.columns.findIndex((c) => c.name === reference.referencedColumn);
  const byKey = new Map(rows.map((row) => [row[pk] ?? '', row]));
  const placed = new Set<(string | null)[]>();
  const ordered: (string | null)[][] = [];
  const place = (row: (string | null)[], depth: number): void => {
    if (placed.has(row) || depth > rows.length) {
      return;
    }
    const parentKey = row[fk];
    const parent = parentKey === null || parentKey === undefined ? undefined : byKey.get(parentKey);
    if (parent !== undefined && parent !== row) {
      place(parent, depth + 1);
    }
    placed.add(row);
    ordered.push(row);
  };
  for (const row of rows) {
    place(row, 0);
  }
  return ordered;
}

async function insertRows(session: SqlSession, spec: TableSpec, rows: (string | null)[][]): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const columns = spec.columns.map((c) => quoteIdent(c.name)).join(', ');
  const casts = spec.columns.map((c, i) => `(e->>${i})::${c.type}`).join(', ');
  // OVERRIDING SYSTEM VALUE keeps identity columns' stored values; the values travel as one JSON parameter
  // of text forms, cast back to each column's type, so nothing is reinterpreted by a driver on the way.
  await session.query(
    `INSERT INTO public.${quoteIdent(spec.name)} (${columns}) OVERRIDING SYSTEM VALUE SELECT ${casts} FROM json_array_elements($1::json) AS e`,
    [JSON.stringify(rows)],
  );
}

async function loadTable(session: SqlSession, spec: TableSpec, section: BackupTableSection): Promise<void> {
  if (spec.selfReferences.length > 0) {
    const all: (string | null)[][] = [];
    for await (const row of section.rows) {
      all.push(row);
    }
    const ordered = orderSelfReferencing(all, spec);
    for (let i = 0; i < ordered.length; i += BATCH_ROWS) {
      await insertRows(session, spec, ordered.slice(i, i + BATCH_ROWS));
    }
    return;
  }
  let batch: (string | null)[][] = [];
  let bytes = 0;
  for await (const row of section.rows) {
    batch.push(row);
    bytes += row.reduce((sum, value) => sum + (value?.length ?? 4), 0);
    if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) {
      await insertRows(session, spec, batch);
      batch = [];
      bytes = 0;
    }
  }
  await insertRows(session, spec, batch);
}

/** Re-dumps every restored table and compares it with the backup, so an inexact round trip rolls back. */
async function verifyRestored(session: SqlSession, specs: TableSpec[], manifest: BackupManifest): Promise<void> {
  for (const spec of specs) {
    const hash = createHash('sha256');
    let rows = 0;
    for await (const line of dumpTableLines(session, spec)) {
      hash.update(`${line}\n`, 'utf8');
      rows += 1;
    }
    const expected = manifest.tables.find((t) => t.name === spec.name);
    if (expected === undefined || expected.rows !== rows || expected.sha256 !== hash.digest('hex')) {
      throw new AppError('INTERNAL', `table ${spec.name} did not restore exactly (row count or SHA-256 differs)`);
    }
  }
}

/**
 * Restores a verified backup into an empty database: in one transaction it migrates to the backup's schema, inserts every table in
 * dependency order, restores sequences, re-verifies every table's SHA-256, audits the restore in the system
 * chain and migrates to the latest schema. Any failure rolls everything back.
 */
export async function restoreBackup(
  target: DatabaseHandle,
  backup: VerifiedBackup,
  options: RestoreOptions,
): Promise<RestoreResult> {
  const { file, manifest: verified } = backup;
  const backupMigrations = verified.migrations;
  await checkTargetEmpty(kyselySession(target.db), backupMigrations, options.isForced);
  const lastMigration = backupMigrations[backupMigrations.length - 1] ?? '';

  return target.db.transaction().execute(async (trx) => {
    await migrateWithin(trx, lastMigration);
    const session = kyselySession(trx);
    await setCanonicalTextOutput(session);
    const specs = await readTableSpecs(session);
    const columnsOf = new Map<string, string>();
    const manifest = await readBackup(file, async (section) => {
      columnsOf.set(section.name, JSON.stringify(section.columns));
      const spec = specs.find((s) => s.name === section.name);
      if (spec === undefined) {
        throw new AppError('VALIDATION_FAILED', `the backup has a table ${section.name} that this schema does not`);
      }
      if (
        JSON.stringify(spec.columns.map((c) => ({ name: c.name, type: c.type }))) !== JSON.stringify(section.columns)
      ) {
        throw new AppError('VALIDATION_FAILED', `the columns of ${section.name} in the backup differ from the schema`);
      }
      await loadTable(session, spec, section);
    });
    if (JSON.stringify(manifest) !== JSON.stringify(verified)) {
      throw new AppError('VALIDATION_FAILED', 'the backup file changed while it was being restored');
    }
    checkSchemaMatches(specs, manifest, columnsOf);
    for (const sequence of manifest.sequences) {
      await session.query('SELECT setval($1::regclass, $2::bigint, $3::boolean)', [
        `public.${quoteIdent(sequence.name)}`,
        sequence.lastValue,
        sequence.isCalled,
      ]);
    }
    await verifyRestored(session, specs, manifest);
    // Migrate first: the entry is appended the way this version appends (a keyed chain needs migration 0005).
    const migratedAfter = await migrateWithin(trx, null);
    await appendAudit(
      trx,
      {
        actorId: auditActorId(options.actor),
        officeIds: [],
        action: 'system.restored',
        details: {
          ...auditActorDetails(options.actor),
          backupCreatedAt: manifest.createdAt,
          backupAppVersion: manifest.appVersion,
          backupDatabaseKind: manifest.databaseKind,
          rows: Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows])),
        },
      },
      options.audit,
    );
    return { manifest, migratedAfter };
  });
}
