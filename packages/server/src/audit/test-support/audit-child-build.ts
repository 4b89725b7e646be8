import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The server sources a child process runs, relative to packages/server/src; every relative import they make at run
 * time must be listed (keys.ts: the audit subkey).
 */
const CHILD_SOURCES = ['audit/audit.ts', 'audit/audit-hash.ts', 'keys/keys.ts', 'deps.ts'];

const serverSrc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const repositoryRoot = path.resolve(serverSrc, '../../..');

/** The child script that appends audit events from its own process (see audit-append-child.mjs). */
export const AUDIT_CHILD_SCRIPT = fileURLToPath(new URL('./audit-append-child.mjs', import.meta.url));

/**
 * Transpiles the current audit sources to plain JavaScript for child processes: Node 20 cannot run TypeScript,
 * and building packages/server/dist would compile (and depend on) every other file of the package. The output
 * goes under node_modules/.cache, where `kysely` and `canonicalize` resolve as they do for the sources.
 * Returns the path of audit.js and a function that removes the output.
 */
export function buildAuditChildModule(): { auditModule: string; remove(): void } {
  const outDir = path.join(repositoryRoot, 'node_modules', '.cache', `zm-audit-child-${randomUUID()}`);
  for (const source of CHILD_SOURCES) {
    const text = fs.readFileSync(path.join(serverSrc, source), 'utf8');
    const output = ts.transpileModule(text, {
      fileName: source,
      compilerOptions: {
        // ESNext, not NodeNext: transpileModule sees no package.json and would otherwise emit CommonJS.
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2023,
        verbatimModuleSyntax: true,
      },
    }).outputText;
    for (const match of output.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
      const target = path.posix.join(path.posix.dirname(source), match[1]!).replace(/\.js$/, '.ts');
      if (!CHILD_SOURCES.includes(target)) {
        throw new Error(`${source} imports ${match[1]} at run time: add it to CHILD_SOURCES in audit-child-build.ts`);
      }
    }
    const outFile = path.join(outDir, source.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, output);
  }
  return {
    auditModule: path.join(outDir, 'audit', 'audit.js'),
    remove: () => fs.rmSync(outDir, { recursive: true, force: true }),
  };
}
