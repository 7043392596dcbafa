import { constants } from 'node:fs';
import { access, mkdir, open, readdir, rm, stat, statfs } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A folder the server cannot keep its data in, said so a person knows what to do: the message
 * names the path and the fix. The CLI prints only the message (no stack) and exits 1.
 */
export class DataFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFolderError';
  }
}

/** Which setting chose the folder, so a message can say how to choose another. */
export interface FolderSetting {
  flag: string;
  env: string;
}

export const DATA_DIR_SETTING: FolderSetting = { flag: '--data-dir', env: 'DATA_DIR' };

/** What the check learned beyond "usable": things worth saying that do not stop the start. */
export interface FolderReport {
  freeBytes: number;
  warnings: string[];
}

const MiB = 1024 * 1024;
/** Below this much room the server starts, but says so: a busy day's journal and mail take tens of MiB. */
const LOW_SPACE = 100 * MiB;
/** Sub-folders whose files the server rewrites (mail it erases, certificates it renews). */
const OWN_SUBFOLDERS = ['outbox', 'tls'];

/**
 * Checks, in milliseconds and before anything else starts, that `dir` can hold the server's data:
 * it is (or can be made) a folder, a file can be created, fsync'd and removed in it, its disk has
 * room for a second copy of db.json (the store writes through a temp file), and every file already
 * in it can be read and written by this account. Throws DataFolderError naming the path and the fix.
 *
 * @example
 * await checkDataFolder(config.dataDir) // DataFolderError: /media/usb/data is read-only: ...
 */
export async function checkDataFolder(dir: string, setting: FolderSetting = DATA_DIR_SETTING): Promise<FolderReport> {
  const choose = `choose another folder with ${setting.flag} or ${setting.env}`;
  await ensureFolder(dir, choose);
  await probeWrite(dir, choose);
  const existing = await checkExistingFiles(dir);

  const fs = await statfs(dir);
  const freeBytes = fs.bavail * fs.bsize;
  const db = existing.get('db.json') ?? 0;
  const needed = 2 * db + MiB;
  if (freeBytes < needed) {
    throw new DataFolderError(`The disk of ${dir} is full (${size(freeBytes)} free, ${size(needed)} needed): free some space on it, or ${choose}.`);
  }
  const warnings = freeBytes < LOW_SPACE ? [`The disk of ${dir} has only ${size(freeBytes)} free: a busy day's taps and mail may fill it. Free some space, or ${choose}.`] : [];
  return { freeBytes, warnings };
}

/** Makes `dir` exist as a folder, one level at a time, so a failure names the level and the real reason. */
async function ensureFolder(dir: string, choose: string): Promise<void> {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    const kind = await kindOf(at);
    if (kind === 'folder') break;
    if (kind === 'other') {
      throw new DataFolderError(at === dir
        ? `${dir} is a file, not a folder: ${choose}, or move the file away.`
        : `Cannot create ${dir}: ${at} is a file, not a folder. ${capital(choose)}.`);
    }
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing) {
    try {
      await mkdir(level, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      // Node's recursive mkdir says ENOENT for a read-only parent; one level at a time says EROFS.
      throw new DataFolderError(`Cannot create ${dir}: ${because(dirname(level), err, choose)}`);
    }
  }
}

/** Creates, fsyncs and removes a small file: what db.json's temp file and the journals will need. */
async function probeWrite(dir: string, choose: string): Promise<void> {
  const probe = join(dir, `.write-check-${process.pid}`);
  try {
    const handle = await open(probe, 'w', 0o600);
    try {
      await handle.write(Buffer.alloc(4096));
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    await rm(probe, { force: true }).catch(() => {});
    throw new DataFolderError(capital(because(dir, err, choose)));
  }
  await rm(probe, { force: true });
}

/** Every file the server will read or rewrite must be this account's to read and write; returns their sizes. */
async function checkExistingFiles(dir: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const names = await readdir(dir);
  const subfolders = OWN_SUBFOLDERS.filter((s) => names.includes(s));
  const entries = [
    ...names.map((n) => ({ name: n, path: join(dir, n) })),
    ...(await Promise.all(subfolders.map(async (s) => (await readdir(join(dir, s)).catch(() => [])).map((n) => ({ name: `${s}/${n}`, path: join(dir, s, n) }))))).flat(),
  ];
  for (const { name, path } of entries) {
    const info = await stat(path).catch(() => null);
    if (!info) continue;
    const folder = info.isDirectory();
    try {
      await access(path, constants.R_OK | constants.W_OK | (folder ? constants.X_OK : 0));
    } catch {
      throw new DataFolderError(`${path} cannot be ${folder ? 'opened' : 'read and written'} by this account (${account()}): give it to this account (chown -R ${account()} ${dir}), or run Badge Exchange as its owner.`);
    }
    if (!folder) sizes.set(name, info.size);
  }
  return sizes;
}

async function kindOf(path: string): Promise<'folder' | 'other' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'other';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a file further up the path, which the walk up will find.
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw new DataFolderError(`Cannot look at ${path} (${code}).`);
  }
}

/** Why writing in `folder` failed, and what to do, from the system's error code. */
function because(folder: string, err: unknown, choose: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EROFS':
      return `${folder} is read-only: ${choose}, or make it writable (remount the disk read-write, or slide the USB stick's lock).`;
    case 'EACCES':
    case 'EPERM':
      return `${folder} is not writable by this account (${account()}): ${choose}, or make it writable (chown or chmod).`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk of ${folder} is full: free some space on it, or ${choose}.`;
    default:
      return `${folder} cannot be written (${code ?? (err as Error).message}): the disk may be failing; ${choose}.`;
  }
}

function account(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}

function size(bytes: number): string {
  return bytes < MiB ? `${Math.floor(bytes / 1024)} KiB` : `${Math.floor(bytes / MiB)} MiB`;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
