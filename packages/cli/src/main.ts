// Entry of the built CLI (bin/zhengming.js imports dist/main.js).
import { OWNER_ONLY_UMASK } from '@zhengming/server';
import { main } from './program.js';

// The supported runtime is Node.js 24 (LTS), installed by the root package into node_modules/.bin; npm and npx
// put it first on PATH. Refuse an older system Node rather than run on one without security fixes.
const SUPPORTED_NODE_MAJOR = 24;
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < SUPPORTED_NODE_MAJOR) {
  console.error(
    `zhengming: Node.js ${process.versions.node} is not supported; run on Node.js ${SUPPORTED_NODE_MAJOR}, ` +
      'e.g. through `npx zhengming …` or `npm start`, which use node_modules/.bin/node',
  );
  process.exitCode = 1;
} else {
  // Everything the process creates — the embedded database's files, the key file, the admin socket, backups — is
  // owner-only from the start; the data folder's existing entries are tightened when it opens.
  process.umask(OWNER_ONLY_UMASK);
  process.exitCode = await main(process.argv);
}
