/**
 * Runs the built CLI (`packages/cli/dist/main.js`) and, when it exits, writes its peak resident set size to the
 * file named by ZHENGMING_BENCH_RSS_FILE: the benchmark's portable way to read a child's max RSS.
 */
import fs from 'node:fs';

const rssFile = process.env.ZHENGMING_BENCH_RSS_FILE;
process.on('exit', () => {
  if (rssFile !== undefined) {
    fs.writeFileSync(rssFile, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
  }
});
// The CLI is run as an operator runs it, not imported as a package (nothing may depend on it): its built
// entry point is loaded by path, in this process, so the measured RSS is the CLI's own.
await import(new URL('../../cli/dist/main.js', import.meta.url).href);
