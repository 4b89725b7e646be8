#!/usr/bin/env node
// Local speed self-check of the built engine (not a test; the benchmark proper is `npm run bench`).
// Build first: npx tsc -b packages/engine
// Usage: node --max-old-space-size=8192 packages/bench/scripts/speed.mjs [batchSize] [indexSize]
import { createCorpus, createRandom } from './calibration-corpus.mjs';
import * as engine from '@zhengming/engine';

const batchSize = Number(process.argv[2] ?? 100_000);
const indexSize = Number(process.argv[3] ?? 0);
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

function texts(count, seed) {
  const campaigns = Math.max(1, Math.round(count / 200));
  const docs = createCorpus({
    seed,
    campaigns,
    copies: [4, 20],
    honestEvents: Math.round(count / 200),
    framed: Math.round(count / 20),
    background: 0,
  });
  const r = createRandom(seed + 99);
  const filler = createCorpus({
    seed: seed + 1,
    campaigns: 0,
    honestEvents: 0,
    framed: 0,
    background: Math.max(0, count - docs.length),
  });
  const all = [...docs, ...filler].slice(0, count);
  // Bring texts to about 350 characters, as in the targets.
  return all.map((d, i) => ({
    ...d,
    text: d.text.length < 350 ? d.text + all[(i * 7919 + 1) % all.length].text.slice(0, 350 - d.text.length) : d.text,
    day: r.int(120),
  }));
}

const t0 = performance.now();
const docs = texts(batchSize, 5);
console.log(
  `corpus: ${docs.length} texts, mean ${Math.round(docs.reduce((s, d) => s + d.text.length, 0) / docs.length)} chars, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

// 1. Throughput of normalise + shingle + MinHash (+ band hashes), one core.
const snapshot = engine.createBoilerplateSnapshot();
const params = engine.DEFAULT_MINHASH_PARAMS;
const sample = docs.slice(0, Math.min(docs.length, 100_000));
// Best of three rounds per measure (the machine is shared), wall clock and CPU time.
const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
function rate(run) {
  let bestWall = Infinity;
  let bestCpu = Infinity;
  for (let round = 0; round < 3; round += 1) {
    const wall = performance.now();
    const cpu = cpuSeconds();
    for (const d of sample) run(d.text);
    bestWall = Math.min(bestWall, (performance.now() - wall) / 1000);
    bestCpu = Math.min(bestCpu, cpuSeconds() - cpu);
  }
  return `${Math.round(sample.length / bestWall).toLocaleString()}/s wall, ${Math.round(sample.length / bestCpu).toLocaleString()}/s CPU`;
}
console.log(`normalise: ${rate((text) => engine.normalizeText(text))}`);
console.log(
  `normalise+shingle+minhash: ${rate((text) => engine.minhashSignature(engine.textShingles(text, snapshot), params))}`,
);
console.log(`with stamped band keys: ${rate((text) => engine.fingerprintText(text, snapshot, params).bandKeys)}`);

// 2. Batch screening end to end (engine only: observe, add, finish).
{
  const base = Date.UTC(2024, 0, 1);
  const start = performance.now();
  const screener = engine.createBatchScreener({ linkageKey: new Uint8Array(32).fill(3) });
  for (const d of docs) screener.observe(d.text);
  const observed = performance.now();
  docs.forEach((d, i) => {
    screener.add({
      id: d.id,
      receivedAt: base + d.day * 86_400_000,
      channel: 'letter',
      isAnonymous: i % 10 === 0,
      reporter: i % 10 === 0 ? null : { name: `举报人${i}`, phone: `138${String(i % 50_000_000).padStart(8, '0')}` },
      cosigners: [],
      subjects: [{ name: `对象${i % 5000}`, unit: `单位${i % 300}`, isCandidate: false }],
      text: d.text,
    });
  });
  const added = performance.now();
  const report = screener.finish();
  const finished = performance.now();
  const rss = process.memoryUsage().rss;
  console.log(
    `batch ${docs.length}: observe ${((observed - start) / 1000).toFixed(1)} s, add ${((added - observed) / 1000).toFixed(1)} s, finish ${((finished - added) / 1000).toFixed(1)} s, total ${((finished - start) / 1000).toFixed(1)} s; ` +
      `campaigns ${report.campaigns.length}, flagged ${report.complaints.filter((c) => c.flags.length > 0).length}, frequent shingles ${report.boilerplate.frequentShingles}; RSS ${mb(rss)}`,
  );
}

// 3. Incremental query latency against an in-process index.
if (indexSize > 0) {
  const index = new engine.SimilarityIndex();
  const start = performance.now();
  for (let i = 0; i < indexSize; i += 1) {
    const d = docs[i % docs.length];
    const text = i < docs.length ? d.text : `${d.text}${i}`;
    const shingles = engine.textShingles(text, snapshot);
    index.add(`I${i}`, engine.minhashSignature(shingles, params), shingles);
  }
  console.log(
    `index ${indexSize.toLocaleString()} built in ${((performance.now() - start) / 1000).toFixed(1)} s, RSS ${mb(process.memoryUsage().rss)}`,
  );
  const times = [];
  for (let q = 0; q < 2000; q += 1) {
    const d = docs[(q * 7919) % docs.length];
    const t = performance.now();
    const shingles = engine.textShingles(d.text, snapshot);
    index.query(engine.minhashSignature(shingles, params), shingles);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `query p50 ${times[1000].toFixed(3)} ms, p99 ${times[1980].toFixed(3)} ms, max ${times[1999].toFixed(3)} ms`,
  );
}
