#!/usr/bin/env node
// Builds what is stale: TypeScript packages with `tsc -b` (incremental, a no-op when nothing changed)
// and the web app with Vite when any of its sources is newer than its last build.
// Run by `npm ci` (prepare), `npm start`, `npm test` and `npm run demo`; `--force` rebuilds everything.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Zhengming runs on Node.js 24 (LTS), which the root package installs from the registry's `node` package into
// node_modules/.bin; npm puts that folder first on PATH for its scripts, whatever the system Node is.
if (Number(process.versions.node.split('.')[0]) < 24) {
  console.error(
    `build: Node.js ${process.versions.node} is not supported; Zhengming runs on Node.js 24.\n` +
      'Run it through npm (npm ci, npm start, npm test, npx zhengming …), which uses node_modules/.bin/node.',
  );
  process.exit(1);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: ${path.basename(command)} ${args.join(' ')} failed`);
    process.exit(result.status ?? 1);
  }
}

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) {
    if (name === 'node_modules' || name === 'dist') continue;
    newest = Math.max(newest, newestMtime(path.join(entry, name)));
  }
  return newest;
}

if (!fs.existsSync(bin('tsc'))) {
  console.error('build: dependencies are missing; run npm ci first');
  process.exit(1);
}

run(bin('tsc'), force ? ['-b', '--force'] : ['-b'], root);

const web = path.join(root, 'packages', 'web');
const webBuilt = path.join(web, 'dist', 'index.html');
if (fs.existsSync(path.join(web, 'index.html'))) {
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json', 'public'].map((p) => path.join(web, p));
  const contractsSrc = path.join(root, 'packages', 'contracts', 'src');
  const newestSource = Math.max(...sources.map(newestMtime), newestMtime(contractsSrc));
  if (force || !fs.existsSync(webBuilt) || fs.statSync(webBuilt).mtimeMs < newestSource) {
    console.error('build: building the web app (vite)…');
    run(bin('vite'), ['build', '--logLevel', 'warn'], web);
  }
}
