import type pg from 'pg';
import { logStep, round } from './bench-stats.js';

/** What the pg_trgm self-join baseline measured. */
export interface BaselineResult {
  texts: number;
  threshold: number;
  recallAtThreshold: number;
  indexSeconds: number;
  joinSeconds: number;
  isCapped: boolean;
  pairsFound: number | null;
}

const CAP_MINUTES = 30;

/** Loads texts into `docs(id, text)` with unnest batches and builds the GIN gin_trgm_ops index. */
export async function loadTrigramTable(client: pg.Client, texts: readonly string[]): Promise<number> {
  const check = await client.query<{ trigrams: string }>("SELECT show_trgm('中文')::text AS trigrams");
  if ((check.rows[0]?.trigrams ?? '{}') === '{}') {
    throw new Error('pg_trgm returns no trigrams for Chinese: the database must use a UTF-8 locale (C.UTF-8)');
  }
  await client.query('DROP TABLE IF EXISTS docs');
  await client.query('CREATE TABLE docs (id integer PRIMARY KEY, text text NOT NULL)');
  for (let start = 0; start < texts.length; start += 5_000) {
    const slice = texts.slice(start, start + 5_000);
    await client.query('INSERT INTO docs (id, text) SELECT * FROM unnest($1::integer[], $2::text[])', [
      slice.map((_text, offset) => start + offset),
      slice,
    ]);
  }
  const started = performance.now();
  await client.query('CREATE INDEX docs_text_trgm ON docs USING gin (text gin_trgm_ops)');
  await client.query('ANALYZE docs');
  return (performance.now() - started) / 1000;
}

/**
 * The pg_trgm similarity threshold at which the baseline finds as large a share of the exact pairs as the
 * engine did: the highest threshold (step 0.01) whose recall on the exact sample reaches the engine's.
 */
export async function tuneThreshold(
  client: pg.Client,
  exactPairs: readonly [number, number][],
  targetRecall: number,
): Promise<{ threshold: number; recall: number }> {
  if (exactPairs.length === 0) {
    return { threshold: 0.3, recall: 1 };
  }
  const result = await client.query<{ similarity: number }>(
    `SELECT similarity(a.text, b.text) AS similarity FROM unnest($1::integer[], $2::integer[]) AS p(a, b)
       JOIN docs a ON a.id = p.a JOIN docs b ON b.id = p.b`,
    [exactPairs.map((pair) => pair[0]), exactPairs.map((pair) => pair[1])],
  );
  const similarities = result.rows.map((row) => Number(row.similarity));
  for (let threshold = 0.95; threshold >= 0.01; threshold -= 0.01) {
    const recall = similarities.filter((value) => value >= threshold).length / similarities.length;
    if (recall >= targetRecall) {
      return { threshold: round(threshold, 2), recall: round(recall, 4) };
    }
  }
  return { threshold: 0.01, recall: 1 };
}

/** Runs the self-join `a.text % b.text AND a.id < b.id` under a 30-minute statement timeout. */
export async function runSelfJoin(
  client: pg.Client,
  threshold: number,
  texts: number,
  indexSeconds: number,
  recallAtThreshold: number,
): Promise<BaselineResult> {
  await client.query(`SET pg_trgm.similarity_threshold = ${threshold}`);
  await client.query(`SET statement_timeout = '${CAP_MINUTES}min'`);
  logStep(
    `pg_trgm self-join on ${texts.toLocaleString('en')} texts at threshold ${threshold} (capped at ${CAP_MINUTES} min)…`,
  );
  const started = performance.now();
  let pairsFound: number | null = null;
  let isCapped = false;
  try {
    const result = await client.query<{ pairs: string }>(
      'SELECT count(*) AS pairs FROM docs a JOIN docs b ON a.text % b.text AND a.id < b.id',
    );
    pairsFound = Number(result.rows[0]?.pairs ?? 0);
  } catch (error) {
    if (error instanceof Error && /statement timeout/i.test(error.message)) {
      isCapped = true;
    } else {
      throw error;
    }
  }
  const joinSeconds = (performance.now() - started) / 1000;
  logStep(`pg_trgm self-join: ${isCapped ? 'capped after' : 'finished in'} ${joinSeconds.toFixed(0)} s`);
  return {
    texts,
    threshold,
    recallAtThreshold,
    indexSeconds: round(indexSeconds, 1),
    joinSeconds: round(joinSeconds, 1),
    isCapped,
    pairsFound,
  };
}
