// Runs the batch screener on the calibration corpus and prints campaign metrics.
// Run after `npx tsc -b packages/engine`: node packages/bench/scripts/smoke.mjs [seed]
// (CAMPAIGNS, COPIES, FRAMED, BG, T, KBR, DF, COLLAPSE, VERBOSE in the environment adjust it)
import { createCorpus, createRandom } from './calibration-corpus.mjs';
import * as engine from '@zhengming/engine';

const seed = Number(process.argv[2] ?? 7);
const docs = createCorpus({
  seed,
  campaigns: Number(process.env.CAMPAIGNS ?? 40),
  copies: (process.env.COPIES ?? '4,20').split(',').map(Number),
  honestEvents: 80,
  framed: Number(process.env.FRAMED ?? 300),
  background: Number(process.env.BG ?? 1500),
});
const r = createRandom(seed + 1);
const base = Date.UTC(2024, 2, 1);
const minhash = process.env.KBR
  ? (([numHashes, bands, rows]) => ({ ...engine.DEFAULT_MINHASH_PARAMS, numHashes, bands, rows }))(
      process.env.KBR.split(',').map(Number),
    )
  : undefined;
const screener = engine.createBatchScreener({
  linkageKey: new Uint8Array(32).fill(7),
  ...(process.env.T ? { threshold: Number(process.env.T) } : {}),
  ...(minhash ? { minhash } : {}),
  ...(process.env.DF
    ? {
        boilerplateFrequency: {
          fraction: Number(process.env.DF),
          minDocuments: 20,
          ...(process.env.COLLAPSE ? { collapseThreshold: Number(process.env.COLLAPSE) } : {}),
        },
      }
    : {}),
});
const t0 = performance.now();
for (const d of docs) screener.observe(d.text);
docs.forEach((d, i) => {
  screener.add({
    id: d.id,
    receivedAt: base + r.int(20) * 86400000,
    channel: 'letter',
    isAnonymous: false,
    reporter: { name: `人${i}` },
    cosigners: [],
    subjects: [{ name: '某人', isCandidate: false }],
    text: d.text,
  });
});
const report = screener.finish();
const t1 = performance.now();
console.log(
  `docs ${docs.length} in ${(t1 - t0).toFixed(0)} ms; campaigns ${report.campaigns.length}; frequent ${report.boilerplate.frequentShingles}`,
);
const campaignOf = new Map();
report.campaigns.forEach((c, k) => c.complaintIds.forEach((id) => campaignOf.set(id, k)));
const byId = new Map(docs.map((d) => [d.id, d]));
let tp = 0,
  fp = 0,
  fn = 0;
for (const c of report.campaigns)
  for (let a = 0; a < c.complaintIds.length; a++)
    for (let b = a + 1; b < c.complaintIds.length; b++) {
      const ga = byId.get(c.complaintIds[a]).group,
        gb = byId.get(c.complaintIds[b]).group;
      if (ga === gb && ga.startsWith('campaign')) tp++;
      else fp++;
    }
const groups = new Map();
for (const d of docs)
  if (d.group.startsWith('campaign')) {
    if (!groups.has(d.group)) groups.set(d.group, []);
    groups.get(d.group).push(d);
  }
const attach = { exact: [0, 0], light: [0, 0], medium: [0, 0], heavy: [0, 0] };
for (const members of groups.values()) {
  for (let a = 0; a < members.length; a++)
    for (let b = a + 1; b < members.length; b++) {
      const ca = campaignOf.get(members[a].id),
        cb = campaignOf.get(members[b].id);
      if (!(ca !== undefined && ca === cb)) fn++;
    }
  const counts = new Map();
  for (const m of members) {
    const c = campaignOf.get(m.id);
    if (c !== undefined) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const main = [...counts].sort((x, y) => y[1] - x[1])[0]?.[0];
  for (const m of members) {
    attach[m.tier][1]++;
    if (main !== undefined && campaignOf.get(m.id) === main) attach[m.tier][0]++;
  }
}
const hard = docs.filter((d) => d.tier === 'honest' || d.tier === 'framed');
const merged = (tier) => {
  const l = hard.filter((d) => d.tier === tier);
  return (l.filter((d) => campaignOf.has(d.id)).length / l.length).toFixed(3);
};
console.log(
  `F1 ${((2 * tp) / (2 * tp + fp + fn)).toFixed(3)} attach ${Object.entries(attach)
    .map(([k, [a, b]]) => `${k} ${(a / b).toFixed(3)}`)
    .join(' ')} | false-merge honest ${merged('honest')} framed ${merged('framed')}`,
);
const c0 = report.campaigns[0];
if (process.env.VERBOSE)
  console.log(JSON.stringify({ ...c0, members: c0.members.slice(0, 2) }, null, 1).slice(0, 2500));
const flagged = report.complaints.filter((c) => c.flags.length > 0);
if (process.env.VERBOSE) console.log('flagged', flagged.length, JSON.stringify(flagged[0]).slice(0, 600));
