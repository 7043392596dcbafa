import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDataFolder, DataFolderError } from '../../../server/store/data-folder-check.ts';
import { openStore } from '../../../server/store/store.ts';
import { tempDataDir } from '../../helpers.ts';
import { readOnlyFolder, tinyDisk, type TinyDisk } from '../../tiny-disk.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function use(disk: Promise<TinyDisk>, skip: (note: string) => never): Promise<string> {
  const d = await disk;
  if ('unavailable' in d) skip(d.unavailable);
  cleanups.push(d.cleanup);
  return d.dir;
}

async function refusal(dir: string): Promise<string> {
  const err = await checkDataFolder(dir).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DataFolderError);
  return (err as Error).message;
}

const CHOOSE = 'choose another folder with --data-dir or DATA_DIR';

describe('checkDataFolder', () => {
  it('creates a missing folder, parents too, private to this account, and leaves no probe behind', async () => {
    const temp = await tempDataDir();
    cleanups.push(temp.cleanup);
    const dir = join(temp.dir, 'event', 'data');
    const report = await checkDataFolder(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await readdir(dir)).toEqual([]);
    expect(report.freeBytes).toBeGreaterThan(0);
  });

  it('passes a data folder the store already uses', async () => {
    const temp = await tempDataDir();
    cleanups.push(temp.cleanup);
    const store = await openStore(temp.dir);
    await store.exchanges.record({ a: 'x', b: 'y', kiosk: 'k', at: new Date() });
    await expect(checkDataFolder(temp.dir)).resolves.toMatchObject({ warnings: [] });
  });

  it('says a store on a read-only disk is read-only, and what to do', async ({ skip }) => {
    const dir = await use(readOnlyFolder(async (d) => void (await openStore(join(d, 'data')))), skip);
    const message = await refusal(join(dir, 'data'));
    expect(message).toContain(join(dir, 'data'));
    expect(message).toMatch(/is (read-only|not writable by this account)/);
    expect(message).toContain(CHOOSE);
    expect(message).toContain('or make it writable');
  });

  it('says which parent is read-only when the folder cannot be created (not ENOENT)', async ({ skip }) => {
    const dir = await use(readOnlyFolder(), skip);
    const message = await refusal(join(dir, 'new', 'data'));
    expect(message).toMatch(new RegExp(`^Cannot create ${join(dir, 'new', 'data')}: ${dir} is (read-only|not writable)`));
    expect(message).toContain(CHOOSE);
    expect(message).not.toMatch(/ENOENT/);
  });

  it('says the disk is full, naming the folder', async ({ skip }) => {
    const dir = await use(tinyDisk({ size: '64k', full: true, prepare: (d) => mkdir(join(d, 'data')) }), skip);
    const message = await refusal(join(dir, 'data'));
    expect(message).toMatch(new RegExp(`^The disk of ${join(dir, 'data')} is full`));
    expect(message).toContain(`free some space on it, or ${CHOOSE}`);
  });

  it('says the disk is full when it has less room than a second copy of db.json', async ({ skip }) => {
    // 300 KiB of db.json on a 1 MiB disk: the write through a temp file would not fit.
    const dir = await use(tinyDisk({ size: '1m', prepare: (d) => mkdir(join(d, 'data')).then(() => writeFile(join(d, 'data', 'db.json'), JSON.stringify({ pad: 'x'.repeat(300_000) }))) }), skip);
    const message = await refusal(join(dir, 'data'));
    expect(message).toMatch(/is full \(\d+ KiB free, 1 MiB needed\)/);
  });

  it('says a file stands where the folder or a parent should be', async () => {
    const temp = await tempDataDir();
    cleanups.push(temp.cleanup);
    const file = join(temp.dir, 'notes.txt');
    await writeFile(file, 'x');
    expect(await refusal(file)).toBe(`${file} is a file, not a folder: ${CHOOSE}, or move the file away.`);
    expect(await refusal(join(file, 'data'))).toBe(`Cannot create ${join(file, 'data')}: ${file} is a file, not a folder. Choose another folder with --data-dir or DATA_DIR.`);
  });
});
