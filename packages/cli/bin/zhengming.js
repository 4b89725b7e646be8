#!/usr/bin/env node
// Entry of the `zhengming` command: runs the built CLI (npm ci builds it; `npm run build` rebuilds).
import('../dist/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('zhengming: the CLI is not built; run `npm run build` in the repository first');
    process.exit(1);
  }
  throw error;
});
