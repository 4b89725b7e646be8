import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string): string => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Workspace packages resolve to their sources, so tests never need a build. The first matching entry wins, so the
// server's test support (for the CLI's tests) comes before the server itself.
const alias = {
  '@zhengming/server/test-support': fileURLToPath(
    new URL('./packages/server/src/test-support/index.ts', import.meta.url),
  ),
  '@zhengming/engine': src('engine'),
  '@zhengming/contracts': src('contracts'),
  '@zhengming/server': src('server'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        // No I/O: the engine, the contracts and the web app's pure functions (path matching, endpoint grouping;
        // no DOM, so no browser environment).
        test: {
          name: 'pure',
          include: [
            'packages/engine/src/**/*.test.ts',
            'packages/contracts/src/**/*.test.ts',
            'packages/web/src/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        // Against a real database (a private one per test file, PGlite or the server of DATABASE_URL): the server
        // and the CLI, which share the migrated template that globalSetup builds once per run.
        test: {
          name: 'database',
          include: ['packages/server/src/**/*.test.ts', 'packages/cli/src/**/*.test.ts'],
          globalSetup: ['packages/server/src/test-support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Browser tests against the real, built server in Debian's Chromium. Not part of `npm test`, which
        // selects its projects; run with `npm run test:e2e`.
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          globalSetup: ['e2e/support/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
