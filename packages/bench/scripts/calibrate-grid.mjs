// Grid over shingle size, document-frequency cut-off and threshold on the calibration corpus:
// exhaustive pairs, connected components, campaign metrics as the benchmark defines them.
// Run after `npx tsc -b packages/engine`: node packages/bench/scripts/calibrate-grid.mjs [seed]
// (NS, DFS, FRAMED in the environment adjust it)
import { createCorpus } from './calibration-corpus.mjs';
import * as engine from '@zhengming/engine';

const seed = Number(process.argv[2] ?? 7);
const docs = createCorpus({
  seed,
  campaigns: 40,
  honestEvents: 80,
  framed: Number(process.env.FRAMED ?? 300),
  background: 1500,
});
const N = docs.length;
const thresholds = [0.25, 0.3, 0.35, 0.4, 0.45, 0.5];
for (const n of (process.env.NS ?? '3,4').split(',').map(Number)) {
  for (const df of (process.env.DFS ?? '0.01,0.02,0.05').split(',').map(Number)) {
    let snapshot = engine.createBoilerplateSnapshot({ shingleSize: n });
    if (df) {
      const b = engine.createBoilerplateBuilder({
        minhash: { ...engine.DEFAULT_MINHASH_PARAMS, shingleSize: n },
        frequency: { fraction: df, minDocuments: 20 },
      });
      for (const d of docs) b.observe(d.text);
      snapshot = b.freeze();
    }
    const sh = docs.map((d) => engine.shingleHashes(engine.normalizeText(d.text).text, snapshot));
    const edges = [];
    for (let i = 0; i < N; i++)
      for (let j = i + 1; j < N; j++) {
        const J = engine.jaccard(sh[i], sh[j]);
        if (J >= thresholds[0]) edges.push([i, j, J]);
      }
    const rows = [];
    for (const t of thresholds) {
      const parent = Array.from({ length: N }, (_, i) => i);
      const find = (x) => {
        while (parent[x] !== x) {
          parent[x] = parent[parent[x]];
          x = parent[x];
        }
        return x;
      };
      for (const [i, j, J] of edges)
        if (J >= t) {
          const a = find(i),
            b = find(j);
          if (a !== b) parent[a] = b;
        }
      const comps = new Map();
      for (let i = 0; i < N; i++) {
        const r = find(i);
        if (!comps.has(r)) comps.set(r, []);
        comps.get(r).push(i);
      }
      const inCampaign = (i) => comps.get(find(i)).length >= 3;
      // pairwise F1 over campaign pairs
      let tp = 0,
        fp = 0,
        fn = 0;
      const byGroup = new Map();
      docs.forEach((d, i) => {
        if (d.group.startsWith('campaign')) {
          if (!byGroup.has(d.group)) byGroup.set(d.group, []);
          byGroup.get(d.group).push(i);
        }
      });
      for (const members of comps.values()) {
        if (members.length < 3) continue;
        for (let a = 0; a < members.length; a++)
          for (let b = a + 1; b < members.length; b++) {
            const ga = docs[members[a]].group,
              gb = docs[members[b]].group;
            if (ga === gb && ga.startsWith('campaign')) tp++;
            else fp++;
          }
      }
      for (const members of byGroup.values())
        for (let a = 0; a < members.length; a++)
          for (let b = a + 1; b < members.length; b++) {
            if (!(find(members[a]) === find(members[b]) && inCampaign(members[a]))) fn++;
          }
      const f1 = (2 * tp) / (2 * tp + fp + fn);
      // attach per tier: in the component holding most of its campaign
      const attach = {};
      for (const tier of ['exact', 'light', 'medium', 'heavy']) {
        let ok = 0,
          all = 0;
        for (const members of byGroup.values()) {
          const counts = new Map();
          for (const m of members) counts.set(find(m), (counts.get(find(m)) ?? 0) + 1);
          const main = [...counts].sort((x, y) => y[1] - x[1])[0][0];
          for (const m of members)
            if (docs[m].tier === tier) {
              all++;
              if (find(m) === main && inCampaign(m)) ok++;
            }
        }
        attach[tier] = ok / all;
      }
      const hard = docs.map((d, i) => i).filter((i) => docs[i].tier === 'honest' || docs[i].tier === 'framed');
      const merged = (tier) => {
        const l = hard.filter((i) => docs[i].tier === tier);
        return l.filter(inCampaign).length / l.length;
      };
      rows.push(
        `t=${t} F1 ${f1.toFixed(3)} attach e${attach.exact.toFixed(3)} l${attach.light.toFixed(3)} m${attach.medium.toFixed(3)} h${attach.heavy.toFixed(3)} | false-merge honest ${merged('honest').toFixed(3)} framed ${merged('framed').toFixed(3)}`,
      );
    }
    console.log(`n=${n} df=${df} frequent=${snapshot.frequentShingles.length}\n  ${rows.join('\n  ')}`);
  }
}
