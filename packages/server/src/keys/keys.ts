import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const KEY_BYTES = 32;
const SEAL_VERSION = 'v1';

/** The 32-byte data key. Never logged, never written into the database or a backup. */
export interface DataKey {
  readonly bytes: Buffer;
}

/** Parses a key given as 64 hex digits or base64 of 32 bytes. */
export function parseDataKey(text: string): DataKey {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (bytes.length !== KEY_BYTES) {
    throw new Error('the data key must be 32 bytes, as 64 hex digits or base64');
  }
  return { bytes };
}

/** Creates a fresh random data key. */
export function generateDataKey(): DataKey {
  return { bytes: randomBytes(KEY_BYTES) };
}

export interface KeyFileResult {
  key: DataKey;
  /** True when the file did not exist and was created now: the caller tells the operator to keep a copy. */
  isNew: boolean;
}

/**
 * Reads the key file, or creates it with mode 0600 when it does not exist. Refuses a key file that others
 * can read, since that would expose every identity field.
 */
export function loadOrCreateKeyFile(file: string): KeyFileResult {
  if (fs.existsSync(file)) {
    const mode = fs.statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new Error(`key file ${file} is readable by others (mode ${mode.toString(8)}); run: chmod 600 ${file}`);
    }
    return { key: parseDataKey(fs.readFileSync(file, 'utf8')), isNew: false };
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const key = generateDataKey();
  // 'wx' fails if another process created it meanwhile, rather than overwriting its key.
  fs.writeFileSync(file, `${key.bytes.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, isNew: true };
}

/** A value derived from the key that lets the database recognise a different key without storing it. */
export function keyCheckValue(key: DataKey): string {
  return createHmac('sha256', key.bytes).update('zhengming/key-check/v1').digest('hex');
}

/** True when the stored key-check value belongs to this key. */
export function isKeyCheckMatch(key: DataKey, stored: string): boolean {
  const expected = Buffer.from(keyCheckValue(key), 'hex');
  const actual = Buffer.from(stored, 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function subkey(key: DataKey, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key.bytes, Buffer.alloc(0), info, KEY_BYTES));
}

/**
 * Encrypts a value with AES-256-GCM under a subkey of the data key. `context` (e.g. 'users.totp_secret')
 * is bound as associated data so a sealed value cannot be moved to another field.
 */
export function seal(key: DataKey, plaintext: Buffer | string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', subkey(key, 'zhengming/seal/v1'), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `${SEAL_VERSION}.${iv.toString('base64')}.${body.toString('base64')}`;
}

/** Decrypts a value made by `seal` with the same context; throws when it was altered or the key differs. */
export function open(key: DataKey, sealed: string, context: string): Buffer {
  const [version, ivText, bodyText] = sealed.split('.');
  if (version !== SEAL_VERSION || ivText === undefined || bodyText === undefined) {
    throw new Error('not a sealed value');
  }
  const body = Buffer.from(bodyText, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', subkey(key, 'zhengming/seal/v1'), Buffer.from(ivText, 'base64'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]);
}

/** The versioned subkey for HMAC-SHA-256 reporter linkage keys; a re-key job moves to the next version. */
export function linkageSubkey(key: DataKey, version: number): Uint8Array {
  return new Uint8Array(subkey(key, `zhengming/linkage/v${version}`));
}

/** The linkage-key version new linkage keys are made with. */
export const CURRENT_LINKAGE_VERSION = 1;

/**
 * The subkey for HMAC-SHA-256 over audit entries and switch-over records (docs/OPERATIONS.md, "Audit"): without
 * the data key, write access to the database cannot produce a chain that verifies.
 */
export function auditSubkey(key: DataKey): Uint8Array {
  return new Uint8Array(subkey(key, 'zhengming/audit-chain/v1'));
}
