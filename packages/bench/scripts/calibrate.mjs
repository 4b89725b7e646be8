// Measures Jaccard distributions on the calibration corpus for shingle sizes 2–4.
// Run after `npx tsc -b packages/engine`: node packages/bench/scripts/calibrate.mjs [seed]
import { createCorpus } from './calibration-corpus.mjs';
import * as engine from '@zhengming/engine';

const docs = createCorpus({
  seed: Number(process.argv[2] ?? 7),
  campaigns: 40,
  honestEvents: 60,
  framed: 300,
  background: 1500,
});
const q = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};
const fmt = (v) => v.toFixed(3);
function lev(a, b) {
  const m = a.length,
    n = b.length;
  let prev = new Int32Array(n + 1).map((_, j) => j);
  let cur = new Int32Array(n + 1);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    [prev, cur] = [cur, prev];
  }
  return prev[n];
}
const tiers = ['exact', 'light', 'medium', 'heavy'];
for (const tier of tiers) {
  const ratios = docs
    .filter((d) => d.tier === tier)
    .slice(0, 60)
    .map((d) => lev(d.master, d.text) / d.master.length);
  console.log(`edit ratio ${tier}: median ${fmt(q(ratios, 0.5))} p90 ${fmt(q(ratios, 0.9))} max ${fmt(q(ratios, 1))}`);
}
console.log('mean length', Math.round(docs.reduce((s, d) => s + d.text.length, 0) / docs.length));
for (const n of [2, 3, 4]) {
  let snapshot = engine.createBoilerplateSnapshot({ shingleSize: n });
  if (process.env.DF) {
    const builder = engine.createBoilerplateBuilder({
      minhash: { ...engine.DEFAULT_MINHASH_PARAMS, shingleSize: n },
      frequency: { fraction: Number(process.env.DF), minDocuments: 20 },
    });
    for (const d of docs) builder.observe(d.text);
    snapshot = builder.freeze();
    console.log('frequent shingles', snapshot.frequentShingles.length);
  }
  const sh = docs.map((d) => engine.shingleHashes(engine.normalizeText(d.text).text, snapshot));
  const masterSh = new Map();
  console.log(`\n=== n=${n}`);
  for (const tier of tiers) {
    const toMaster = [];
    const best = [];
    docs.forEach((d, i) => {
      if (d.tier !== tier) return;
      if (!masterSh.has(d.master))
        masterSh.set(d.master, engine.shingleHashes(engine.normalizeText(d.master).text, snapshot));
      toMaster.push(engine.jaccard(sh[i], masterSh.get(d.master)));
      let b = 0;
      docs.forEach((o, j) => {
        if (j !== i && o.group === d.group) b = Math.max(b, engine.jaccard(sh[i], sh[j]));
      });
      best.push(b);
    });
    console.log(
      `${tier.padEnd(7)} toMaster p5 ${fmt(q(toMaster, 0.05))} p50 ${fmt(q(toMaster, 0.5))} | bestMember p1 ${fmt(q(best, 0.01))} p5 ${fmt(q(best, 0.05))} p10 ${fmt(q(best, 0.1))} p50 ${fmt(q(best, 0.5))}`,
    );
  }
  for (const tier of ['honest', 'framed']) {
    const within = [];
    const idx = docs.map((d, i) => i).filter((i) => docs[i].tier === tier);
    const framedAll = tier === 'framed';
    for (const i of idx) {
      let b = 0;
      for (const j of idx)
        if (j !== i && (framedAll || docs[j].group === docs[i].group)) b = Math.max(b, engine.jaccard(sh[i], sh[j]));
      within.push(b);
    }
    console.log(
      `${tier.padEnd(7)} max-pair p50 ${fmt(q(within, 0.5))} p90 ${fmt(q(within, 0.9))} p99 ${fmt(q(within, 0.99))} max ${fmt(q(within, 1))}`,
    );
  }
  const bg = docs.map((d, i) => i).filter((i) => docs[i].tier === 'background');
  const pairs = [];
  for (let k = 0; k < 20000; k++) {
    const i = bg[(k * 7919) % bg.length],
      j = bg[(k * 104729 + 13) % bg.length];
    if (i !== j) pairs.push(engine.jaccard(sh[i], sh[j]));
  }
  console.log(
    `bg-pair mean ${fmt(pairs.reduce((a, b) => a + b, 0) / pairs.length)} p99 ${fmt(q(pairs, 0.99))} p999 ${fmt(q(pairs, 0.999))} max ${fmt(q(pairs, 1))}`,
  );
}
