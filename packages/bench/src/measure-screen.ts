import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Wall time, peak RSS and outcome of one `zhengming screen` run in a child process. */
export interface ScreenMeasurement {
  seconds: number;
  maxRssMiB: number;
  exitCode: number | null;
  stderrTail: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Spawns the built CLI (`screen INPUT --out OUT …`) and measures it from spawn to exit. */
export async function measureScreen(
  inputPath: string,
  outPath: string,
  extraArgs: string[] = [],
): Promise<ScreenMeasurement> {
  const rssFile = `${outPath}.rss.json`;
  fs.rmSync(rssFile, { force: true });
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [path.join(here, 'run-measured.js'), 'screen', inputPath, '--out', outPath, ...extraArgs],
    {
      env: { ...process.env, ZHENGMING_BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const seconds = (performance.now() - started) / 1000;
  let maxRssMiB = Number.NaN;
  try {
    maxRssMiB = (JSON.parse(fs.readFileSync(rssFile, 'utf8')) as { maxRssKiB: number }).maxRssKiB / 1024;
  } catch {
    // the child died before writing it
  }
  return {
    seconds: Number(seconds.toFixed(2)),
    maxRssMiB: Number(maxRssMiB.toFixed(0)),
    exitCode,
    stderrTail: stderr.trim().split('\n').slice(-3).join('\n'),
  };
}
