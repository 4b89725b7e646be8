import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

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

/** SHA-256 (hex) over the RFC 8785 canonical JSON of the entry, previous hash included. */
export function hashEntry(entry: HashedEntry): string {
  const text = canonicalize(entry);
  if (text === undefined) {
    throw new Error('audit entry cannot be canonicalised');
  }
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
