import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { artifactsDir, root, startZhengming, waitForAdminPassword } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the real server of this run listens, e.g. http://127.0.0.1:3142. */
    baseUrl: string;
    /** The first administrator's username and one-time password, as the server printed them. */
    adminUsername: string;
    adminPassword: string;
    /** Folder for screenshots (gitignored). */
    artifactsDir: string;
    /** The server's environment, for operator steps on the CLI; null against an external server. */
    serverEnv: Record<string, string> | null;
  }
}

/**
 * Runs once per browser-test run: builds what is stale, starts the real server on an empty database, reads the
 * first administrator's one-time password from its output, and stops everything afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide('artifactsDir', artifactsDir);
  const external = process.env.ZHENGMING_E2E_BASE_URL;
  if (external !== undefined) {
    // For debugging against a server started by hand on a fresh database: its printed one-time password.
    project.provide('baseUrl', external);
    project.provide('adminUsername', process.env.ZHENGMING_E2E_ADMIN_USERNAME ?? 'admin');
    project.provide('adminPassword', process.env.ZHENGMING_E2E_ADMIN_PASSWORD ?? '');
    project.provide('serverEnv', null);
    return async () => {};
  }
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    throw new Error('e2e: node scripts/build.mjs failed');
  }
  const server = await startZhengming({ logName: 'server.log' });
  try {
    const admin = await waitForAdminPassword(server.output);
    project.provide('baseUrl', server.baseUrl);
    project.provide('adminUsername', admin.username);
    project.provide('adminPassword', admin.password);
    project.provide('serverEnv', server.env);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output().slice(-4000)}`, {
      cause: error,
    });
  }
  return server.stop;
}
