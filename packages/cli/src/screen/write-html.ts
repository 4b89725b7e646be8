import type { CampaignMember, CampaignReport, ComplaintScreening, DifferingSpan } from '@zhengming/engine';
import { formatChinaTime } from './dates.js';
import { HTML_STYLE } from './html-style.js';
import { SEVERITY_LABELS, SIGNAL_DISCLAIMER, SIGNAL_LABELS } from './report-labels.js';
import { flaggedComplaints, type ScreenResult } from './screen-output.js';
import { openTextFileWriter } from './text-file-writer.js';

const RELATED_IDS_SHOWN = 20;
const MEMBERS_OPEN_BELOW = 12;

/**
 * Writes the HTML report: one self-contained file (no scripts, fonts or images from elsewhere) that a person
 * opens in a browser. Every piece of text is HTML-escaped; quoted text is the engine's masked text.
 */
export async function writeHtmlReport(outPath: string, result: ScreenResult): Promise<void> {
  const writer = openTextFileWriter(outPath);
  const { report, stats } = result;
  const flagged = flaggedComplaints(report);
  await writer.append(
    `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>甄别报告 · ${escapeHtml(result.inputName)}</title><style>${HTML_STYLE}</style></head><body>\n`,
  );
  await writer.append(
    `<header><h1>检举控告甄别报告</h1><p class="disclaimer">${escapeHtml(SIGNAL_DISCLAIMER)}</p></header>\n`,
  );
  await writer.append(renderSummary(result, flagged.length));
  await writer.append(`<section><h2>雷同举报群（${report.campaigns.length} 个）</h2>\n`);
  if (report.campaigns.length === 0) {
    await writer.append('<p class="empty">未发现雷同举报群。</p>\n');
  }
  for (const [index, campaign] of report.campaigns.entries()) {
    await writer.append(renderCampaign(campaign, index + 1));
  }
  await writer.append('</section>\n');
  await writer.append(`<section><h2>异常提示（${flagged.length} 件）</h2>\n`);
  if (flagged.length === 0) {
    await writer.append('<p class="empty">没有带异常提示的举报。</p>\n');
  } else {
    await writer.append(
      '<table class="flags"><thead><tr><th>编号</th><th>异常分值</th><th>提示及说明</th></tr></thead><tbody>\n',
    );
    for (const complaint of flagged) {
      await writer.append(renderFlaggedComplaint(complaint));
    }
    await writer.append('</tbody></table>\n');
  }
  await writer.append('</section>\n');
  if (stats.badRows.length > 0) {
    await writer.append(
      `<section><h2>未甄别的问题行（${stats.badRows.length} 行）</h2>` +
        '<table class="bad-rows"><thead><tr><th>行号</th><th>原因</th></tr></thead><tbody>\n',
    );
    for (const row of stats.badRows) {
      await writer.append(`<tr><td>${row.line}</td><td>${escapeHtml(row.reason)}</td></tr>\n`);
    }
    await writer.append('</tbody></table></section>\n');
  }
  await writer.append('</body></html>\n');
  await writer.close();
}

function renderSummary(result: ScreenResult, flaggedCount: number): string {
  const { report, stats } = result;
  const parameters = report.parameters;
  const rows: [string, string][] = [
    ['输入文件', result.inputName],
    ['生成时间', formatChinaTime(result.generatedAt)],
    ['评分表版本', report.version],
    ['读取行数', String(stats.rows)],
    ['甄别件数', String(stats.screened)],
    ['问题行（未甄别）', String(stats.badRows.length)],
    ['雷同举报群', String(report.campaigns.length)],
    ['有异常提示的举报', String(flaggedCount)],
    [
      '参数',
      `相似度阈值 ${parameters.threshold}；时间窗 ${parameters.windowDays} 天；至少 ${parameters.minReporters} 名不同举报人；` +
        `常用语快照 ${report.boilerplate.version}（清单 ${report.boilerplate.phraseCount} 条，高频片段 ${report.boilerplate.frequentShingles} 个）`,
    ],
    ['用时', `${stats.seconds} 秒`],
  ];
  return (
    '<section class="summary"><h2>概况</h2><table>' +
    rows.map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('') +
    '</table></section>\n'
  );
}

function renderCampaign(campaign: CampaignReport, ordinal: number): string {
  const subjects = campaign.subjects
    .map((subject) => escapeHtml(subject.unit ? `${subject.name}（${subject.unit}）` : subject.name))
    .join('、');
  const similarity = campaign.similarity;
  const facts =
    `<ul class="facts"><li>${campaign.complaintIds.length} 件</li><li>不同举报人 ${campaign.distinctReporters} 名` +
    `（其中匿名 ${campaign.anonymousCount} 件）</li><li>${escapeHtml(formatChinaTime(campaign.firstAt))} 至 ` +
    `${escapeHtml(formatChinaTime(campaign.lastAt))}</li><li>相似度 最低 ${percent(similarity.min)} · 中位 ` +
    `${percent(similarity.median)} · 最高 ${percent(similarity.max)}</li></ul>`;
  const members = campaign.members.map(renderMember).join('');
  return (
    `<article class="campaign" id="campaign-${escapeHtml(campaign.id)}">` +
    `<h3>雷同举报群 ${ordinal}<span class="id">${escapeHtml(campaign.id)}</span></h3>${facts}` +
    `<p><strong>被反映人：</strong>${subjects || '（未填写）'}</p>` +
    `<h4>时间线</h4>${renderTimeline(campaign.members)}` +
    `<details${campaign.members.length < MEMBERS_OPEN_BELOW ? ' open' : ''}><summary>模板与各件差异对照（${campaign.members.length} 件，` +
    `<mark>高亮</mark>为与模板不同之处）</summary><div class="side-by-side"><div class="template-column"><h4>共同模板（已遮蔽身份信息）</h4>` +
    `<div class="text">${escapeHtml(campaign.template)}</div></div><div class="members-column">${members}</div></div></details>` +
    '</article>\n'
  );
}

function renderMember(member: CampaignMember): string {
  return (
    `<div class="member"><div class="member-head"><span class="id">${escapeHtml(member.id)}</span>` +
    `<span>${escapeHtml(formatChinaTime(member.receivedAt))}</span><span>相似度 ${percent(member.similarity)}</span></div>` +
    `<div class="text">${highlightSpans(member.maskedText, member.differingSpans)}</div></div>`
  );
}

/** The text with the differing spans wrapped in <mark>, everything escaped; overlapping spans are merged. */
export function highlightSpans(text: string, spans: readonly DifferingSpan[]): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let html = '';
  let position = 0;
  for (const span of sorted) {
    const start = Math.max(span.start, position);
    const end = Math.min(span.end, text.length);
    if (end <= start) {
      continue;
    }
    html += `${escapeHtml(text.slice(position, start))}<mark>${escapeHtml(text.slice(start, end))}</mark>`;
    position = end;
  }
  return html + escapeHtml(text.slice(position));
}

/** An inline SVG timeline: one dot per member at its received time, the first and last dates labelled. */
export function renderTimeline(members: readonly { id: string; receivedAt: number }[]): string {
  const width = 720;
  const height = 64;
  const left = 16;
  const right = width - 16;
  let first = Infinity;
  let last = -Infinity;
  for (const member of members) {
    first = Math.min(first, member.receivedAt);
    last = Math.max(last, member.receivedAt);
  }
  const span = last - first;
  const x = (time: number): number =>
    span === 0 ? (left + right) / 2 : left + ((time - first) / span) * (right - left);
  const dots = members
    .map(
      (member) =>
        `<circle cx="${x(member.receivedAt).toFixed(1)}" cy="26" r="5"><title>${escapeHtml(member.id)} · ` +
        `${escapeHtml(formatChinaTime(member.receivedAt))}</title></circle>`,
    )
    .join('');
  const firstLabel = escapeHtml(formatChinaTime(first).slice(0, 16).replace('T', ' '));
  const lastLabel = escapeHtml(formatChinaTime(last).slice(0, 16).replace('T', ' '));
  return (
    `<svg class="timeline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="收件时间线">` +
    `<line x1="${left}" y1="26" x2="${right}" y2="26" />${dots}` +
    `<text x="${left}" y="56">${firstLabel}</text><text x="${right}" y="56" text-anchor="end">${lastLabel}</text></svg>`
  );
}

function renderFlaggedComplaint(complaint: ComplaintScreening): string {
  const flags = complaint.flags
    .map((flag) => {
      const related =
        flag.relatedIds.length === 0
          ? ''
          : `<div class="related">相关编号：${escapeHtml(flag.relatedIds.slice(0, RELATED_IDS_SHOWN).join('、'))}` +
            `${flag.relatedIds.length > RELATED_IDS_SHOWN ? ` 等 ${flag.relatedIds.length} 件` : ''}</div>`;
      return (
        `<li><span class="severity ${flag.severity}">${SEVERITY_LABELS[flag.severity]}</span>` +
        `<strong>${escapeHtml(SIGNAL_LABELS[flag.code])}</strong> <code>${escapeHtml(flag.code)}</code>` +
        `<div>${escapeHtml(flag.message)}</div>${related}</li>`
      );
    })
    .join('');
  return (
    `<tr><td class="id">${escapeHtml(complaint.id)}</td><td class="score">${complaint.anomalyScore}</td>` +
    `<td><ul class="flag-list">${flags}</ul></td></tr>\n`
  );
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
