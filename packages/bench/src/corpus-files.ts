import fs from 'node:fs';
import path from 'node:path';
import {
  CORPUS_GENERATOR_VERSION,
  generateCorpus,
  type CorpusRecord,
  type CorpusTruth,
} from './corpus/generate-corpus.js';
import { logStep } from './bench-stats.js';

/** A generated corpus on disk (JSONL) and, when asked for, what the generator knows about it. */
export interface CorpusFile {
  path: string;
  size: number;
  truth?: CorpusTruth;
}

/**
 * Makes sure `bench/work/corpus-<size>-s<seed>-v<version>.jsonl` exists (generated once, then reused) and,
 * with `withTruth`, returns the generator's truth (regenerating it in memory costs the same as the file).
 */
export function ensureCorpus(workDir: string, size: number, seed: number, withTruth: boolean): CorpusFile {
  const filePath = path.join(workDir, `corpus-${size}-s${seed}-v${CORPUS_GENERATOR_VERSION}.jsonl`);
  const exists = fs.existsSync(filePath);
  if (exists && !withTruth) {
    return { path: filePath, size };
  }
  const started = performance.now();
  if (exists) {
    const truth = generateCorpus(size, seed, () => undefined);
    return { path: filePath, size, truth };
  }
  logStep(`generating ${size.toLocaleString('en')} complaints → ${path.relative(process.cwd(), filePath)}`);
  fs.mkdirSync(workDir, { recursive: true });
  const temporary = `${filePath}.tmp`;
  const descriptor = fs.openSync(temporary, 'w');
  let buffer = '';
  const truth = generateCorpus(size, seed, (record: CorpusRecord) => {
    buffer += `${JSON.stringify(record)}\n`;
    if (buffer.length > 4_000_000) {
      fs.writeSync(descriptor, buffer);
      buffer = '';
    }
  });
  fs.writeSync(descriptor, buffer);
  fs.closeSync(descriptor);
  fs.renameSync(temporary, filePath);
  logStep(
    `generated in ${((performance.now() - started) / 1000).toFixed(1)} s (${(fs.statSync(filePath).size / 2 ** 20).toFixed(0)} MiB)`,
  );
  return { path: filePath, size, truth };
}

/** Streams the texts (with ids) of a corpus file, in file order, optionally only the first `limit`. */
export async function* readCorpusTexts(
  filePath: string,
  limit = Infinity,
): AsyncGenerator<{ id: string; text: string }> {
  const stream = fs.createReadStream(filePath, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let carry = '';
  let count = 0;
  for await (const chunk of stream as AsyncIterable<string>) {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        continue;
      }
      const record = JSON.parse(line) as { id: string; text: string };
      yield { id: record.id, text: record.text };
      count += 1;
      if (count >= limit) {
        stream.destroy();
        return;
      }
    }
  }
  if (carry !== '' && count < limit) {
    const record = JSON.parse(carry) as { id: string; text: string };
    yield { id: record.id, text: record.text };
  }
}

/** Writes the first `limit` lines of a corpus to another file (a sample for a smaller run). */
export async function writeCorpusPrefix(source: string, target: string, limit: number): Promise<void> {
  if (fs.existsSync(target)) {
    return;
  }
  const stream = fs.createReadStream(source, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const out = fs.openSync(`${target}.tmp`, 'w');
  let carry = '';
  let count = 0;
  for await (const chunk of stream as AsyncIterable<string>) {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop() ?? '';
    const take = lines.slice(0, limit - count);
    fs.writeSync(out, take.map((line) => `${line}\n`).join(''));
    count += take.length;
    if (count >= limit) {
      stream.destroy();
      break;
    }
  }
  fs.closeSync(out);
  fs.renameSync(`${target}.tmp`, target);
}
