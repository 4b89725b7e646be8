import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { prepareEmbeddedDataDir } from '@zhengming/server/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI_MAIN,
  assertCliBuilt,
  createCliTarget,
  freePort,
  makeTempDir,
  runCli,
  startServe,
  type CliResult,
  type CliTarget,
} from './test-support/cli-harness.js';

/** Runs `zhengming <args>` with `input` on stdin (the harness's runCli gives none). */
function runCliWithInput(args: readonly string[], env: NodeJS.ProcessEnv, input: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
    for (const name of ['DATABASE_URL', 'ZHENGMING_KEY', 'ZHENGMING_KEY_FILE', 'ZHENGMING_DATA_DIR']) {
      delete childEnv[name];
    }
    const child = spawn(process.execPath, [CLI_MAIN, ...args], {
      env: { ...childEnv, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

const YEAR_2027 = {
  year: 2027,
  papers: ['国务院办公厅关于2027年部分节假日安排的通知（测试）'],
  days: [{ name: '元旦', date: '2027-01-01', isOffDay: true }],
};

describe('zhengming calendar due', () => {
  let dir: string;

  beforeAll(() => {
    assertCliBuilt();
    dir = makeTempDir('zm-due-test-');
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('on a data folder with no database yet', () => {
    // The shipped calendar answers; nothing is created (not even the folder).
    const env = (): NodeJS.ProcessEnv => ({ ZHENGMING_DATA_DIR: path.join(dir, 'fresh') });

    it('prints the due date of each unit, or "calendar missing"', async () => {
      const working = await runCli(['calendar', 'due', '2024-02-08', '5', 'working-days'], env());
      expect(working).toMatchObject({ status: 0, stdout: '2024-02-21\n', stderr: '' });
      expect((await runCli(['calendar', 'due', '2024-03-01', '8', 'days'], env())).stdout).toBe('2024-03-11\n');
      expect((await runCli(['calendar', 'due', '2025-01-31', '1', 'months'], env())).stdout).toBe('2025-02-28\n');
      const missing = await runCli(['calendar', 'due', '2026-12-20', '15', 'working-days'], env());
      expect(missing).toMatchObject({ status: 0, stdout: 'calendar missing\n' });
      expect(fs.existsSync(path.join(dir, 'fresh'))).toBe(false);
    });

    it('refuses bad arguments with exit code 2, naming the argument', async () => {
      const badDate = await runCli(['calendar', 'due', '2025-02-29', '1', 'days'], env());
      expect(badDate.status).toBe(2);
      expect(badDate.stderr).toContain('DATE: 须为日期 YYYY-MM-DD');
      const negative = await runCli(['calendar', 'due', '2025-02-01', '-1', 'days'], env());
      expect(negative.status).toBe(2);
      const fraction = await runCli(['calendar', 'due', '2025-02-01', '1.5', 'days'], env());
      expect(fraction.status).toBe(2);
      expect(fraction.stderr).toContain('N: 须为 0 至 10000 的整数');
      const badUnit = await runCli(['calendar', 'due', '2025-02-01', '1', 'weeks'], env());
      expect(badUnit.status).toBe(2);
      expect(badUnit.stderr).toContain('UNIT: 须为 working-days、days 或 months');
      const partial = await runCli(['calendar', 'due', '2025-02-01', '1'], env());
      expect(partial.status).toBe(2);
      expect(partial.stderr).toContain('DATE N UNIT');
      expect((await runCli(['calendar', 'due', '2025-02-01', '1', 'days', 'more'], env())).status).toBe(2);
      expect(fs.existsSync(path.join(dir, 'fresh'))).toBe(false);
    });

    it('answers stdin line by line, skipping blank lines and marking bad ones "invalid"', async () => {
      const input = [
        '2024-02-08 5 working-days',
        '',
        '  2024-01-31\t1 months  ',
        '2024-02-30 1 days',
        '2026-12-25 10 days',
        'only two',
        '2024-09-22 7 days',
      ].join('\n');
      const result = await runCliWithInput(['calendar', 'due'], env(), input);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe(
        ['2024-02-21', '2024-02-29', 'invalid', 'calendar missing', 'invalid', '2024-09-29', ''].join('\n'),
      );
      expect(result.stderr).toContain('zhengming: line 4: DATE:');
      expect(result.stderr).toContain('zhengming: line 6: 须为 DATE N UNIT 三项');
      expect(result.stderr).toContain('2 行无效');
    });

    it('streams a long input with one answer per line', async () => {
      const lines = Array.from({ length: 20_000 }, (_, index) => `2025-0${(index % 9) + 1}-15 ${index % 30} days`);
      const result = await runCliWithInput(['calendar', 'due'], env(), `${lines.join('\n')}\n`);
      expect(result.status).toBe(0);
      const answers = result.stdout.trimEnd().split('\n');
      expect(answers).toHaveLength(20_000);
      expect(answers.every((answer) => /^\d{4}-\d{2}-\d{2}$/.test(answer))).toBe(true);
      expect(answers[0]).toBe('2025-01-15');
    });
  });

  describe('on a database', () => {
    let target: CliTarget;

    beforeAll(async () => {
      target = await createCliTarget();
    });
    afterAll(async () => {
      await target.destroy();
    });

    it('honours a year added in the database, with one audit entry per command', async () => {
      expect((await runCli(['calendar', 'due', '2026-12-31', '1', 'days'], target.env)).stdout).toBe(
        'calendar missing\n',
      );
      const file = path.join(dir, '2027.json');
      fs.writeFileSync(file, JSON.stringify(YEAR_2027));
      expect((await runCli(['calendar', 'add', file], target.env)).status).toBe(0);
      // 1 Jan 2027 is a holiday: the period ends on Mon 4 Jan 2027.
      const single = await runCli(['calendar', 'due', '2026-12-31', '1', 'days'], target.env);
      expect(single).toMatchObject({ status: 0, stdout: '2027-01-04\n' });
      const stream = await runCliWithInput(
        ['calendar', 'due'],
        target.env,
        '2026-12-31 1 days\n2026-12-20 15 working-days\n2027-12-20 1 months\n',
      );
      expect(stream.stdout).toBe('2027-01-04\n2027-01-11\ncalendar missing\n');
      expect(stream.status).toBe(0);
      const reads = await target.withDb((db) =>
        db.selectFrom('audit_entries').select('details').where('action', '=', 'operator.read').execute(),
      );
      const dueReads = reads.filter((row) => (row.details as { command?: string }).command === 'calendar due');
      expect(dueReads).toHaveLength(3);
    });
  });

  describe.runIf(process.env.DATABASE_URL === undefined)('beside a running server on the embedded database', () => {
    it('reads the calendar through the admin channel, with the years added there', async () => {
      const dataDir = path.join(dir, 'served');
      prepareEmbeddedDataDir(dataDir);
      const env = { ZHENGMING_DATA_DIR: dataDir };
      const server = await startServe([], { ...env, PORT: String(await freePort()) });
      try {
        const file = path.join(dir, '2027-served.json');
        fs.writeFileSync(file, JSON.stringify(YEAR_2027));
        expect((await runCli(['calendar', 'add', file], env)).status).toBe(0);
        const single = await runCli(['calendar', 'due', '2026-12-31', '1', 'days'], env);
        expect(single).toMatchObject({ status: 0, stdout: '2027-01-04\n' });
        const stream = await runCliWithInput(
          ['calendar', 'due'],
          env,
          '2024-02-08 5 working-days\n2026-12-31 1 days\n',
        );
        expect(stream).toMatchObject({ status: 0, stdout: '2024-02-21\n2027-01-04\n' });
      } finally {
        await server.stop();
      }
    });
  });
});
