import fs from 'node:fs';
import { appendAudit, createAuditWriter } from '../audit/audit.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { isKeyCheckMatch, keyCheckValue, loadOrCreateKeyFile, parseDataKey, type DataKey } from '../keys/keys.js';
import { formatBox } from './text-box.js';
import type { Clock, Db } from '../deps.js';

/** The settings row that holds the key-check value (never the key). */
export const KEY_CHECK_SETTING = 'key_check';

/** Where the data key came from. */
export type KeySource = 'env' | 'file';

export interface ResolvedKey {
  key: DataKey;
  source: KeySource;
  /** The key file created now, when there was none: the operator must be told to keep a copy. */
  createdFile: string | null;
}

export interface PreparedKey extends ResolvedKey {
  /** 'created' on the first start (the check value was stored now), 'matched' afterwards. */
  keyCheck: 'created' | 'matched';
}

/** The stored key-check value, or null for a database that has never been started. */
export async function readKeyCheck(db: Db): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY_CHECK_SETTING).executeTakeFirst();
  return row?.value ?? null;
}

/**
 * Finds the data key: `ZHENGMING_KEY` when set, else the key file. The key file is created (mode 0600) only
 * when `mayCreate` — i.e. the database has no key yet; creating a fresh key for a database that already holds
 * encrypted data would only lock the operator out, so a missing file is reported instead.
 */
export function resolveDataKey(
  config: Pick<Config, 'keyFromEnv' | 'keyFile'>,
  options: { mayCreate: boolean },
): ResolvedKey {
  if (config.keyFromEnv !== undefined) {
    return { key: parseDataKey(config.keyFromEnv), source: 'env', createdFile: null };
  }
  if (!options.mayCreate && !fs.existsSync(config.keyFile)) {
    throw new AppError(
      'KEY_MISMATCH',
      `the key file ${config.keyFile} does not exist, but this database was set up with a data key: ` +
        `put your safe copy back at ${config.keyFile} (chmod 600) or set ZHENGMING_KEY`,
    );
  }
  let result;
  try {
    result = loadOrCreateKeyFile(config.keyFile);
  } catch (error) {
    throw new AppError('KEY_MISMATCH', `cannot use the key file: ${(error as Error).message}`, { cause: error });
  }
  return { key: result.key, source: 'file', createdFile: result.isNew ? config.keyFile : null };
}

/**
 * Compares the key with the database's key-check value. On the first start the value is stored and the event
 * audited in the system chain; afterwards a different key is refused (KEY_MISMATCH), since it could neither read
 * the sealed values already stored nor match the reporter linkage keys.
 */
export async function checkDataKey(
  db: Db,
  key: DataKey,
  source: KeySource,
  clock: Clock,
): Promise<'created' | 'matched'> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('settings')
      .values({ key: KEY_CHECK_SETTING, value: keyCheckValue(key), updated_at: clock.now() })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted !== undefined) {
      await appendAudit(
        trx,
        { actorId: null, officeIds: [], action: 'system.key_check_created', details: { keySource: source } },
        createAuditWriter(key, clock),
      );
      return 'created';
    }
    const stored = await trx
      .selectFrom('settings')
      .select('value')
      .where('key', '=', KEY_CHECK_SETTING)
      .executeTakeFirstOrThrow();
    if (!isKeyCheckMatch(key, stored.value)) {
      throw new AppError(
        'KEY_MISMATCH',
        `the data key (${source === 'env' ? 'ZHENGMING_KEY' : 'key file'}) is not the key this database was created with; ` +
          'start with the original key (a different key cannot read the encrypted data)',
      );
    }
    return 'matched';
  });
}

/** Resolves the key and checks it against the database, as every start and every direct CLI command does. */
export async function prepareDataKey(
  db: Db,
  config: Pick<Config, 'keyFromEnv' | 'keyFile'>,
  clock: Clock,
): Promise<PreparedKey> {
  const stored = await readKeyCheck(db);
  const resolved = resolveDataKey(config, { mayCreate: stored === null });
  const keyCheck = await checkDataKey(db, resolved.key, resolved.source, clock);
  return { ...resolved, keyCheck };
}

/** The notice printed once when the key file was created: without a copy, encrypted data is lost. */
export function formatKeyFileNotice(file: string): string {
  return formatBox([
    '已创建数据密钥文件 / A new data key file was created:',
    `  ${file}`,
    '',
    '请立即复制一份，与数据和备份分开妥善保管。',
    '没有此密钥，加密数据（举报人身份、证据文件）将永久丢失；备份中不含密钥。',
    'Keep a copy somewhere safe, apart from the data and its backups:',
    'without this key the encrypted data is lost. Backups never contain it.',
  ]);
}
