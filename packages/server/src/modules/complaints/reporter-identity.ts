import { createHmac } from 'node:crypto';
import { identityValuesOf, linkageKeys, maskText } from '@zhengming/engine';
import type { ReporterInput } from '@zhengming/contracts';
import { CURRENT_LINKAGE_VERSION, linkageSubkey, open, seal, type DataKey } from '../../keys/keys.js';

/*
 * The reporter's identity at rest (principle 2): every value sealed with the data key, bound to its complaint, and
 * beside it only keyed linkage values (HMAC-SHA-256 under the versioned linkage subkey) for screening. Nothing
 * here ever writes a plain value anywhere.
 */

/** The seal context of a complaint's reporter: a sealed identity cannot be moved to another complaint. */
const reporterContext = (complaintId: string): string => `complaint_reporters.identity:${complaintId}`;

/** The seal context of one co-signer's name. */
const cosignerContext = (complaintId: string, position: number): string =>
  `complaint_cosigners.name:${complaintId}:${position}`;

/** The reporter's values with empty ones dropped (an empty string is not a value to seal or to mask). */
function compactReporter(reporter: ReporterInput): ReporterInput {
  const compact: ReporterInput = {};
  for (const field of ['name', 'unit', 'idNumber', 'phone', 'address', 'ip', 'deviceId'] as const) {
    const value = reporter[field];
    if (value !== undefined && value !== '') {
      compact[field] = value;
    }
  }
  return compact;
}

/** What the reporter row stores: the sealed identity and its keyed linkage values. */
export interface SealedReporter {
  identity_sealed: string;
  linkage_version: number;
  name_key: string | null;
  linkage_keys: string[];
}

/**
 * The keyed value of a stated name: the same name (after NFKC, case and white space) gives the same key, so
 * screening can tell "the same stated name" without the name.
 */
export function nameKey(key: DataKey, name: string): string {
  const normalized = name.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  return createHmac('sha256', Buffer.from(linkageSubkey(key, CURRENT_LINKAGE_VERSION)))
    .update(`name:${normalized}`)
    .digest('hex');
}

/** Seals a reporter for a complaint, with its linkage keys (online IP and device only when `withOnlineIds`). */
export function sealReporter(
  key: DataKey,
  complaintId: string,
  reporter: ReporterInput,
  withOnlineIds: boolean,
): SealedReporter {
  const values = compactReporter(reporter);
  return {
    identity_sealed: seal(key, JSON.stringify(values), reporterContext(complaintId)),
    linkage_version: CURRENT_LINKAGE_VERSION,
    name_key: values.name === undefined ? null : nameKey(key, values.name),
    linkage_keys: linkageKeys(values, { linkageKey: linkageSubkey(key, CURRENT_LINKAGE_VERSION), withOnlineIds }),
  };
}

/** Opens a sealed reporter; throws when it was altered, moved or sealed under another key. */
export function openReporter(key: DataKey, complaintId: string, sealed: string): ReporterInput {
  return JSON.parse(open(key, sealed, reporterContext(complaintId)).toString('utf8')) as ReporterInput;
}

/** Seals one co-signer's name with its keyed value. */
export function sealCosigner(
  key: DataKey,
  complaintId: string,
  position: number,
  name: string,
): { name_sealed: string; name_key: string } {
  return { name_sealed: seal(key, name, cosignerContext(complaintId, position)), name_key: nameKey(key, name) };
}

/** Opens one co-signer's name. */
export function openCosigner(key: DataKey, complaintId: string, position: number, sealed: string): string {
  return open(key, sealed, cosignerContext(complaintId, position)).toString('utf8');
}

/**
 * The complaint text as shown to anyone but intake: every identity value of its reporter and co-signers masked,
 * and any phone or ID number found by pattern (the engine's masking, on the original text).
 */
export function maskComplaintText(
  text: string,
  reporter: ReporterInput | null,
  cosignerNames: readonly string[],
): string {
  const values = identityValuesOf(
    reporter,
    cosignerNames.map((name) => ({ name, isDenied: false })),
  );
  return maskText(text, values);
}
