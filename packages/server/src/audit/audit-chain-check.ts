import type { AuditChainBreak, AuditChainReport, AuditTruncation } from '@zhengming/contracts';
import { GENESIS_HASH, hashEntry, hmacEntry, isSwitchOverMacValid, type AuditChainKey } from './audit-hash.js';
import type { StoredAuditEntry, StoredHead, StoredSwitchOver } from './audit.repository.js';

/**
 * The hash an entry should have — plain SHA-256, or HMAC under `key` for a keyed entry — or null when its
 * content cannot be canonicalised at all.
 */
function recomputeHash(entry: StoredAuditEntry, key: AuditChainKey | null): string | null {
  try {
    const hashed = {
      chainId: entry.chainId,
      seq: entry.seq,
      at: entry.at,
      actorId: entry.actorId,
      officeId: entry.officeId,
      action: entry.action,
      targetIds: entry.targetIds,
      details: entry.details,
      prevHash: entry.prevHash,
    };
    return key === null ? hashEntry(hashed) : hmacEntry(key, hashed);
  } catch {
    return null;
  }
}

/** How a chain is keyed, for its check. */
export interface ChainKeying {
  /** The chain's switch-over row; null when it has none (every entry is plain SHA-256). */
  switchOver: StoredSwitchOver | null;
  /** The key to check keyed entries and the switch-over with; null when it is not this database's key. */
  key: AuditChainKey | null;
}

/**
 * Checks one chain from entries fed in (seq, hash) order, holding only the previous entry, so a chain of
 * millions is checked in constant memory. Pure: the caller reads the entries and the head.
 *
 * Per entry, in this order: seq continuity (a gap means deleted entries, a repeat an inserted one), the link
 * to the previous entry's hash (deleted, inserted or reordered entries), then the entry's own hash (an edited
 * entry): plain SHA-256 below the chain's switch-over, HMAC under the key from it on. At the switch-over the
 * row's HMAC must verify and its prefix hash must be the link of the first keyed entry; a switch-over row with no
 * keyed entry after it is broken too (the row is written by the append that writes that entry). Only the first
 * break is kept; after it the entries are only counted. Without the right key the keyed entries' hashes and the
 * row's HMAC cannot be checked: they are left unchecked, not reported as tampered.
 */
export class ChainCheck {
  private entryCount = 0;
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private firstBroken: AuditChainBreak | undefined;
  private exportedHashSeen: string | undefined;

  private readonly keyedFromSeq: number;
  private readonly isSwitchOverValid: boolean;

  constructor(
    readonly chainId: string,
    private readonly keying: ChainKeying,
    /** The head exported earlier for this chain, when verifying against exported heads. */
    private readonly exportedHead: StoredHead | undefined = undefined,
  ) {
    const { switchOver, key } = keying;
    this.keyedFromSeq = switchOver?.keyedFromSeq ?? Number.POSITIVE_INFINITY;
    this.isSwitchOverValid =
      switchOver === null ||
      key === null ||
      (switchOver.chainId === chainId && isSwitchOverMacValid(key, switchOver, switchOver.mac));
  }

  /** False when the chain has keyed entries but the key to check them is not this database's. */
  get isKeyedChecked(): boolean {
    return this.keying.switchOver === null || this.keying.key !== null;
  }

  accept(entry: StoredAuditEntry): void {
    this.entryCount += 1;
    if (this.exportedHead !== undefined && entry.seq === this.exportedHead.seq && this.exportedHashSeen === undefined) {
      this.exportedHashSeen = entry.hash;
    }
    if (this.firstBroken === undefined) {
      this.firstBroken = this.findBreak(entry);
    }
    this.lastSeq = entry.seq;
    this.lastHash = entry.hash;
  }

  private findBreak(entry: StoredAuditEntry): AuditChainBreak | undefined {
    const expectedSeq = this.lastSeq + 1;
    if (entry.seq > expectedSeq) {
      return { seq: expectedSeq, reason: 'seq-gap', foundSeq: entry.seq };
    }
    if (entry.seq < expectedSeq) {
      return { seq: entry.seq, reason: 'seq-duplicate' };
    }
    if (entry.prevHash !== this.lastHash) {
      return { seq: entry.seq, reason: 'link-mismatch' };
    }
    if (entry.seq < this.keyedFromSeq) {
      return recomputeHash(entry, null) === entry.hash ? undefined : { seq: entry.seq, reason: 'hash-mismatch' };
    }
    if (
      !this.isSwitchOverValid ||
      (entry.seq === this.keyedFromSeq && entry.prevHash !== this.keying.switchOver?.prefixHash)
    ) {
      return { seq: this.keyedFromSeq, reason: 'switch-over-mismatch' };
    }
    if (this.keying.key !== null && recomputeHash(entry, this.keying.key) !== entry.hash) {
      return { seq: entry.seq, reason: 'hash-mismatch' };
    }
    return undefined;
  }

  /** The report once every entry up to the head was fed in; `head` is the chain's `audit_heads` row. */
  finish(head: StoredHead | null, officeName: string | null): AuditChainReport {
    const firstBroken = this.firstBroken ?? this.findSwitchOverBreak() ?? this.findHeadBreak(head);
    return {
      chainId: this.chainId,
      officeName,
      entries: this.entryCount,
      lastSeq: this.lastSeq,
      headSeq: head?.seq ?? null,
      headHash: head?.hash ?? null,
      ok: firstBroken === undefined && this.isKeyedChecked,
      ...(firstBroken === undefined ? {} : { firstBroken }),
      keyedFromSeq: this.keying.switchOver?.keyedFromSeq ?? null,
      keyedChecked: this.isKeyedChecked,
    };
  }

  /** A switch-over row that fails its HMAC, or that no keyed entry follows (moved past the end, or the tail cut). */
  private findSwitchOverBreak(): AuditChainBreak | undefined {
    const switchOver = this.keying.switchOver;
    if (switchOver === null) {
      return undefined;
    }
    if (!this.isSwitchOverValid || this.lastSeq < switchOver.keyedFromSeq) {
      return { seq: switchOver.keyedFromSeq, reason: 'switch-over-mismatch' };
    }
    return undefined;
  }

  private findHeadBreak(head: StoredHead | null): AuditChainBreak | undefined {
    // A head row at seq 0 is a chain that never got an entry; no head row with no entries is no chain at all.
    const headSeq = head?.seq ?? 0;
    const headHash = head?.hash ?? GENESIS_HASH;
    if (head === null && this.entryCount > 0) {
      return { seq: this.lastSeq, reason: 'head-mismatch' };
    }
    if (headSeq < this.lastSeq) {
      return { seq: headSeq + 1, reason: 'head-mismatch' };
    }
    if (headSeq > this.lastSeq) {
      return { seq: this.lastSeq + 1, reason: 'head-mismatch' };
    }
    if (headHash !== this.lastHash) {
      return { seq: this.lastSeq, reason: 'head-mismatch' };
    }
    return undefined;
  }

  /** How the chain fails the exported head, or null when it still holds it (or none was exported). */
  compareWithExported(): AuditTruncation | null {
    const exported = this.exportedHead;
    if (exported === undefined || this.exportedHashSeen === exported.hash) {
      return null;
    }
    const base = { chainId: this.chainId, expectedSeq: exported.seq, actualSeq: this.lastSeq };
    if (this.entryCount === 0) {
      return { ...base, reason: 'missing-chain' };
    }
    if (this.exportedHashSeen === undefined && exported.seq > this.lastSeq) {
      return { ...base, reason: 'truncated' };
    }
    return { ...base, reason: 'rewritten' };
  }
}
