import {
  visibleText,
  type AuditChainReport,
  type AuditTruncation,
  type AuditVerifyResult,
  type Locale,
} from '@zhengming/contracts';
import { SYSTEM_CHAIN } from './audit-hash.js';

/** How many hex digits of a hash the report shows; enough to compare by eye with an exported heads file. */
const SHORT_HASH = 16;

interface Texts {
  title(ok: boolean): string;
  summary(chains: number, broken: number, entries: number): string;
  compared(exportedAt: string, truncated: number): string;
  systemChain: string;
  chainLine(ok: boolean, label: string, chain: AuditChainReport): string;
  formsLine(chain: AuditChainReport): string;
  keyMismatch: string;
  breakLine(chain: AuditChainReport): string;
  truncationLine(label: string, truncation: AuditTruncation): string;
}

const noHead = { zh: '（无）', en: '(none)' };

const ZH: Texts = {
  title: (ok) => `审计链校验：${ok ? '全部通过' : '发现问题'}`,
  summary: (chains, broken, entries) =>
    `共 ${chains} 条链${broken > 0 ? `（其中 ${broken} 条异常）` : ''}，${entries} 条记录。`,
  compared: (exportedAt, truncated) =>
    `已与导出的链头（导出于 ${exportedAt}）比对：${truncated === 0 ? '均一致。' : `${truncated} 条链被截断、改写或删除。`}`,
  systemChain: '系统链',
  chainLine: (ok, label, chain) =>
    `[${ok ? '正常' : chain.firstBroken === undefined ? '未校验' : '异常'}] ${label} — ${chain.entries} 条记录，链头 ${
      chain.headSeq === null ? noHead.zh : `第 ${chain.headSeq} 条 ${(chain.headHash ?? '').slice(0, SHORT_HASH)}`
    }`,
  breakLine: (chain) => {
    const broken = chain.firstBroken;
    if (broken === undefined) {
      return '';
    }
    const at = `首个断点：第 ${broken.seq} 条 — `;
    switch (broken.reason) {
      case 'hash-mismatch':
        return `${at}哈希不符：该条记录在写入后被修改。`;
      case 'link-mismatch':
        return `${at}链接断裂：与前一条记录的哈希不符，此前有记录被删除、插入或调换顺序。`;
      case 'seq-gap':
        return `${at}序号缺失：此处实际为第 ${broken.foundSeq ?? '?'} 条，有记录被删除。`;
      case 'seq-duplicate':
        return `${at}序号重复：同一序号有多条记录，有记录被插入。`;
      case 'head-mismatch':
        return `${at}链头不符：链头表记为第 ${chain.headSeq ?? noHead.zh} 条，最后一条记录为第 ${chain.lastSeq} 条；链尾被删除或有记录绕过链头写入。`;
      case 'switch-over-mismatch':
        return `${at}密钥切换点不符：切换记录的 HMAC 不符、与前一条记录不衔接，或其后没有密钥哈希的记录；切换点被移动、伪造或链尾被删除。`;
    }
  },
  formsLine: (chain) => {
    const k = chain.keyedFromSeq;
    if (k === null) {
      return `校验方式：SHA-256${chain.lastSeq > 0 ? `（第 1–${chain.lastSeq} 条）` : ''}；该链尚无密钥哈希的记录。`;
    }
    const plain = k > 1 ? `第 1–${k - 1} 条 SHA-256，` : '';
    return chain.keyedChecked
      ? `校验方式：${plain}第 ${k} 条起 HMAC-SHA-256（密钥）。`
      : `校验方式：${plain}第 ${k} 条起为 HMAC-SHA-256（密钥）记录，未校验：所给密钥不是本数据库的密钥。`;
  },
  keyMismatch: '所给数据密钥不是本数据库的密钥：以密钥哈希（HMAC）的记录无法校验（并非判定为被篡改）。',
  truncationLine: (label, t) => {
    switch (t.reason) {
      case 'truncated':
        return `[截断] ${label} — 导出时链头为第 ${t.expectedSeq} 条，现仅至第 ${t.actualSeq} 条：链尾被删除。`;
      case 'rewritten':
        return `[改写] ${label} — 第 ${t.expectedSeq} 条与导出时的链头不符（现至第 ${t.actualSeq} 条）：历史记录被改写。`;
      case 'missing-chain':
        return `[缺失] ${label} — 导出时链头为第 ${t.expectedSeq} 条，现该链已不存在。`;
    }
  },
};

const EN: Texts = {
  title: (ok) => `Audit chain verification: ${ok ? 'all chains intact' : 'PROBLEMS FOUND'}`,
  summary: (chains, broken, entries) =>
    `${chains} chain(s)${broken > 0 ? ` (${broken} broken)` : ''}, ${entries} entries.`,
  compared: (exportedAt, truncated) =>
    `Compared with the heads exported at ${exportedAt}: ${
      truncated === 0 ? 'all match.' : `${truncated} chain(s) truncated, rewritten or gone.`
    }`,
  systemChain: 'system chain',
  chainLine: (ok, label, chain) =>
    `[${ok ? 'ok' : chain.firstBroken === undefined ? 'UNCHECKED' : 'BROKEN'}] ${label} — ${chain.entries} entries, head ${
      chain.headSeq === null ? noHead.en : `#${chain.headSeq} ${(chain.headHash ?? '').slice(0, SHORT_HASH)}`
    }`,
  breakLine: (chain) => {
    const broken = chain.firstBroken;
    if (broken === undefined) {
      return '';
    }
    const at = `first break at #${broken.seq}: `;
    switch (broken.reason) {
      case 'hash-mismatch':
        return `${at}hash mismatch — the entry was edited after it was written.`;
      case 'link-mismatch':
        return `${at}link mismatch — it does not follow the previous entry; an entry before it was deleted, inserted or reordered.`;
      case 'seq-gap':
        return `${at}sequence gap — #${broken.foundSeq ?? '?'} found here; entries were deleted.`;
      case 'seq-duplicate':
        return `${at}duplicate sequence number — an entry was inserted.`;
      case 'head-mismatch':
        return `${at}head mismatch — the head says #${chain.headSeq ?? noHead.en}, the last entry is #${chain.lastSeq}; the tail was cut or entries were written around the head.`;
      case 'switch-over-mismatch':
        return `${at}switch-over mismatch — the record of the first keyed entry fails its HMAC, does not link to the entry before, or no keyed entry follows it; it was moved or forged, or the tail was cut.`;
    }
  },
  formsLine: (chain) => {
    const k = chain.keyedFromSeq;
    if (k === null) {
      return `checked as: SHA-256${chain.lastSeq > 0 ? ` for #1–#${chain.lastSeq}` : ''}; no keyed entry in this chain yet.`;
    }
    const plain = k > 1 ? `SHA-256 for #1–#${k - 1}, ` : '';
    return chain.keyedChecked
      ? `checked as: ${plain}HMAC-SHA-256 (keyed) from #${k}.`
      : `checked as: ${plain}HMAC-SHA-256 (keyed) from #${k} NOT CHECKED: the key given is not this database's key.`;
  },
  keyMismatch:
    "The data key given is not this database's key: entries hashed with the key (HMAC) could not be checked (they are not reported as tampered).",
  truncationLine: (label, t) => {
    switch (t.reason) {
      case 'truncated':
        return `[TRUNCATED] ${label} — the exported head was #${t.expectedSeq}; the chain now ends at #${t.actualSeq}: its tail was removed.`;
      case 'rewritten':
        return `[REWRITTEN] ${label} — entry #${t.expectedSeq} no longer matches the exported head (chain now ends at #${t.actualSeq}): history was rewritten.`;
      case 'missing-chain':
        return `[MISSING] ${label} — the exported head was #${t.expectedSeq}; the chain no longer exists.`;
    }
  },
};

/**
 * The human-readable report of `verifyAuditChains` that the CLI prints: Chinese by default, English with
 * `'en'`. Pure; one line per chain, under it which form was checked where (SHA-256, then HMAC from the chain's
 * switch-over) and the first break of a broken chain, then the comparison with exported heads when there was one.
 * Office names and chain ids come from the database (and the export time from the heads file), which is what this
 * report is there to distrust: they are printed with their control characters made visible (`visibleText`), so
 * that a crafted name cannot erase or forge a line of the report.
 */
export function formatVerifyReport(result: AuditVerifyResult, locale: Locale = 'zh-CN'): string {
  const texts = locale === 'en' ? EN : ZH;
  const names = new Map(result.chains.map((chain) => [chain.chainId, chain.officeName]));
  const label = (chainId: string): string => {
    if (chainId === SYSTEM_CHAIN) {
      return `${texts.systemChain} ${SYSTEM_CHAIN}`;
    }
    const name = names.get(chainId) ?? null;
    return name === null ? visibleText(chainId) : `${visibleText(name)} (${visibleText(chainId)})`;
  };
  const broken = result.chains.filter((chain) => chain.firstBroken !== undefined).length;
  const entries = result.chains.reduce((sum, chain) => sum + chain.entries, 0);
  const lines = [texts.title(result.ok), texts.summary(result.chains.length, broken, entries)];
  if (!result.keyMatches) {
    lines.push(texts.keyMismatch);
  }
  if (result.headsExportedAt !== null) {
    lines.push(texts.compared(visibleText(result.headsExportedAt), result.truncated.length));
  }
  lines.push('');
  for (const chain of result.chains) {
    lines.push(texts.chainLine(chain.ok, label(chain.chainId), chain));
    lines.push(`    ${texts.formsLine(chain)}`);
    if (chain.firstBroken !== undefined) {
      lines.push(`    ${texts.breakLine(chain)}`);
    }
  }
  for (const truncation of result.truncated) {
    lines.push(texts.truncationLine(label(truncation.chainId), truncation));
  }
  return `${lines.join('\n')}\n`;
}
