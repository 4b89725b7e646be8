import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './connect.js';
import { DataFolderError, OWNER_ONLY_UMASK, secureDataFolder } from './data-folder.js';

const roots: string[] = [];
function tempRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zm-data-folder-'));
  roots.push(root);
  return root;
}
afterAll(() => {
  for (const root of roots) {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

/** Every entry under `dir` (itself included) whose mode lets anyone but the owner in. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const walk = (entry: string): void => {
    const stat = fs.lstatSync(entry);
    if ((stat.mode & 0o077) !== 0 && !stat.isSymbolicLink()) {
      found.push(`${path.relative(dir, entry) || '.'} ${(stat.mode & 0o777).toString(8)}`);
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(entry)) {
        walk(path.join(entry, name));
      }
    }
  };
  walk(dir);
  return found;
}

/** Opens every folder and file under `dir` to everyone (0777 and 0666). */
function loosen(dir: string): void {
  fs.chmodSync(dir, 0o777);
  for (const name of fs.readdirSync(dir)) {
    const entry = path.join(dir, name);
    if (fs.lstatSync(entry).isDirectory()) {
      loosen(entry);
    } else {
      fs.chmodSync(entry, 0o666);
    }
  }
}

/*
 * Issue 10, finding 2: an existing data folder kept its mode and PGlite wrote its files world-writable (969 of
 * 1,027 files at 0666 in a folder made with `mkdir -m 755`).
 */
describe('the data folder', () => {
  it('is owner-only while the embedded database is open and after it closed, whatever it was before', async () => {
    const dataDir = path.join(tempRoot(), 'data');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    await (await openDatabase({ dataDir })).close();
    // A folder left open to all: as PGlite wrote it under umask 0 before this change, or a careless copy.
    loosen(dataDir);
    expect(openToOthers(dataDir).length).toBeGreaterThan(100);

    // Under the umask the program's entry sets, no folder lets others in even while the database runs, so no
    // file is reachable (PGlite writes a few cache files 0644 whatever the umask; they are tightened at close).
    const previousUmask = process.umask(OWNER_ONLY_UMASK);
    try {
      const open = await openDatabase({ dataDir });
      expect(
        openToOthers(dataDir).filter((entry) =>
          fs.statSync(path.join(dataDir, entry.split(' ')[0] ?? '')).isDirectory(),
        ),
      ).toEqual([]);
      expect(openToOthers(dataDir).every((entry) => entry.endsWith(' 644'))).toBe(true);
      await open.close();
      expect(openToOthers(dataDir)).toEqual([]);
    } finally {
      process.umask(previousUmask);
    }

    // A library caller with a looser umask: files PGlite makes while open are tightened when it closes.
    loosen(dataDir);
    const loose = process.umask(0o022);
    try {
      await (await openDatabase({ dataDir })).close();
    } finally {
      process.umask(loose);
    }
    expect(openToOthers(dataDir)).toEqual([]);
  });

  it('tightens folders to 0700 and files to 0600, leaving symbolic links alone, and counts what it changed', () => {
    const dataDir = path.join(tempRoot(), 'data');
    fs.mkdirSync(path.join(dataDir, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'sub', 'file'), 'x');
    fs.chmodSync(path.join(dataDir, 'sub', 'file'), 0o644);
    fs.chmodSync(path.join(dataDir, 'sub'), 0o755);
    const outside = path.join(tempRoot(), 'outside.txt');
    fs.writeFileSync(outside, 'x');
    fs.chmodSync(outside, 0o644);
    fs.symlinkSync(outside, path.join(dataDir, 'link'));
    expect(secureDataFolder(dataDir)).toBeGreaterThanOrEqual(2);
    expect(fs.statSync(path.join(dataDir, 'sub')).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dataDir, 'sub', 'file')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(outside).mode & 0o777).toBe(0o644);
    expect(secureDataFolder(dataDir)).toBe(0);
  });

  it('refuses a data folder path that is a file, saying so', () => {
    const file = path.join(tempRoot(), 'not-a-folder');
    fs.writeFileSync(file, 'x');
    expect(() => secureDataFolder(file)).toThrow(DataFolderError);
    expect(() => secureDataFolder(file)).toThrow(/is not a folder/);
  });
});
