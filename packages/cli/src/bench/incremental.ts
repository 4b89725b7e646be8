import {
  createBoilerplateBuilder,
  DEFAULT_MINHASH_PARAMS,
  DEFAULT_THRESHOLD,
  fingerprintText,
  indexVersion,
  SimilarityIndex,
  verifyCandidates,
  type BoilerplateSnapshot,
} from '@zhengming/engine';
import { indexBandKeys, insertBandKeys, queryCandidates, type BandKeyRows, type SqlClient } from './band-key-store.js';
import { logStep, percentile, round } from './bench-stats.js';
import { readCorpusTexts } from './corpus-files.js';
import { generateCorpus } from './corpus/generate-corpus.js';
import { SeededRandom } from './corpus/random.js';

const LOAD_BATCH = 1_000;
const SNAPSHOT_SAMPLE = 50_000;

/** Where the indexed complaints go: the in-process index and/or band-key tables. */
export interface IncrementalTargets {
  inProcess: boolean;
  databases: { name: string; client: SqlClient }[];
}

/** Latency figures of one target. */
export interface LatencyResult {
  target: string;
  indexed: number;
  loadSeconds: number;
  queries: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanCandidates: number;
  p99Candidates: number;
  meanMatches: number;
}

/**
 * Indexes the first `size` complaints of a corpus — snapshot frozen from a first pass over a sample, as a
 * server freezes it when building its index — then times single incremental queries (fingerprint, candidates
 * by band key, exact verification) of new complaints: half near-copies of indexed ones, half unrelated.
 */
export async function measureIncremental(
  corpusPath: string,
  size: number,
  seed: number,
  targets: IncrementalTargets,
  queryCount = 1_000,
): Promise<LatencyResult[]> {
  const builder = createBoilerplateBuilder({});
  for await (const entry of readCorpusTexts(corpusPath, Math.min(size, SNAPSHOT_SAMPLE))) {
    builder.observe(entry.text);
  }
  const snapshot = builder.freeze();
  const version = indexVersion(snapshot, DEFAULT_MINHASH_PARAMS);
  const index = targets.inProcess ? new SimilarityIndex({ params: DEFAULT_MINHASH_PARAMS, version }) : undefined;
  const loadSeconds = new Map<string, number>([['in-process', 0]]);
  const random = new SeededRandom(seed ^ 0x51ed);
  const reservoir: string[] = [];
  let batch: BandKeyRows[] = [];
  let count = 0;
  const flush = async (): Promise<void> => {
    for (const database of targets.databases) {
      const started = performance.now();
      await insertBandKeys(database.client, batch);
      loadSeconds.set(database.name, (loadSeconds.get(database.name) ?? 0) + (performance.now() - started) / 1000);
    }
    batch = [];
  };
  logStep(
    `incremental: indexing ${size.toLocaleString('en')} complaints (${['in-process', ...targets.databases.map((database) => database.name)].join(', ')})`,
  );
  for await (const entry of readCorpusTexts(corpusPath, size)) {
    const started = performance.now();
    const fingerprint = fingerprintText(entry.text, snapshot, DEFAULT_MINHASH_PARAMS);
    const id = Number(entry.id.slice(1));
    index?.add(String(id), fingerprint.signature, fingerprint.shingles);
    loadSeconds.set('in-process', (loadSeconds.get('in-process') ?? 0) + (performance.now() - started) / 1000);
    if (targets.databases.length > 0) {
      batch.push({ complaintId: id, bandKeys: fingerprint.bandKeys, shingles: fingerprint.shingles });
      if (batch.length >= LOAD_BATCH) {
        await flush();
      }
    }
    count += 1;
    if (reservoir.length < queryCount / 2) {
      reservoir.push(entry.text);
    } else if (random.chance(queryCount / 2 / count)) {
      reservoir[random.int(0, reservoir.length - 1)] = entry.text;
    }
    if (count % 100_000 === 0) {
      logStep(`incremental: ${count.toLocaleString('en')} indexed`);
    }
  }
  if (batch.length > 0) {
    await flush();
  }
  for (const database of targets.databases) {
    const started = performance.now();
    await indexBandKeys(database.client);
    loadSeconds.set(database.name, (loadSeconds.get(database.name) ?? 0) + (performance.now() - started) / 1000);
  }

  const queries = buildQueries(reservoir, random, queryCount, seed);
  const results: LatencyResult[] = [];
  if (index !== undefined) {
    results.push(
      await timeQueries(
        'in-process SimilarityIndex',
        count,
        loadSeconds.get('in-process') ?? 0,
        queries,
        snapshot,
        async (fingerprint) => {
          const matches = index.query(fingerprint.signature, fingerprint.shingles, DEFAULT_THRESHOLD);
          return { candidates: matches.length, matches: matches.length };
        },
      ),
    );
  }
  for (const database of targets.databases) {
    results.push(
      await timeQueries(
        database.name,
        count,
        loadSeconds.get(database.name) ?? 0,
        queries,
        snapshot,
        async (fingerprint) => {
          const candidates = await queryCandidates(database.client, fingerprint.bandKeys);
          const matches = verifyCandidates(fingerprint.shingles, candidates, DEFAULT_THRESHOLD);
          return { candidates: candidates.length, matches: matches.length };
        },
      ),
    );
  }
  return results;
}

/** Half near-copies (a sentence dropped, a word changed) of indexed texts, half fresh unrelated complaints. */
function buildQueries(reservoir: readonly string[], random: SeededRandom, queryCount: number, seed: number): string[] {
  const queries = reservoir.map((text) => {
    const sentences = text.split('。');
    if (sentences.length > 3) {
      sentences.splice(random.int(1, sentences.length - 2), 1);
    }
    return sentences.join('。').replace('群众', '老百姓');
  });
  generateCorpus(queryCount - queries.length, seed + 7_777, (record) => queries.push(record.text));
  return queries;
}

async function timeQueries(
  target: string,
  indexed: number,
  loadSeconds: number,
  queries: readonly string[],
  snapshot: BoilerplateSnapshot,
  run: (fingerprint: ReturnType<typeof fingerprintText>) => Promise<{ candidates: number; matches: number }>,
): Promise<LatencyResult> {
  // Warm up caches and JIT on a few queries first.
  for (const text of queries.slice(0, 20)) {
    await run(fingerprintText(text, snapshot, DEFAULT_MINHASH_PARAMS));
  }
  const latencies: number[] = [];
  const candidateCounts: number[] = [];
  let candidates = 0;
  let matches = 0;
  for (const text of queries) {
    const started = performance.now();
    const result = await run(fingerprintText(text, snapshot, DEFAULT_MINHASH_PARAMS));
    latencies.push(performance.now() - started);
    candidates += result.candidates;
    candidateCounts.push(result.candidates);
    matches += result.matches;
  }
  logStep(
    `incremental ${target}: p50 ${percentile(latencies, 0.5).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms`,
  );
  return {
    target,
    indexed,
    loadSeconds: round(loadSeconds, 1),
    queries: queries.length,
    p50Ms: round(percentile(latencies, 0.5), 3),
    p90Ms: round(percentile(latencies, 0.9), 3),
    p99Ms: round(percentile(latencies, 0.99), 3),
    maxMs: round(percentile(latencies, 1), 3),
    meanCandidates: round(candidates / queries.length, 2),
    p99Candidates: percentile(candidateCounts, 0.99),
    meanMatches: round(matches / queries.length, 2),
  };
}
