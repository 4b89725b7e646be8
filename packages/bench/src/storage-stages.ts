import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type DatabaseHandle } from '@zhengming/server';
import pg from 'pg';
import type { BenchOptions } from './bench-options.js';
import { logStep, round } from './bench-stats.js';
import { ensureCorpus, readCorpusTexts } from './corpus-files.js';
import { enginePairs, fingerprintSample } from './exact-sample.js';
import { measureIncremental, type IncrementalTargets } from './incremental.js';
import { loadTrigramTable, runSelfJoin, tuneThreshold } from './pg-baseline.js';

/**
 * The embedded database's buffer pool for the band-key tables (ZHENGMING_PGLITE_SHARED_BUFFERS of a
 * deployment). A buffer miss in PGlite is a file read through the WebAssembly file system layer; at 1M
 * complaints the set table alone is 327 MB. The benchmark's database also holds the tables of the forms it
 * compares (bytea sets, sketches), which each round reads in turn, so it gets 1 GB: a deployment holding one
 * set table would size its pool to that table the same way. The embedded database is ours to configure (the
 * machine's PostgreSQL server is not: it keeps its own setting).
 */
const PGLITE_SHARED_BUFFERS = '1GB';

/** What the storage stages need from the main run. */
export interface StorageContext {
  stage: (name: string, run: () => Promise<unknown>) => Promise<unknown>;
  workDir: string;
  /** Exact pairs (Jaccard ≥ 0.5) of the 10k sample, as "i:j" of sample positions. */
  exact: Set<string>;
  exactRecall: number | undefined;
  qualityPath: string;
}

/** Creates a UTF-8 database on the server (C.UTF-8, so pg_trgm handles Chinese) and returns its URL. */
export async function createServerDatabase(baseUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(
    `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
  );
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database `createServerDatabase` made. */
export async function dropServerDatabase(baseUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

/**
 * Incremental screening against the indexed corpus (in-process, PostgreSQL server band-key table, PGlite
 * band-key table) and the pg_trgm self-join baseline on the 100k texts. Benchmark databases are dropped after.
 */
export async function runStorageStages(options: BenchOptions, context: StorageContext): Promise<void> {
  const suffix = `${process.pid}`;
  if (!options.isIncrementalSkipped) {
    await context.stage('incremental', async () => {
      const corpus = ensureCorpus(context.workDir, options.incrementalSize, options.seed, false);
      const serverName = `zm_bench_keys_${suffix}`;
      const pgliteDir = path.join(context.workDir, `pglite-${suffix}`);
      // The band-key tables come from the server's migrations, in a fresh database of each kind.
      const server = await openDatabase({
        databaseUrl: await createServerDatabase(options.databaseUrl, serverName),
        dataDir: '',
        poolSize: 1,
      });
      const targets: IncrementalTargets = {
        inProcess: true,
        databases: [{ name: 'PostgreSQL server band-key table', db: server.db }],
        // Every query form once to warm the caches after the bulk load, then the timed round: otherwise the
        // form timed first pays for the cold index alone.
        rounds: 2,
      };
      let pglite: DatabaseHandle | undefined;
      try {
        if (!options.isPgliteSkipped) {
          fs.rmSync(pgliteDir, { recursive: true, force: true });
          pglite = await openDatabase({ dataDir: pgliteDir, lock: false, pgliteSharedBuffers: PGLITE_SHARED_BUFFERS });
          targets.databases.push({ name: 'PGlite band-key table', db: pglite.db });
        }
        return await measureIncremental(corpus.path, options.incrementalSize, options.seed, targets);
      } finally {
        await server.close();
        await dropServerDatabase(options.databaseUrl, serverName);
        if (pglite !== undefined) {
          await pglite.close();
        }
        fs.rmSync(pgliteDir, { recursive: true, force: true });
      }
    });
  }

  if (!options.isPgBaselineSkipped) {
    await context.stage('pgTrgmBaseline', async () => {
      const size = Math.min(100_000, options.qualitySize);
      const texts: string[] = [];
      for await (const entry of readCorpusTexts(context.qualityPath, size)) {
        texts.push(entry.text);
      }
      const engineStarted = performance.now();
      const sample = fingerprintSample(texts.map((text, index) => ({ id: String(index), text })));
      const engine = enginePairs(sample, 0.5);
      const engineSeconds = (performance.now() - engineStarted) / 1000;
      logStep(
        `engine all-pairs join on ${size.toLocaleString('en')} texts: ${engineSeconds.toFixed(1)} s, ${engine.pairs.size} pairs`,
      );
      const name = `zm_bench_trgm_${suffix}`;
      const client = new pg.Client({ connectionString: await createServerDatabase(options.databaseUrl, name) });
      await client.connect();
      try {
        await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
        const indexSeconds = await loadTrigramTable(client, texts);
        const exactList = [...context.exact].map((pair) => pair.split(':').map(Number) as [number, number]);
        const tuned = await tuneThreshold(client, exactList, context.exactRecall ?? 0.98);
        logStep(
          `pg_trgm threshold ${tuned.threshold} gives recall ${tuned.recall} on the exact sample (engine ${context.exactRecall ?? 'n/a'})`,
        );
        const baseline = await runSelfJoin(client, tuned.threshold, size, indexSeconds, tuned.recall);
        const ratio = baseline.joinSeconds / engineSeconds;
        return {
          ...baseline,
          engineRecallOnSample: context.exactRecall,
          engineJoinSeconds: round(engineSeconds, 2),
          enginePairs: engine.pairs.size,
          speedup: round(ratio, 1),
          speedupIsLowerBound: baseline.isCapped,
        };
      } finally {
        await client.end();
        await dropServerDatabase(options.databaseUrl, name);
      }
    });
  }
}
