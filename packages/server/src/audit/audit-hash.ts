import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import canonicalize from 'canonicalize';
import { auditSubkey, keyCheckValue, type DataKey } from '../keys/keys.js';

/** The hash before the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The name of the system chain, for events without an office (unknown-user sign-in failures, first run, key checks). */
export const SYSTEM_CHAIN = 'system';

/** The fields of an entry that its hash covers, exactly as stored (timestamps as their stored text). */
export interface HashedEntry {
  chainId: string;
  seq: number;
  at: string;
  actorId: string | null;
  officeId: string | null;
  action: string;
  targetIds: string[];
  details: Record<string, unknown>;
  prevHash: string;
}

/**
 * The key of the audit chains: the HMAC subkey derived from the data key, and the key's check value, so that
 * verification can tell "another key" from "tampered" (`settings.key_check`).
 */
export interface AuditChainKey {
  readonly subkey: Uint8Array;
  readonly keyCheck: string;
}

/** The audit chain key of a data key. */
export function auditChainKey(key: DataKey): AuditChainKey {
  return { subkey: auditSubkey(key), keyCheck: keyCheckValue(key) };
}

function canonicalText(value: object, what: string): string {
  const text = canonicalize(value);
  if (text === undefined) {
    throw new Error(`${what} cannot be canonicalised`);
  }
  return text;
}

/** SHA-256 (hex) over the RFC 8785 canonical JSON of the entry, previous hash included: entries before a switch-over. */
export function hashEntry(entry: HashedEntry): string {
  return createHash('sha256').update(canonicalText(entry, 'audit entry'), 'utf8').digest('hex');
}

/** HMAC-SHA-256 (hex) under the chain key over the same canonical JSON: entries from the switch-over on. */
export function hmacEntry(key: AuditChainKey, entry: HashedEntry): string {
  return createHmac('sha256', key.subkey).update(canonicalText(entry, 'audit entry'), 'utf8').digest('hex');
}

/**
 * A chain's switch-over: from `keyedFromSeq` on its entries are keyed; `prefixHash` is the hash of the entry
 * before (the genesis hash for a chain keyed from seq 1).
 */
export interface SwitchOver {
  chainId: string;
  keyedFromSeq: number;
  prefixHash: string;
}

/** The HMAC that authenticates a switch-over row: it cannot be moved, copied to another chain or made up. */
export function switchOverMac(key: AuditChainKey, switchOver: SwitchOver): string {
  const { chainId, keyedFromSeq, prefixHash } = switchOver;
  const text = canonicalText({ kind: 'audit-switch-over', chainId, keyedFromSeq, prefixHash }, 'audit switch-over');
  return createHmac('sha256', key.subkey).update(text, 'utf8').digest('hex');
}

/** True when `mac` is the switch-over's HMAC under this key (compared in constant time). */
export function isSwitchOverMacValid(key: AuditChainKey, switchOver: SwitchOver, mac: string): boolean {
  const expected = Buffer.from(switchOverMac(key, switchOver), 'hex');
  const actual = Buffer.from(mac, 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
