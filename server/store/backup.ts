import { constants } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { syncFolder } from './exchange-journal.ts';

/**
 * A continuous copy of the data folder in a second place (BACKUP_DIR: a USB stick, a second
 * disk), so that a laptop that dies mid-event costs minutes, not the event.
 *
 * Every `intervalMs`, when anything in the data folder changed, a whole copy is made in a staging
 * folder, each file fsync'd, a manifest written last, and then swapped in: `current` becomes
 * `previous` and the staging folder `current`. At every instant one of the two is whole, and
 * `restore` takes the newest whose manifest checks. The journals are copied before db.json, so
 * every meeting in a copy names people the copy holds; a journal's unfinished last line is cut,
 * as a start would cut it. An erasure is copied twice at once, so neither generation keeps the
 * person. The server lock is not copied: the copy is of an event, not of a running server.
 */

/** What a backup copies: the store, the journals, the keys badges and tablets trust, kept mail. */
// changes.jsonl before db.json: a compaction between the two copies then leaves lines the copied
// db.json already holds (skipped at start), never a db.json older than the journal's first line.
const FILES = ['exchanges.jsonl', 'digests.jsonl', 'changes.jsonl', 'db.json', 'secret', 'admin-token'];
const FOLDERS = ['tls', 'outbox'];
export const MANIFEST = 'backup.json';
export const GENERATIONS = ['current', 'previous'] as const;

export interface Manifest {
  /** When the copy was made (ISO). */
  madeAt: string;
  /** Every file copied, relative to the copy, with its size. */
  files: { name: string; size: number }[];
}

export interface Backup {
  /** Makes a copy now (or waits for the one under way and makes another). */
  copyNow(): Promise<void>;
  /** The last copy made, and the last failure if the latest attempt failed. */
  status(): { lastCopyAt: string | null; lastError: string | null };
  /** Stops copying after a last copy. */
  stop(): Promise<void>;
}

export interface BackupOptions {
  dataDir: string;
  backupDir: string;
  intervalMs?: number;
  log?: (message: string) => void;
}

/** Starts copying `dataDir` into `backupDir`; the first copy is made at once. */
export function startBackup({ dataDir, backupDir, intervalMs = 10_000, log = (m) => console.warn(m) }: BackupOptions): Backup {
  let lastSignature = '';
  let lastCopyAt: string | null = null;
  let lastError: string | null = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const copy = async (force: boolean) => {
    try {
      const signature = await signatureOf(dataDir);
      if (!force && signature === lastSignature) return;
      await copyOnce(dataDir, backupDir);
      lastSignature = signature;
      lastCopyAt = new Date().toISOString();
      if (lastError) log(`Backup to ${backupDir} works again.`);
      lastError = null;
    } catch (err) {
      const message = `Backup to ${backupDir} failed (${(err as Error).message}); the event goes on, and the copy is tried again every ${Math.round(intervalMs / 1000)} s.`;
      // Said once per kind of failure, not every ten seconds.
      if (message !== lastError) log(message);
      lastError = message;
    }
  };
  // One copy at a time, in order.
  const queue = (force: boolean) => (running = running.then(() => copy(force)));

  queue(true);
  const timer = setInterval(() => {
    if (!stopped) queue(false);
  }, intervalMs);
  timer.unref();

  return {
    copyNow: () => queue(true),
    status: () => ({ lastCopyAt, lastError }),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await queue(false);
    },
  };
}

/** Size and modification time of everything a copy takes: unchanged, no copy is needed. */
async function signatureOf(dataDir: string): Promise<string> {
  const parts: string[] = [];
  for (const { name, path } of await sources(dataDir)) {
    const info = await stat(path).catch(() => null);
    if (info) parts.push(`${name}:${info.size}:${info.mtimeMs}`);
  }
  return parts.join('|');
}

async function sources(dataDir: string): Promise<{ name: string; path: string }[]> {
  const list = FILES.map((name) => ({ name, path: join(dataDir, name) }));
  for (const folder of FOLDERS) {
    const names = await readdir(join(dataDir, folder)).catch(() => [] as string[]);
    list.push(...names.filter((n) => !n.startsWith('.') || n === '.about.jsonl').map((n) => ({ name: `${folder}/${n}`, path: join(dataDir, folder, n) })));
  }
  return list;
}

async function copyOnce(dataDir: string, backupDir: string): Promise<void> {
  await mkdir(backupDir, { recursive: true, mode: 0o700 });
  const staging = join(backupDir, `.incoming-${process.pid}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { mode: 0o700 });
  for (const folder of FOLDERS) await mkdir(join(staging, folder), { mode: 0o700 });

  const files: Manifest['files'] = [];
  // Journals first, db.json after them (FILES' order): a meeting copied names people copied.
  for (const { name, path } of await sources(dataDir)) {
    const to = join(staging, name);
    try {
      await copyFile(path, to, constants.COPYFILE_FICLONE);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // not made yet, or erased meanwhile
      throw err;
    }
    if (name.endsWith('.jsonl')) await cutUnfinishedLine(to);
    files.push({ name, size: await syncFile(to) });
  }
  const manifest: Manifest = { madeAt: new Date().toISOString(), files };
  await writeFile(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`, { mode: 0o600 });
  await syncFile(join(staging, MANIFEST));
  for (const folder of FOLDERS) await syncFolder(join(staging, folder));
  await syncFolder(staging);

  const current = join(backupDir, 'current');
  const previous = join(backupDir, 'previous');
  await rm(previous, { recursive: true, force: true });
  await rename(current, previous).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  await rename(staging, current);
  await syncFolder(backupDir);
}

/** A journal copied while a line was being appended ends mid-line: cut back to its last newline. */
async function cutUnfinishedLine(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    const { size } = await handle.stat();
    if (size === 0) return;
    const tail = Buffer.alloc(Math.min(size, 64 * 1024));
    await handle.read(tail, 0, tail.length, size - tail.length);
    const end = tail.lastIndexOf(0x0a);
    const keep = end === -1 ? (size > tail.length ? size : 0) : size - tail.length + end + 1;
    if (keep < size) await handle.truncate(keep);
  } finally {
    await handle.close();
  }
}

async function syncFile(file: string): Promise<number> {
  const handle = await open(file, 'r+');
  try {
    await handle.chmod(0o600);
    await handle.sync();
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}

/** The newest whole copy in a backup folder: its folder and manifest, or why there is none. */
export async function newestCopy(backupDir: string): Promise<{ dir: string; manifest: Manifest } | { problem: string }> {
  const problems: string[] = [];
  for (const generation of GENERATIONS) {
    const dir = join(backupDir, generation);
    try {
      const manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Manifest;
      for (const f of manifest.files) {
        const size = (await stat(join(dir, f.name)).catch(() => null))?.size;
        if (size !== f.size) throw new Error(`${f.name} is ${size === undefined ? 'missing' : `${size} bytes, not ${f.size}`}`);
      }
      if (!manifest.files.some((f) => f.name === 'db.json')) throw new Error('it holds no db.json');
      return { dir, manifest };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.push(`${dir}: ${code === 'ENOENT' ? 'no copy' : (err as Error).message}`);
    }
  }
  return { problem: `No whole copy in ${backupDir} (${problems.join('; ')}). Is it the folder BACKUP_DIR named?` };
}
