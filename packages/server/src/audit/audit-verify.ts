import {
  AuditHeadsExportSchema,
  type AuditChainReport,
  type AuditHeadsExport,
  type AuditTruncation,
  type AuditVerifyResult,
} from '@zhengming/contracts';
import { AppError } from '../errors.js';
import { ChainCheck } from './audit-chain-check.js';
import { SYSTEM_CHAIN, type AuditChainKey } from './audit-hash.js';
import {
  findChainIds,
  findHead,
  findHeads,
  findKeyCheck,
  findNextSeq,
  findOfficeNames,
  findSwitchOver,
  readChainWindow,
} from './audit.repository.js';

export type {
  AuditBreakReason,
  AuditChainBreak,
  AuditChainReport,
  AuditHeadsExport,
  AuditTruncation,
  AuditVerifyResult,
} from '@zhengming/contracts';
import { systemClock, type Clock, type Db } from '../deps.js';

export interface VerifyAuditOptions {
  /** Heads exported earlier (`exportAuditHeads`): also report chains that no longer hold them. */
  heads?: AuditHeadsExport;
  /** Verify only these chains (the chains a user may see); default every chain. */
  chainIds?: readonly string[];
  /** Seqs read per query (default 2,000): memory holds one such window at a time. */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 2000;

/** System chain first, then office chains by id, so reports read the same every time. */
function compareChainIds(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  if (a === SYSTEM_CHAIN || b === SYSTEM_CHAIN) {
    return a === SYSTEM_CHAIN ? -1 : 1;
  }
  return a < b ? -1 : 1;
}

/**
 * Feeds the entries of a chain from `fromSeq` (the lowest seq when null) up to `maxSeq` to the check, one seq
 * window at a time, and returns the last seq fed (null for none). A window takes every entry of its seqs, so
 * two entries claiming one seq (possible only if the primary key was dropped) are both seen. The next window
 * starts after the last entry read, not at the window's end, so entries appended meanwhile are not skipped;
 * after an empty window it jumps to the next seq present, so a forged seq far ahead costs one query.
 */
async function feedWindows(
  db: Db,
  check: ChainCheck,
  fromSeq: number | null,
  maxSeq: number | null,
  windowSize: number,
): Promise<number | null> {
  let lastFed: number | null = null;
  let next = await findNextSeq(db, check.chainId, fromSeq);
  while (next !== null && (maxSeq === null || next <= maxSeq)) {
    const toSeq = maxSeq === null ? next + windowSize : Math.min(next + windowSize, maxSeq + 1);
    const window = await readChainWindow(db, check.chainId, next, toSeq);
    for (const entry of window) {
      check.accept(entry);
    }
    const last = window.at(-1);
    if (last === undefined) {
      next = await findNextSeq(db, check.chainId, next);
    } else {
      lastFed = last.seq;
      next = last.seq + 1;
    }
  }
  return lastFed;
}

/**
 * Streams one chain in pages and checks it. No long transaction is held (on PGlite it would stall every other
 * request): the head is read after the entries, and entries appended meanwhile are caught up to that head —
 * they committed with it, in the same transaction, so nothing below it can still be missing.
 */
async function verifyChain(
  db: Db,
  chainId: string,
  key: AuditChainKey | null,
  exportedHead: AuditHeadsExport['chains'][string] | undefined,
  officeName: string | null,
  batchSize: number,
): Promise<{ report: AuditChainReport; truncation: AuditTruncation | null; exists: boolean }> {
  // Read before the entries: a row recorded meanwhile comes with its first keyed entry, which is then read too.
  const switchOver = await findSwitchOver(db, chainId);
  const check = new ChainCheck(chainId, { switchOver, key }, exportedHead);
  const lastFed = await feedWindows(db, check, null, null, batchSize);
  const head = await findHead(db, chainId);
  if (head !== null && head.seq > (lastFed ?? 0)) {
    await feedWindows(db, check, lastFed === null ? null : lastFed + 1, head.seq, batchSize);
  }
  const report = check.finish(head, officeName);
  return {
    report,
    truncation: check.compareWithExported(),
    exists: head !== null || switchOver !== null || report.entries > 0,
  };
}

/**
 * Verifies audit chains (docs/OPERATIONS.md, "Audit"): recomputes every entry's hash over its RFC 8785 canonical JSON
 * — plain SHA-256 below the chain's switch-over, HMAC under `key` from it on — checks the switch-over row, the links
 * to the previous hash, seq continuity and that `audit_heads` matches the last entry, and reports the first broken
 * entry of each chain and which form it checked where (`keyedFromSeq`). Given exported heads it also reports chains
 * that no longer hold them (a truncated tail with the head reset, rewritten history, a chain that disappeared),
 * which the chain alone cannot show. When `key` is not the database's key (`settings.key_check`) the keyed
 * entries are left unchecked and the result says so (`keyMatches: false`). Never throws for a broken chain; it
 * says which parts failed.
 */
export async function verifyAuditChains(
  db: Db,
  key: AuditChainKey,
  options: VerifyAuditOptions = {},
): Promise<AuditVerifyResult> {
  const storedKeyCheck = await findKeyCheck(db);
  const keyMatches = storedKeyCheck === null || storedKeyCheck === key.keyCheck;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const filter = options.chainIds === undefined ? null : new Set(options.chainIds);
  const exported = options.heads?.chains ?? {};
  const candidates = new Set(filter ?? (await findChainIds(db)));
  for (const chainId of Object.keys(exported)) {
    if (filter === null || filter.has(chainId)) {
      candidates.add(chainId);
    }
  }
  const chainIds = [...candidates].sort(compareChainIds);
  const names = await findOfficeNames(
    db,
    chainIds.filter((id) => id !== SYSTEM_CHAIN),
  );
  const chains: AuditChainReport[] = [];
  const truncated: AuditTruncation[] = [];
  for (const chainId of chainIds) {
    const result = await verifyChain(
      db,
      chainId,
      keyMatches ? key : null,
      exported[chainId],
      names.get(chainId) ?? null,
      batchSize,
    );
    if (result.exists) {
      chains.push(result.report);
    }
    if (result.truncation !== null) {
      truncated.push(result.truncation);
    }
  }
  return {
    chains,
    truncated,
    headsExportedAt: options.heads?.exportedAt ?? null,
    keyMatches,
    ok: keyMatches && chains.every((chain) => chain.ok) && truncated.length === 0,
  };
}

/**
 * The current head of every chain (or of `chainIds`), to keep outside the system: a later
 * `verifyAuditChains(db, { heads })` then detects a tail cut off together with its head.
 */
export async function exportAuditHeads(
  db: Db,
  options: { chainIds?: readonly string[]; clock?: Clock } = {},
): Promise<AuditHeadsExport> {
  const heads = await findHeads(db, options.chainIds ?? null);
  const chains: AuditHeadsExport['chains'] = {};
  for (const chainId of [...heads.keys()].sort(compareChainIds)) {
    const head = heads.get(chainId);
    if (head !== undefined) {
      chains[chainId] = { seq: head.seq, hash: head.hash };
    }
  }
  return { exportedAt: (options.clock ?? systemClock).now().toISOString(), chains };
}

/** Reads an exported heads file (JSON text); throws VALIDATION_FAILED naming what is wrong. */
export function parseExportedHeads(text: string): AuditHeadsExport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', `heads file is not JSON: ${(error as Error).message}`, {
      details: [{ path: '', message: 'not JSON' }],
    });
  }
  const parsed = AuditHeadsExportSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', 'heads file does not match {exportedAt, chains: {id: {seq, hash}}}', {
      details: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
    });
  }
  return parsed.data;
}
