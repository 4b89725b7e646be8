import fs from 'node:fs';
import path from 'node:path';

/** The mode of the data folder and of every folder in it: the owner only. */
const FOLDER_MODE = 0o700;
/** The mode of every file in the data folder: the owner reads and writes, nobody else anything. */
const FILE_MODE = 0o600;

/** The data folder cannot be made owner-only; the start stops with this. */
export class DataFolderError extends Error {
  override readonly name = 'DataFolderError';
}

/**
 * Makes the data folder and everything in it owner-only — folders 0700, files 0600 — at every start, and checks
 * that it holds (issue 10, finding 2: PGlite writes its files 0666 under the default umask, and an existing folder
 * kept whatever mode it had, so any local user could read password hashes and sessions or rewrite the database).
 * Symbolic links are not followed. A folder that cannot be made so — owned by someone else, on a file system
 * without Unix modes — is refused with a message saying what to do. Returns how many entries were tightened.
 */
export function secureDataFolder(dataDir: string): number {
  if (!fs.existsSync(dataDir)) {
    fs.mkdirSync(dataDir, { recursive: true, mode: FOLDER_MODE });
  }
  const stat = fs.lstatSync(dataDir);
  if (!stat.isDirectory()) {
    throw new DataFolderError(`the data folder ${dataDir} is not a folder`);
  }
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid() && process.getuid() !== 0) {
    throw new DataFolderError(
      `the data folder ${dataDir} belongs to user id ${stat.uid}, not to this process (${process.getuid()}); ` +
        'run Zhengming as the folder’s owner, or give the folder to this user (chown -R)',
    );
  }
  return tighten(dataDir, FOLDER_MODE);
}

function tighten(entry: string, mode: number): number {
  let changed = 0;
  const stat = fs.lstatSync(entry);
  if ((stat.mode & 0o777) !== mode) {
    try {
      fs.chmodSync(entry, mode);
    } catch (error) {
      throw new DataFolderError(
        `cannot make ${entry} owner-only (mode ${mode.toString(8)}): ${(error as Error).message}`,
      );
    }
    const after = fs.lstatSync(entry).mode & 0o777;
    if (after !== mode) {
      throw new DataFolderError(
        `${entry} stays at mode ${after.toString(8)} after chmod ${mode.toString(8)}: its file system does not keep ` +
          'Unix permissions; put the data folder on one that does (not a FAT or SMB mount)',
      );
    }
    changed += 1;
  }
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(entry)) {
      const child = path.join(entry, name);
      const childStat = fs.lstatSync(child);
      if (childStat.isSymbolicLink()) {
        continue;
      }
      changed += tighten(child, childStat.isDirectory() ? FOLDER_MODE : FILE_MODE);
    }
  }
  return changed;
}

/**
 * The umask of a process that writes the data folder: whatever it creates later (PGlite's new files, the admin
 * socket, backups) is owner-only from the start. Set by the program's entry (`zhengming`, the server's start),
 * never by a library call, since it applies to the whole process.
 */
export const OWNER_ONLY_UMASK = 0o077;
