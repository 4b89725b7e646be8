import type { AuditChainBreak, AuditChainReport, AuditTruncation } from '@zhengming/contracts';
import { GENESIS_HASH, hashEntry } from './audit-hash.js';
import type { StoredAuditEntry, StoredHead } from './audit.repository.js';

/** The hash an entry should have, or null when its content cannot be canonicalised at all. */
function recomputeHash(entry: StoredAuditEntry): string | null {
  try {
    return hashEntry({
      chainId: entry.chainId,
      seq: entry.seq,
      at: entry.at,
      actorId: entry.actorId,
      officeId: entry.officeId,
      action: entry.action,
      targetIds: entry.targetIds,
      details: entry.details,
      prevHash: entry.prevHash,
    });
  } catch {
    return null;
  }
}

/**
 * Checks one chain from entries fed in (seq, hash) order, holding only the previous entry, so a chain of
 * millions is checked in constant memory. Pure: the caller reads the entries and the head.
 *
 * Per entry, in this order: seq continuity (a gap means deleted entries, a repeat an inserted one), the link
 * to the previous entry's hash (deleted, inserted or reordered entries), then the entry's own hash (an edited
 * entry). Only the first break is kept; after it the entries are only counted.
 */
export class ChainCheck {
  private entryCount = 0;
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private firstBroken: AuditChainBreak | undefined;
  private exportedHashSeen: string | undefined;

  constructor(
    readonly chainId: string,
    /** The head exported earlier for this chain, when verifying against exported heads. */
    private readonly exportedHead: StoredHead | undefined = undefined,
  ) {}

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
    if (recomputeHash(entry) !== entry.hash) {
      return { seq: entry.seq, reason: 'hash-mismatch' };
    }
    return undefined;
  }

  /** The report once every entry up to the head was fed in; `head` is the chain's `audit_heads` row. */
  finish(head: StoredHead | null, officeName: string | null): AuditChainReport {
    const firstBroken = this.firstBroken ?? this.findHeadBreak(head);
    return {
      chainId: this.chainId,
      officeName,
      entries: this.entryCount,
      lastSeq: this.lastSeq,
      headSeq: head?.seq ?? null,
      headHash: head?.hash ?? null,
      ok: firstBroken === undefined,
      ...(firstBroken === undefined ? {} : { firstBroken }),
    };
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
