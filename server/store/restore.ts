import { copyFile, mkdir, open, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { newestCopy, type Manifest } from './backup.ts';
import { checkDataFolder, DataFolderError } from './data-folder-check.ts';
import { openStore } from './store.ts';

export interface Restored {
  manifest: Manifest;
  from: string;
  event: string;
  attendees: number;
  meetings: number;
}

/**
 * Brings an event back from a backup folder (BACKUP_DIR) into an empty data folder, on this
 * laptop or another: the newest whole copy, each file fsync'd, then opened as a start would open
 * it (a damaged copy is said here, not at the first tap). The badge secret, the admin token, the
 * kiosks' pairings and the local CA come along, so printed badges scan, staff sign in with the
 * same token and paired tablets keep their trust.
 */
export async function restoreBackup(backupDir: string, dataDir: string): Promise<Restored> {
  const copy = await newestCopy(backupDir);
  if ('problem' in copy) throw new DataFolderError(copy.problem);
  const present = await readdir(dataDir).catch(() => [] as string[]);
  if (present.length > 0) {
    throw new DataFolderError(`${dataDir} is not empty (${present.slice(0, 4).join(', ')}${present.length > 4 ? ', …' : ''}): restore into a new folder with --data-dir, or move this one away first. Nothing was changed.`);
  }
  await checkDataFolder(dataDir);
  const folders = new Set<string>();
  for (const { name } of copy.manifest.files) {
    const to = join(dataDir, name);
    if (dirname(to) !== dataDir && !folders.has(dirname(to))) {
      await mkdir(dirname(to), { recursive: true, mode: 0o700 });
      folders.add(dirname(to));
    }
    await copyFile(join(copy.dir, name), to);
    await sync(to, 0o600);
  }
  for (const folder of [...folders, dataDir]) await sync(folder);
  const store = await openStore(dataDir);
  try {
    return { manifest: copy.manifest, from: copy.dir, event: store.event.name, attendees: store.attendees().length, meetings: store.exchanges.size };
  } finally {
    await store.flush();
  }
}

async function sync(path: string, mode?: number): Promise<void> {
  const handle = await open(path, 'r');
  try {
    if (mode !== undefined) await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
