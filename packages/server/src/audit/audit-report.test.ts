import type { AuditVerifyResult } from '@zhengming/contracts';
import { describe, expect, it } from 'vitest';
import { formatVerifyReport } from './audit-report.js';

const COUNTY = '0b6a1c52-2f7e-4a8e-9a57-5d6c0f1e2a3b';
const TOWNSHIP = '7d1e9f30-8c4b-4f2a-b1e3-2a9c8d7e6f50';
const GONE = 'c3f2e1d0-aaaa-4bbb-8ccc-123456789abc';
const hash = (digit: string): string => digit.repeat(64);

function buildResult(overrides: Partial<AuditVerifyResult> = {}): AuditVerifyResult {
  return {
    chains: [
      {
        chainId: 'system',
        officeName: null,
        entries: 12,
        lastSeq: 12,
        headSeq: 12,
        headHash: hash('a'),
        ok: true,
        keyedFromSeq: 5,
        keyedChecked: true,
      },
      {
        chainId: COUNTY,
        officeName: '某县纪委监委',
        entries: 500,
        lastSeq: 500,
        headSeq: 500,
        headHash: hash('b'),
        ok: true,
        keyedFromSeq: 1,
        keyedChecked: true,
      },
    ],
    truncated: [],
    headsExportedAt: null,
    keyMatches: true,
    ok: true,
    ...overrides,
  };
}

describe('formatVerifyReport', () => {
  it('reports intact chains in Chinese by default', () => {
    const text = formatVerifyReport(buildResult());
    expect(text).toBe(
      [
        '审计链校验：全部通过',
        '共 2 条链，512 条记录。',
        '',
        `[正常] 系统链 system — 12 条记录，链头 第 12 条 ${'a'.repeat(16)}`,
        '    校验方式：第 1–4 条 SHA-256，第 5 条起 HMAC-SHA-256（密钥）。',
        `[正常] 某县纪委监委 (${COUNTY}) — 500 条记录，链头 第 500 条 ${'b'.repeat(16)}`,
        '    校验方式：第 1 条起 HMAC-SHA-256（密钥）。',
        '',
      ].join('\n'),
    );
  });

  it('names the first break of each broken chain and every truncation, in both languages', () => {
    const result = buildResult({
      ok: false,
      headsExportedAt: '2026-11-01T00:00:00.000Z',
      chains: [
        ...buildResult().chains,
        {
          chainId: TOWNSHIP,
          officeName: '某镇纪委',
          entries: 9,
          lastSeq: 10,
          headSeq: 10,
          headHash: hash('c'),
          ok: false,
          firstBroken: { seq: 5, reason: 'seq-gap', foundSeq: 6 },
          keyedFromSeq: null,
          keyedChecked: true,
        },
      ],
      truncated: [
        { chainId: COUNTY, expectedSeq: 520, actualSeq: 500, reason: 'truncated' },
        { chainId: GONE, expectedSeq: 4, actualSeq: 0, reason: 'missing-chain' },
      ],
    });

    const zh = formatVerifyReport(result, 'zh-CN');
    expect(zh).toContain('审计链校验：发现问题');
    expect(zh).toContain('共 3 条链（其中 1 条异常），521 条记录。');
    expect(zh).toContain('已与导出的链头（导出于 2026-11-01T00:00:00.000Z）比对：2 条链被截断、改写或删除。');
    expect(zh).toContain(`[异常] 某镇纪委 (${TOWNSHIP})`);
    expect(zh).toContain('    首个断点：第 5 条 — 序号缺失：此处实际为第 6 条，有记录被删除。');
    expect(zh).toContain(`[截断] 某县纪委监委 (${COUNTY}) — 导出时链头为第 520 条，现仅至第 500 条：链尾被删除。`);
    expect(zh).toContain(`[缺失] ${GONE} — 导出时链头为第 4 条，现该链已不存在。`);

    const en = formatVerifyReport(result, 'en');
    expect(en).toContain('Audit chain verification: PROBLEMS FOUND');
    expect(en).toContain('3 chain(s) (1 broken), 521 entries.');
    expect(en).toContain('    first break at #5: sequence gap — #6 found here; entries were deleted.');
    expect(en).toContain('    checked as: SHA-256 for #1–#4, HMAC-SHA-256 (keyed) from #5.');
    expect(en).toContain('    checked as: SHA-256 for #1–#10; no keyed entry in this chain yet.');
    expect(zh).toContain('    校验方式：SHA-256（第 1–10 条）；该链尚无密钥哈希的记录。');
    expect(en).toContain(
      `[TRUNCATED] 某县纪委监委 (${COUNTY}) — the exported head was #520; the chain now ends at #500`,
    );
    expect(en).toContain(`[MISSING] ${GONE}`);
  });

  it('explains each reason a chain breaks', () => {
    const reasons = [
      ['hash-mismatch', '哈希不符', 'the entry was edited'],
      ['link-mismatch', '链接断裂', 'deleted, inserted or reordered'],
      ['seq-duplicate', '序号重复', 'an entry was inserted'],
      ['head-mismatch', '链头表记为第 10 条，最后一条记录为第 8 条', 'the head says #10, the last entry is #8'],
      ['switch-over-mismatch', '密钥切换点不符', 'switch-over mismatch'],
    ] as const;
    for (const [reason, zh, en] of reasons) {
      const result = buildResult({
        ok: false,
        chains: [
          {
            chainId: COUNTY,
            officeName: null,
            entries: 8,
            lastSeq: 8,
            headSeq: 10,
            headHash: hash('d'),
            ok: false,
            firstBroken: { seq: 3, reason },
            keyedFromSeq: 3,
            keyedChecked: true,
          },
        ],
      });
      expect(formatVerifyReport(result)).toContain(zh);
      expect(formatVerifyReport(result, 'en')).toContain(en);
      expect(formatVerifyReport(result)).toContain(`[异常] ${COUNTY} — 8 条记录`);
    }
  });

  it('says that keyed entries were not checked with another key, without calling them tampered', () => {
    const base = buildResult();
    const result = buildResult({
      ok: false,
      keyMatches: false,
      chains: base.chains.map((chain) => ({ ...chain, ok: false, keyedChecked: false })),
    });
    const zh = formatVerifyReport(result);
    expect(zh).toContain('所给数据密钥不是本数据库的密钥');
    expect(zh).toContain(`[未校验] 某县纪委监委 (${COUNTY})`);
    expect(zh).toContain('第 1–4 条 SHA-256，第 5 条起为 HMAC-SHA-256（密钥）记录，未校验');
    expect(zh).not.toContain('异常');
    const en = formatVerifyReport(result, 'en');
    expect(en).toContain("The data key given is not this database's key");
    expect(en).toContain('[UNCHECKED] system chain system');
    expect(en).toContain("HMAC-SHA-256 (keyed) from #1 NOT CHECKED: the key given is not this database's key.");
    expect(en).not.toContain('BROKEN');
  });
});
