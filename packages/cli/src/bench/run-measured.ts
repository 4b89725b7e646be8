/**
 * Runs the CLI (`../main.js`) and, when it exits, writes its peak resident set size to the file named by
 * ZHENGMING_BENCH_RSS_FILE: the benchmark's portable way to read a child's max RSS.
 */
import fs from 'node:fs';

const rssFile = process.env.ZHENGMING_BENCH_RSS_FILE;
process.on('exit', () => {
  if (rssFile !== undefined) {
    fs.writeFileSync(rssFile, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
  }
});
await import('../main.js');
