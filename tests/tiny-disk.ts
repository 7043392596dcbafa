import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real small disk mounted in a temp folder, or why there cannot be one here. */
export type TinyDisk = { dir: string; cleanup: () => Promise<void> } | { unavailable: string };

const isRoot = () => process.getuid?.() === 0;

/**
 * A tmpfs of `size` mounted at a fresh temp folder (needs root: mounting is how a test gets a real
 * full or read-only disk). `prepare` runs while it is still writable; then it is remounted
 * read-only when asked, or filled to the last byte when asked.
 */
export async function tinyDisk(options: { size: string; readOnly?: boolean; full?: boolean; prepare?: (dir: string) => Promise<void> }): Promise<TinyDisk> {
  if (!isRoot()) return { unavailable: 'mounting a tmpfs needs root, and these tests run as another account' };
  const dir = await mkdtemp(join(tmpdir(), 'bx-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${options.size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    return { unavailable: `mount -t tmpfs is not permitted here (${String((err as { stderr?: Buffer }).stderr ?? err).trim()})` };
  }
  const cleanup = async () => {
    execFileSync('umount', [dir], { stdio: 'pipe' });
    await rm(dir, { recursive: true, force: true });
  };
  await options.prepare?.(dir);
  if (options.full) await fill(dir);
  if (options.readOnly) execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'pipe' });
  return { dir, cleanup };
}

/** Writes a file until the disk refuses another byte. */
async function fill(dir: string): Promise<void> {
  const handle = await open(join(dir, 'filler'), 'w');
  const block = Buffer.alloc(4096, 1);
  try {
    for (;;) await handle.write(block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    await handle.close();
  }
}

/**
 * A folder this process cannot write: a read-only tmpfs as root (chmod does not stop root), else
 * a folder of mode 0500.
 */
export async function readOnlyFolder(prepare?: (dir: string) => Promise<void>): Promise<TinyDisk> {
  if (isRoot()) return tinyDisk({ size: '1m', readOnly: true, prepare });
  const dir = await mkdtemp(join(tmpdir(), 'bx-ro-'));
  await prepare?.(dir);
  await chmod(dir, 0o500);
  return {
    dir,
    cleanup: async () => {
      await chmod(dir, 0o700);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
