import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors.js';

/** What the lock file holds: who owns the embedded database folder. */
export interface LockInfo {
  pid: number;
  startedAt: string;
  /** Path of the owner-only admin socket of a running server, when the owner is one. */
  adminSocket: string | null;
}

export interface DataDirLock {
  readonly file: string;
  /** Records the admin socket of the holder (a running server). */
  setAdminSocket(socketPath: string): void;
  release(): void;
}

export function lockFilePath(dataDir: string): string {
  return path.join(dataDir, 'zhengming.lock');
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the lock file; null when there is none or it is unreadable garbage. */
export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(lockFilePath(dataDir), 'utf8')) as Partial<LockInfo>;
    if (typeof info.pid !== 'number') {
      return null;
    }
    return { pid: info.pid, startedAt: String(info.startedAt), adminSocket: info.adminSocket ?? null };
  } catch {
    return null;
  }
}

/** The live holder of the folder, or null when it is free (no lock, or the holder died). */
export function liveLockHolder(dataDir: string): LockInfo | null {
  const info = readLock(dataDir);
  return info !== null && info.pid !== process.pid && isProcessAlive(info.pid) ? info : null;
}

/**
 * Takes the single-process lock on an embedded database folder. PGlite has no lock of its own and two
 * processes on one folder corrupt it, so a live holder is refused; a lock left by a dead process is taken over.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = lockFilePath(dataDir);
  let info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), adminSocket: null };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      fs.writeFileSync(file, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
      return makeLock(
        file,
        () => info,
        (next) => (info = next),
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
    const holder = readLock(dataDir);
    if (holder !== null && holder.pid !== process.pid && isProcessAlive(holder.pid)) {
      throw new AppError(
        'DATABASE_LOCKED',
        `the embedded database in ${dataDir} is in use by process ${holder.pid} (since ${holder.startedAt}); ` +
          'stop that process first, or use a command that goes through the running server',
      );
    }
    // Stale (dead holder or unreadable): remove and retry. Two takers racing both retry with 'wx'; one wins.
    fs.rmSync(file, { force: true });
  }
  throw new AppError('DATABASE_LOCKED', `could not take the lock ${file}`);
}

function makeLock(file: string, get: () => LockInfo, set: (info: LockInfo) => void): DataDirLock {
  let isReleased = false;
  return {
    file,
    setAdminSocket(socketPath) {
      set({ ...get(), adminSocket: socketPath });
      fs.writeFileSync(file, JSON.stringify(get()), { mode: 0o600 });
    },
    release() {
      if (isReleased) {
        return;
      }
      isReleased = true;
      const current = readLock(path.dirname(file));
      if (current?.pid === process.pid) {
        fs.rmSync(file, { force: true });
      }
    },
  };
}
