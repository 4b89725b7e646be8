import {
  createBoilerplateBuilder,
  DEFAULT_MINHASH_PARAMS,
  DEFAULT_THRESHOLD,
  fingerprintText,
  indexVersion,
  prefilterCandidates,
  signatureSketch,
  SimilarityIndex,
  sketchFilter,
  verifyCandidates,
  verifyCountedCandidates,
  type BoilerplateSnapshot,
  type TextFingerprint,
} from '@zhengming/engine';
import {
  findBandKeyCandidateRows,
  findBandKeyCandidates,
  findBandKeyCandidateSketches,
  findCappedBandKeyCandidates,
  findCountedBandKeyCandidates,
  findShingleSets,
  finishBandKeyBulkLoad,
  insertBandKeys,
  startBandKeyBulkLoad,
  type BandKeyRows,
  type Db,
} from '@zhengming/server';
import { logStep, percentile, round } from './bench-stats.js';
import { readCorpusTexts } from './corpus-files.js';
import { generateCorpus } from './corpus/generate-corpus.js';
import { SeededRandom } from './corpus/random.js';

const LOAD_BATCH = 1_000;
/** Complaints one band key yields at most in the capped query form (the batch's bucket bound is 48). */
const KEY_CAP = 48;
const SNAPSHOT_SAMPLE = 50_000;

/** Where the indexed complaints go: the in-process index and/or band-key tables. */
export interface IncrementalTargets {
  inProcess: boolean;
  databases: { name: string; db: Db }[];
  /**
   * Times the database query forms this many times each, alternately (default 1), to compare them back to
   * back on a loaded machine; every round is logged and the last one reported.
   */
  rounds?: number;
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
  /** Candidates found by band key. */
  meanCandidates: number;
  p99Candidates: number;
  meanMatches: number;
  /**
   * Databases: the sketch pre-check path on the same queries — band keys joined to the sketch table, then
   * shingles only for the candidates whose sketches could reach the threshold — with the candidates it kept
   * and the verified matches it lost against the path above (must be 0).
   */
  sketchPrecheck?: Pick<LatencyResult, 'p50Ms' | 'p90Ms' | 'p99Ms' | 'maxMs'> & {
    meanKept: number;
    p99Kept: number;
    lostMatches: number;
  };
  /**
   * Databases: the same candidates verified in the database — intarray counts each one's intersection with
   * the query where the sets are stored and only rows that can reach the threshold return, for the engine's
   * exact decision — with the matches it lost and added against the path above (both must be 0).
   */
  verifiedInDatabase?: Pick<LatencyResult, 'p50Ms' | 'p90Ms' | 'p99Ms' | 'maxMs'> & {
    meanReturned: number;
    p99Returned: number;
    lostMatches: number;
    extraMatches: number;
  };
  /** Databases: the earlier query form (a row and a hex string per candidate) on the same queries. */
  rowPerCandidate?: Pick<LatencyResult, 'p50Ms' | 'p90Ms' | 'p99Ms' | 'maxMs'>;
  /**
   * Each band key capped at its `cap` newest complaints. `lostMatches`: direct matches of the uncapped form it
   * does not return; `lostUnlinked`: those of them not linked (Jaccard ≥ the threshold, through any chain of
   * the query's own uncapped matches) to a match it does return — a lost match that is linked belongs to the
   * same campaign as a returned one, so the query still joins that campaign; `queriesLosingALink`: queries
   * with at least one unlinked lost match.
   */
  cappedPerKey?: Pick<LatencyResult, 'p50Ms' | 'p90Ms' | 'p99Ms' | 'maxMs' | 'meanCandidates' | 'p99Candidates'> & {
    cap: number;
    lostMatches: number;
    lostUnlinked: number;
    queriesLosingALink: number;
  };
}

/** What one timed query reports: candidate counts and the ids of its verified matches. */
interface QueryOutcome {
  candidates: number;
  kept?: number;
  matchIds: string[];
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
  let index = targets.inProcess ? new SimilarityIndex({ params: DEFAULT_MINHASH_PARAMS, version }) : undefined;
  const loadSeconds = new Map<string, number>([['in-process', 0]]);
  const random = new SeededRandom(seed ^ 0x51ed);
  const reservoir: string[] = [];
  let batch: BandKeyRows[] = [];
  let count = 0;
  const flush = async (): Promise<void> => {
    for (const database of targets.databases) {
      const started = performance.now();
      await insertBandKeys(database.db, batch);
      loadSeconds.set(database.name, (loadSeconds.get(database.name) ?? 0) + (performance.now() - started) / 1000);
    }
    batch = [];
  };
  logStep(
    `incremental: indexing ${size.toLocaleString('en')} complaints (${['in-process', ...targets.databases.map((database) => database.name)].join(', ')})`,
  );
  for (const database of targets.databases) {
    // The store is empty and ours alone: its lookup index is built once after the load, which is faster.
    await startBandKeyBulkLoad(database.db);
  }
  for await (const entry of readCorpusTexts(corpusPath, size)) {
    const started = performance.now();
    const fingerprint = fingerprintText(entry.text, snapshot, DEFAULT_MINHASH_PARAMS);
    const id = Number(entry.id.slice(1));
    index?.add(String(id), fingerprint.signature, fingerprint.shingles);
    loadSeconds.set('in-process', (loadSeconds.get('in-process') ?? 0) + (performance.now() - started) / 1000);
    if (targets.databases.length > 0) {
      batch.push({
        complaintId: id,
        version,
        bandKeys: fingerprint.bandKeys,
        shingles: fingerprint.shingles,
        sketch: signatureSketch(fingerprint.signature),
      });
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
    await finishBandKeyBulkLoad(database.db);
    loadSeconds.set(database.name, (loadSeconds.get(database.name) ?? 0) + (performance.now() - started) / 1000);
  }

  const queries = buildQueries(reservoir, random, queryCount, seed);
  const results: LatencyResult[] = [];
  if (index !== undefined) {
    const inProcess = index;
    results.push(
      await timeQueries(
        'in-process SimilarityIndex',
        count,
        loadSeconds.get('in-process') ?? 0,
        queries,
        snapshot,
        async (fingerprint) => {
          const matches = inProcess.query(fingerprint.signature, fingerprint.shingles, DEFAULT_THRESHOLD);
          return { candidates: matches.length, matchIds: matches.map((match) => match.id) };
        },
      ),
    );
    // The database queries are timed without the 1M in-process index in the process (its million ids and map
    // entries are heap objects every major garbage collection walks): a server answering them holds no such index.
    index = undefined;
  }
  for (const database of targets.databases) {
    for (let round = 1; round < (targets.rounds ?? 1); round += 1) {
      await timeDatabase(database, count, 0, queries, snapshot);
    }
    results.push(await timeDatabase(database, count, loadSeconds.get(database.name) ?? 0, queries, snapshot));
  }
  return results;
}

/**
 * The five query forms on the same queries, one after the other: candidates' shingles in one aggregated
 * row verified in the client (the reference for lost matches), the same candidates verified in the database
 * (the headline form), a row per candidate (the earliest form), each band key capped at its newest
 * complaints, and the sketch pre-check.
 */
async function timeDatabase(
  database: { name: string; db: Db },
  count: number,
  load: number,
  queries: readonly string[],
  snapshot: BoilerplateSnapshot,
): Promise<LatencyResult> {
  const { db } = database;
  const verify = (fingerprint: TextFingerprint, candidates: { id: string; shingles: Uint32Array }[]): string[] =>
    verifyCandidates(fingerprint.shingles, candidates, DEFAULT_THRESHOLD).map((match) => match.id);
  const plainMatches: string[][] = [];
  /** Per query, the uncapped form's matches with their shingle sets (for the capped form's link check). */
  const plainMatchSets: Candidate[][] = [];
  const plain = await timeQueries(
    database.name,
    count,
    load,
    queries,
    snapshot,
    async (fingerprint) => {
      const candidates = await findBandKeyCandidates(db, fingerprint.bandKeys);
      const matchIds = verify(fingerprint, candidates);
      const matched = new Set(matchIds);
      plainMatchSets.push(candidates.filter((candidate) => matched.has(candidate.id)));
      return { candidates: candidates.length, matchIds };
    },
    plainMatches,
  );
  const countedMatches: string[][] = [];
  const counted = await timeQueries(
    `${database.name} (verified in the database)`,
    count,
    load,
    queries,
    snapshot,
    async (fingerprint) => {
      const rows = await findCountedBandKeyCandidates(
        db,
        fingerprint.bandKeys,
        fingerprint.shingles,
        DEFAULT_THRESHOLD,
      );
      const matchIds = verifyCountedCandidates(fingerprint.shingles.length, rows, DEFAULT_THRESHOLD).map(
        (match) => match.id,
      );
      return { candidates: rows.length, matchIds };
    },
    countedMatches,
  );
  const rows = await timeQueries(
    `${database.name} (row per candidate)`,
    count,
    load,
    queries,
    snapshot,
    async (fingerprint) => {
      const candidates = await findBandKeyCandidateRows(db, fingerprint.bandKeys);
      return { candidates: candidates.length, matchIds: verify(fingerprint, candidates) };
    },
  );
  const cappedMatches: string[][] = [];
  const capped = await timeQueries(
    `${database.name} (capped per key)`,
    count,
    load,
    queries,
    snapshot,
    async (fingerprint) => {
      const candidates = await findCappedBandKeyCandidates(db, fingerprint.bandKeys, KEY_CAP);
      return { candidates: candidates.length, matchIds: verify(fingerprint, candidates) };
    },
    cappedMatches,
  );
  const checkedMatches: string[][] = [];
  const checked = await timeQueries(
    `${database.name} (sketch pre-check)`,
    count,
    load,
    queries,
    snapshot,
    async (fingerprint) => {
      const candidates = await findBandKeyCandidateSketches(db, fingerprint.bandKeys);
      const kept = prefilterCandidates(sketchFilter(fingerprint.signature, DEFAULT_THRESHOLD), candidates);
      const shingles = await findShingleSets(
        db,
        kept.map((candidate) => candidate.complaintId),
      );
      return { candidates: candidates.length, kept: kept.length, matchIds: verify(fingerprint, shingles) };
    },
    checkedMatches,
  );
  // Only the timed round's sets (the warm-up queries come first in each round).
  const timedSets = plainMatchSets.slice(-plainMatches.length);
  const unlinked = timedSets.map((matches, position) => unlinkedLost(matches, new Set(cappedMatches[position])));
  return {
    ...plain,
    sketchPrecheck: {
      p50Ms: checked.p50Ms,
      p90Ms: checked.p90Ms,
      p99Ms: checked.p99Ms,
      maxMs: checked.maxMs,
      meanKept: checked.meanKept ?? 0,
      p99Kept: checked.p99Kept ?? 0,
      lostMatches: countLost(plainMatches, checkedMatches),
    },
    verifiedInDatabase: {
      p50Ms: counted.p50Ms,
      p90Ms: counted.p90Ms,
      p99Ms: counted.p99Ms,
      maxMs: counted.maxMs,
      meanReturned: counted.meanCandidates,
      p99Returned: counted.p99Candidates,
      lostMatches: countLost(plainMatches, countedMatches),
      extraMatches: countLost(countedMatches, plainMatches),
    },
    rowPerCandidate: { p50Ms: rows.p50Ms, p90Ms: rows.p90Ms, p99Ms: rows.p99Ms, maxMs: rows.maxMs },
    cappedPerKey: {
      cap: KEY_CAP,
      p50Ms: capped.p50Ms,
      p90Ms: capped.p90Ms,
      p99Ms: capped.p99Ms,
      maxMs: capped.maxMs,
      meanCandidates: capped.meanCandidates,
      p99Candidates: capped.p99Candidates,
      lostMatches: countLost(plainMatches, cappedMatches),
      lostUnlinked: sum(unlinked),
      queriesLosingALink: unlinked.filter((count) => count > 0).length,
    },
  };
}

type Candidate = { id: string; shingles: Uint32Array };

/**
 * Matches of the uncapped form that the capped one lost and that no chain of links (Jaccard ≥ the threshold)
 * among the query's uncapped matches ties to a match the capped form returned. A lower bound on what the
 * index's own links would tie (they include complaints outside this set).
 */
function unlinkedLost(matches: readonly Candidate[], returned: ReadonlySet<string>): number {
  let reached = matches.filter((match) => returned.has(match.id));
  let open = matches.filter((match) => !returned.has(match.id));
  while (reached.length > 0 && open.length > 0) {
    const frontier = reached;
    const linked = open.filter((match) => verifyCandidates(match.shingles, frontier, DEFAULT_THRESHOLD).length > 0);
    const linkedIds = new Set(linked.map((match) => match.id));
    open = open.filter((match) => !linkedIds.has(match.id));
    reached = linked;
  }
  return open.length;
}

/** Matches of the reference path missing from the other, summed over the queries. */
function countLost(reference: readonly string[][], other: readonly string[][]): number {
  let lost = 0;
  reference.forEach((ids, position) => {
    const found = new Set(other[position]);
    lost += ids.filter((id) => !found.has(id)).length;
  });
  return lost;
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
  run: (fingerprint: ReturnType<typeof fingerprintText>) => Promise<QueryOutcome>,
  matchIds: string[][] = [],
): Promise<LatencyResult & { meanKept?: number; p99Kept?: number }> {
  // Warm up caches and JIT on a few queries first.
  for (const text of queries.slice(0, 20)) {
    await run(fingerprintText(text, snapshot, DEFAULT_MINHASH_PARAMS));
  }
  const latencies: number[] = [];
  const candidateCounts: number[] = [];
  const keptCounts: number[] = [];
  let candidates = 0;
  let matches = 0;
  for (const text of queries) {
    const started = performance.now();
    const result = await run(fingerprintText(text, snapshot, DEFAULT_MINHASH_PARAMS));
    latencies.push(performance.now() - started);
    candidates += result.candidates;
    candidateCounts.push(result.candidates);
    if (result.kept !== undefined) {
      keptCounts.push(result.kept);
    }
    matches += result.matchIds.length;
    matchIds.push(result.matchIds);
  }
  const kept = keptCounts.length > 0 ? `, kept ${round(sum(keptCounts) / queries.length, 2)}` : '';
  logStep(
    `incremental ${target}: p50 ${percentile(latencies, 0.5).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms, candidates ${round(candidates / queries.length, 2)}${kept}`,
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
    ...(keptCounts.length > 0
      ? { meanKept: round(sum(keptCounts) / queries.length, 2), p99Kept: percentile(keptCounts, 0.99) }
      : {}),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
