/** The stylesheet of the HTML report, inlined so that the file is self-contained. */
export const HTML_STYLE = `
:root { color-scheme: light; --border: #d9d9d9; --muted: #666; --accent: #1f4e79; }
* { box-sizing: border-box; }
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  margin: 0 auto; max-width: 1200px; padding: 24px; color: #222; line-height: 1.6; }
h1 { color: var(--accent); margin-bottom: 4px; }
h2 { border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin-top: 32px; }
.disclaimer { background: #fff8e1; border-left: 4px solid #f0b400; padding: 8px 12px; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--border); padding: 6px 8px; vertical-align: top; text-align: left; }
.summary th { width: 12em; background: #f5f7fa; }
thead th { background: #f5f7fa; }
.campaign { border: 1px solid var(--border); border-radius: 6px; padding: 12px 16px; margin: 16px 0; }
.campaign h3 { margin: 0 0 8px; }
.id { font-family: ui-monospace, Menlo, Consolas, monospace; color: var(--muted); margin-left: 8px; font-size: 0.9em; }
td.id { margin-left: 0; white-space: nowrap; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 24px; padding: 0; list-style: none; margin: 0 0 8px; }
.timeline line { stroke: #999; stroke-width: 1; }
.timeline circle { fill: var(--accent); fill-opacity: 0.6; }
.timeline text { font-size: 12px; fill: var(--muted); }
.side-by-side { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin-top: 8px; }
.template-column .text { position: sticky; top: 8px; max-height: 90vh; overflow: auto; background: #f5f7fa; }
.text { white-space: pre-wrap; border: 1px solid var(--border); border-radius: 4px; padding: 8px; }
.member { margin-bottom: 12px; }
.member-head { display: flex; gap: 16px; font-size: 0.9em; color: var(--muted); }
.member-head .id { margin-left: 0; }
mark { background: #ffe58f; }
.score { font-weight: bold; text-align: right; white-space: nowrap; }
.flag-list { list-style: none; margin: 0; padding: 0; }
.flag-list li + li { margin-top: 6px; border-top: 1px dashed var(--border); padding-top: 6px; }
.severity { display: inline-block; min-width: 2.5em; text-align: center; border-radius: 3px; margin-right: 6px; font-size: 0.85em; color: #fff; }
.severity.info { background: #8c8c8c; } .severity.low { background: #52c41a; }
.severity.medium { background: #fa8c16; } .severity.high { background: #cf1322; }
.related { color: var(--muted); font-size: 0.9em; word-break: break-all; }
code { font-size: 0.85em; color: var(--muted); }
.empty { color: var(--muted); }
@media print { details { display: block; } .template-column .text { position: static; max-height: none; } }
`;
