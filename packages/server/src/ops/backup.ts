import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import readline from 'node:readline';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { z } from 'zod';
import { KEY_CHECK_SETTING } from './data-key.js';
import { dumpTableLines, readAppliedMigrations, readSequences, readTableSpecs } from './backup-schema.js';
import { requiredText, withSnapshot, type SnapshotSource } from './sql-session.js';
import { AppError } from '../errors.js';

// The backup file: gzip of JSON lines.
//   {"kind":"header", format, formatVersion, createdAt, databaseKind, appVersion, migrations, keyCheck}
//   for each table in restore order:
//     {"kind":"table", name, columns:[{name,type}]}
//     one JSON array per row, each value the column's text form or null
//     {"kind":"table_end", name, rows, sha256}      sha256 over the row lines, each followed by "\n"
//   {"kind":"manifest", …header fields, tables:[{name, rows, sha256}], sequences}
// The header comes first so a restore can check the key before reading further; the manifest comes last
// because the counts and hashes are known only after the dump. The data key is never in the file.

export const BACKUP_FORMAT = 'zhengming-backup';
export const BACKUP_FORMAT_VERSION = 1;

const ColumnLineSchema = z.object({ name: z.string(), type: z.string() });

const HeaderFields = {
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int(),
  createdAt: z.string(),
  databaseKind: z.enum(['pglite', 'postgresql']),
  appVersion: z.string(),
  migrations: z.array(z.string()),
  /** The key-check value of the backed-up database (not the key): restore refuses a different key. */
  keyCheck: z.string().nullable(),
};

export const BackupHeaderSchema = z.object({ kind: z.literal('header'), ...HeaderFields });
export type BackupHeader = z.infer<typeof BackupHeaderSchema>;

const TableLineSchema = z.object({ kind: z.literal('table'), name: z.string(), columns: z.array(ColumnLineSchema) });
const TableEndLineSchema = z.object({
  kind: z.literal('table_end'),
  name: z.string(),
  rows: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const BackupManifestSchema = z.object({
  kind: z.literal('manifest'),
  ...HeaderFields,
  tables: z.array(z.object({ name: z.string(), rows: z.number().int().min(0), sha256: z.string() })),
  sequences: z.array(z.object({ name: z.string(), lastValue: z.string(), isCalled: z.boolean() })),
});
export type BackupManifest = z.infer<typeof BackupManifestSchema>;

const RowSchema = z.array(z.string().nullable());

export interface BackupMeta {
  appVersion: string;
  createdAt: Date;
}

async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) {
    await once(out, 'drain');
  }
}

/**
 * Writes a consistent backup of every application table to `sink` (gzip'd JSON lines, see above) from one
 * REPEATABLE READ, READ ONLY snapshot. Works on both engines and while the server serves requests.
 */
export async function writeBackup(source: SnapshotSource, sink: Writable, meta: BackupMeta): Promise<BackupManifest> {
  const gzip = zlib.createGzip();
  const piped = pipeline(gzip, sink);
  // A failing sink surfaces through `piped`; keep it from being reported as unhandled meanwhile.
  piped.catch(() => undefined);
  try {
    const manifest = await withSnapshot(source, async (session) => {
      const [keyRow] = await session.query('SELECT value FROM public.settings WHERE key = $1', [KEY_CHECK_SETTING]);
      const header: BackupHeader = {
        kind: 'header',
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        createdAt: meta.createdAt.toISOString(),
        databaseKind: source.kind,
        appVersion: meta.appVersion,
        migrations: await readAppliedMigrations(session),
        keyCheck: keyRow === undefined ? null : requiredText(keyRow, 'value'),
      };
      await writeLine(gzip, JSON.stringify(header));
      const tables: BackupManifest['tables'] = [];
      for (const table of await readTableSpecs(session)) {
        const columns = table.columns.map((c) => ({ name: c.name, type: c.type }));
        await writeLine(gzip, JSON.stringify({ kind: 'table', name: table.name, columns }));
        const hash = createHash('sha256');
        let rows = 0;
        for await (const line of dumpTableLines(session, table)) {
          hash.update(`${line}\n`, 'utf8');
          rows += 1;
          await writeLine(gzip, line);
        }
        const entry = { name: table.name, rows, sha256: hash.digest('hex') };
        tables.push(entry);
        await writeLine(gzip, JSON.stringify({ kind: 'table_end', ...entry }));
      }
      const result: BackupManifest = {
        ...header,
        kind: 'manifest',
        tables,
        sequences: await readSequences(session),
      };
      await writeLine(gzip, JSON.stringify(result));
      return result;
    });
    gzip.end();
    await piped;
    return manifest;
  } catch (error) {
    gzip.destroy(error instanceof Error ? error : new Error(String(error)));
    await piped.catch(() => undefined);
    throw error;
  }
}

/**
 * Writes a backup to a new file (mode 0600: it holds password hashes and sealed identity fields). The file
 * appears only when complete; an existing file is never overwritten.
 */
export async function writeBackupFile(source: SnapshotSource, file: string, meta: BackupMeta): Promise<BackupManifest> {
  if (fs.existsSync(file)) {
    throw new AppError('CONFLICT', `the file ${file} exists already; choose another name`);
  }
  const partial = `${file}.partial-${process.pid}`;
  try {
    const manifest = await writeBackup(source, fs.createWriteStream(partial, { mode: 0o600, flags: 'wx' }), meta);
    fs.renameSync(partial, file);
    return manifest;
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

function damaged(file: string, why: string): AppError {
  return new AppError('VALIDATION_FAILED', `the backup ${file} is damaged or not a Zhengming backup: ${why}`);
}

/** The lines of a backup file, decompressed. */
async function* backupLines(file: string): AsyncGenerator<string> {
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      yield line;
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

function parseLine<T>(schema: z.ZodType<T>, line: string, file: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw damaged(file, `${what} is not JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw damaged(file, `${what} has an unexpected shape`);
  }
  return parsed.data;
}

/** Reads only the header: enough to check the format and the key before anything else. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  if (!fs.existsSync(file)) {
    throw new AppError('NOT_FOUND', `the backup file ${file} does not exist`);
  }
  try {
    for await (const line of backupLines(file)) {
      const header = parseLine(BackupHeaderSchema, line, file, 'the header');
      if (header.formatVersion !== BACKUP_FORMAT_VERSION) {
        throw damaged(
          file,
          `format version ${header.formatVersion} is not supported (this app reads ${BACKUP_FORMAT_VERSION})`,
        );
      }
      return header;
    }
  } catch (error) {
    throw error instanceof AppError ? error : damaged(file, (error as Error).message);
  }
  throw damaged(file, 'it is empty');
}

/** One table section of a backup, as `readBackup` hands it to a consumer. */
export interface BackupTableSection {
  name: string;
  columns: { name: string; type: string }[];
  rows: AsyncIterable<(string | null)[]>;
}

/**
 * Reads a backup file table by table, checking its structure, every table's row count and SHA-256 and the final
 * manifest. `onTable` consumes each table's rows as they stream by (pass a no-op consumer to only verify).
 * Throws VALIDATION_FAILED at the first inconsistency, so callers verify a whole file before changing anything.
 */
export async function readBackup(
  file: string,
  onTable: (section: BackupTableSection) => Promise<void>,
): Promise<BackupManifest> {
  const lines = backupLines(file)[Symbol.asyncIterator]();
  const next = async (): Promise<string | undefined> => {
    try {
      const step = await lines.next();
      return step.done === true ? undefined : step.value;
    } catch (error) {
      throw damaged(file, (error as Error).message);
    }
  };
  try {
    const first = await next();
    if (first === undefined) {
      throw damaged(file, 'it is empty');
    }
    const header = parseLine(BackupHeaderSchema, first, file, 'the header');
    const seen: { name: string; rows: number; sha256: string }[] = [];
    for (;;) {
      const line = await next();
      if (line === undefined) {
        throw damaged(file, 'it ends before its manifest (truncated)');
      }
      const { kind } = parseLine(z.object({ kind: z.string() }), line, file, 'a section line');
      if (kind === 'manifest') {
        const manifest = parseLine(BackupManifestSchema, line, file, 'the manifest');
        checkManifest(file, header, manifest, seen);
        if ((await next()) !== undefined) {
          throw damaged(file, 'there is data after the manifest');
        }
        return manifest;
      }
      const table = parseLine(TableLineSchema, line, file, 'a table line');
      const hash = createHash('sha256');
      let count = 0;
      let end: z.infer<typeof TableEndLineSchema> | undefined;
      const rows = async function* (): AsyncGenerator<(string | null)[]> {
        for (;;) {
          const rowLine = await next();
          if (rowLine === undefined) {
            throw damaged(file, `table ${table.name} is truncated`);
          }
          if (!rowLine.startsWith('[')) {
            end = parseLine(TableEndLineSchema, rowLine, file, `the end of table ${table.name}`);
            return;
          }
          hash.update(`${rowLine}\n`, 'utf8');
          count += 1;
          const row = parseLine(RowSchema, rowLine, file, `a row of ${table.name}`);
          if (row.length !== table.columns.length) {
            throw damaged(file, `a row of ${table.name} has ${row.length} values for ${table.columns.length} columns`);
          }
          yield row;
        }
      };
      const iterator = rows();
      await onTable({ name: table.name, columns: table.columns, rows: iterator });
      // Drain whatever the consumer left, so hashes always cover the whole section.
      while ((await iterator.next()).done !== true) {
        // only hashing
      }
      const sha256 = hash.digest('hex');
      if (end === undefined || end.name !== table.name || end.rows !== count || end.sha256 !== sha256) {
        throw damaged(file, `table ${table.name} does not match its recorded row count or SHA-256`);
      }
      seen.push({ name: table.name, rows: count, sha256 });
    }
  } finally {
    await lines.return?.(undefined);
  }
}

function checkManifest(
  file: string,
  header: BackupHeader,
  manifest: BackupManifest,
  seen: { name: string; rows: number; sha256: string }[],
): void {
  // Parsing the manifest as a header keeps only the header's fields, in the same order.
  const manifestHeader = BackupHeaderSchema.parse({ ...manifest, kind: 'header' });
  if (JSON.stringify(manifestHeader) !== JSON.stringify(header)) {
    throw damaged(file, 'the manifest does not match the header');
  }
  if (JSON.stringify(manifest.tables) !== JSON.stringify(seen)) {
    throw damaged(file, 'the manifest does not list the tables found in the file');
  }
}
