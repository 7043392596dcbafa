import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Who is serving a data folder: one process writes db.json, or writes would be lost. */
export interface LockInfo {
  pid: number;
  /** Loopback URL of the running server's API, for commands that should go through it. */
  url: string;
}

const lockFile = (dataDir: string) => join(dataDir, 'server.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running server of this data folder, if any (a lock left by a crash does not count). */
export function liveLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockFile(dataDir), 'utf8')) as LockInfo;
    return info.pid !== process.pid && alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

/** Claims the data folder for this process; throws when another live server holds it. Returns the release function. */
export function lockDataDir(dataDir: string, url: string): () => void {
  const other = liveLock(dataDir);
  if (other) {
    throw new Error(`Another Badge Exchange (pid ${other.pid}, ${other.url}) is already serving ${dataDir}. Stop it first, or use another --data-dir.`);
  }
  writeFileSync(lockFile(dataDir), JSON.stringify({ pid: process.pid, url } satisfies LockInfo), { mode: 0o600 });
  return () => {
    try {
      unlinkSync(lockFile(dataDir));
    } catch {
      // Already gone: nothing to release.
    }
  };
}
