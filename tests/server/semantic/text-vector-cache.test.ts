import { readdirSync } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import concepts from '../../../matching/concepts.json' with { type: 'json' };
import { createAttendee } from '../../../server/domain/attendee.ts';
import { profileTexts, SemanticIndex, type TextToRead } from '../../../server/semantic/semantic-index.ts';
import type { SentenceEncoder } from '../../../server/semantic/sentence-encoder.ts';
import { CACHE_FILE, TextVectorCache as Cache } from '../../../server/semantic/text-vector-cache.ts';
import { readVectorFile } from '../../../server/semantic/vector-file.ts';
import { TalkingPoints } from '../../../server/services/talking-points.ts';
import { openStore } from '../../../server/store/store.ts';
import { tempDataDir } from '../../helpers.ts';
import { tinyDisk } from '../../tiny-disk.ts';

const exemplars = await readVectorFile(new URL('../../../matching/concept-vectors.json', import.meta.url).pathname);
const DIM = [...exemplars.values()][0]!.length;

/** Stands in for the model: a fixed vector per text, and a list of every text it was asked to read. */
function countingEncoder() {
  const read: string[] = [];
  const encoder = {
    async encode(texts: readonly string[]) {
      read.push(...texts);
      return texts.map((t) => {
        const v = new Float32Array(DIM);
        for (let i = 0; i < DIM; i++) v[i] = Math.sin((i + 1) * (t.length + t.charCodeAt(0)));
        return v;
      });
    },
  };
  return { read, encoder: encoder as unknown as SentenceEncoder };
}

/** A made-up reading, different for each n. */
function vector(n: number): Float32Array {
  return Float32Array.from({ length: DIM }, (_, i) => Math.cos((i + 1) * (n + 2)));
}

/** What `fn` wrote to stderr (the cache says its troubles there), kept off the test's output. */
async function stderrOf(fn: () => Promise<void>): Promise<string> {
  const said: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => (said.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    await fn();
  } finally {
    process.stderr.write = write;
  }
  return said.join('');
}

// Every cache a test opens holds its file open: closed after the test, before its folder goes.
const opened: Cache[] = [];
const TextVectorCache = {
  async open(d: string): Promise<Cache> {
    const cache = await Cache.open(d);
    opened.push(cache);
    return cache;
  },
};
async function closeAll(): Promise<void> {
  for (const cache of opened.splice(0)) await cache.close();
}

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(async () => {
  await closeAll();
  await cleanup();
});

const texts: TextToRead[] = [
  { text: 'Freelance accountant for small firms', side: 'offers' },
  { text: 'Someone to sort out our tax return', side: 'needs' },
];

describe('the sentence model readings kept on disk', () => {
  it('a restart reads no text twice, and the file is the owner’s alone', async () => {
    const first = countingEncoder();
    const cache = await TextVectorCache.open(dir);
    const index = new SemanticIndex(first.encoder, concepts, new Map(exemplars), () => {}, cache);
    await index.prepare(texts);
    await cache.settled();
    expect(first.read).toEqual(texts.map((t) => t.text));
    expect((await stat(join(dir, CACHE_FILE))).mode & 0o777).toBe(0o600);

    const second = countingEncoder();
    const restarted = new SemanticIndex(second.encoder, concepts, new Map(exemplars), () => {}, await TextVectorCache.open(dir));
    const more: TextToRead = { text: 'Help with our website', side: 'needs' };
    expect(restarted.unread([...texts, more])).toEqual([more]);
    await restarted.prepare([...texts, more]);
    expect(second.read).toEqual([more.text]);
    // The same support as before the restart: the first run scored the kept vector too.
    await restarted.ready;
    expect([...restarted.offering(texts[0]!.text)!]).toEqual([...index.offering(texts[0]!.text)!]);
    expect([...restarted.need(texts[1]!.text)!]).toEqual([...index.need(texts[1]!.text)!]);
  });

  it('cuts a line a crash cut short from the file, so the next reading lands on a line of its own', async () => {
    const cache = await TextVectorCache.open(dir);
    const index = new SemanticIndex(countingEncoder().encoder, concepts, new Map(exemplars), () => {}, cache);
    await index.prepare(texts);
    await cache.settled();
    const file = join(dir, CACHE_FILE);
    const whole = await readFile(file, 'utf8');
    await writeFile(file, whole.slice(0, whole.length - 100));
    const said = await stderrOf(async () => {
      const reopened = await TextVectorCache.open(dir);
      expect(reopened.has(texts[0]!.text)).toBe(true);
      expect(reopened.has(texts[1]!.text)).toBe(false);
      reopened.add(texts[1]!.text, vector(1));
      await reopened.settled();
    });
    const third = await TextVectorCache.open(dir);
    for (const t of texts) expect(third.has(t.text)).toBe(true);
    expect(await readFile(file, 'utf8')).toMatch(/^(.+\n){3}$/);
    expect(said).toMatch(/text-vectors\.jsonl: cut a torn last line/);
  });

  it('keeps its file whole when the disk took only part of a reading, once there is room again', async ({ skip }) => {
    // A real disk that fills up: the file's last page has room for part of a line, the disk none.
    const disk = await tinyDisk({
      size: '64k',
      full: true,
      prepare: async (d) => {
        const cache = await TextVectorCache.open(d);
        cache.add('Freelance accountant for small firms', vector(0));
        await cache.close();
      },
    });
    if ('unavailable' in disk) return skip(disk.unavailable);
    try {
      const cache = await TextVectorCache.open(disk.dir);
      // Longer than a page, so more than the file's last page can take.
      const long = `Someone to sort out our tax return, ${'and the books '.repeat(400)}`;
      let keptLong: Float32Array | undefined;
      const said = await stderrOf(async () => {
        keptLong = cache.add(long, vector(1));
        await cache.settled();
      });
      // Not written, so held in memory: still there.
      expect(cache.get(long)).toEqual(keptLong);
      await rm(join(disk.dir, 'filler'));
      cache.add('Help with our website', vector(2));
      await cache.settled();
      const reopened = await TextVectorCache.open(disk.dir);
      for (const t of ['Freelance accountant for small firms', long, 'Help with our website']) expect(reopened.has(t), t.slice(0, 40)).toBe(true);
      expect(said).toMatch(/Could not keep .* \(ENOSPC/);
    } finally {
      await closeAll();
      await disk.cleanup();
    }
  });

  it('keeps nothing of a person erased while a big import is still being handed to the model', async () => {
    const store = await openStore(dir);
    const cache = await TextVectorCache.open(dir);
    const index = new SemanticIndex(countingEncoder().encoder, concepts, new Map(exemplars), () => {}, cache);
    const talkingPoints = new TalkingPoints(store, () => [], index);
    void talkingPoints.index;
    const now = new Date();
    const people = Array.from({ length: 600 }, (_, i) => createAttendee({ name: `Person ${i}`, email: `p${i}@example.org`, offering: `Offering number ${i}`, needs: [`Need number ${i}`] }, 'import', now));
    await store.upsertAttendees(people, []);
    const gone = people[500]!;
    await store.eraseAttendee(gone.id);
    await vi.waitFor(() => expect(index.need('Need number 599')).toBeDefined(), { timeout: 10_000 });
    await cache.settled();
    expect(index.offering('Offering number 500')).toBeUndefined();
    expect(index.need('Need number 500')).toBeUndefined();
    const onDisk = await readFile(join(dir, CACHE_FILE), 'utf8');
    expect(onDisk).toContain('Offering number 499');
    expect(onDisk).not.toContain('number 500');
  });

  it('forgets an erased person’s texts on disk, and everyone’s with the purge', async () => {
    const store = await openStore(dir);
    const now = new Date();
    const dana = createAttendee({ name: 'Dana', email: 'dana@example.org', offering: 'Bookkeeping software for small firms', needs: ['A designer for our new website'] }, 'staff', now);
    const sam = createAttendee({ name: 'Sam', email: 'sam@example.org', offering: 'I audit cloud bills', needs: ['A contract lawyer who knows SaaS'] }, 'staff', now);
    await store.upsertAttendees([dana, sam], []);
    const cache = await TextVectorCache.open(dir);
    const index = new SemanticIndex(countingEncoder().encoder, concepts, new Map(exemplars), () => {}, cache);
    const talkingPoints = new TalkingPoints(store, () => [], index);
    void talkingPoints.index;
    await index.prepare([dana, sam].flatMap(profileTexts));
    await cache.settled();
    const onDisk = () => readFile(join(dir, CACHE_FILE), 'utf8');
    for (const text of [dana, sam].flatMap(profileTexts)) expect(await onDisk()).toContain(JSON.stringify(text.text));

    await store.eraseAttendee(dana.id);
    await cache.settled();
    expect(await onDisk()).not.toContain('Bookkeeping software');
    expect(await onDisk()).not.toContain('A designer for our new website');
    expect(await onDisk()).toContain('I audit cloud bills');
    expect((await stat(join(dir, CACHE_FILE))).mode & 0o777).toBe(0o600);

    await store.purgePersonalData();
    await cache.settled();
    expect(await onDisk()).not.toContain('I audit cloud bills');
    expect(await onDisk()).not.toContain('SaaS');
    expect((await TextVectorCache.open(dir)).size).toBe(0);
  });
});

describe('vectors read from the file when asked, not held in memory', () => {
  it('gives back the same vector from the file as it held before writing it, and after a restart', async () => {
    const cache = await TextVectorCache.open(dir);
    const kept = ['Payroll for small firms', 'A venue for 80 people', 'Zażółć gęślą jaźń'].map((t, i) => [t, cache.add(t, vector(i))] as const);
    for (const [t, v] of kept) expect(cache.get(t)).toEqual(v);
    await cache.settled();
    for (const [t, v] of kept) expect(cache.get(t)).toEqual(v);
    const reopened = await TextVectorCache.open(dir);
    for (const [t, v] of kept) expect(reopened.get(t)).toEqual(v);
  });

  it('never gives another text’s vector when the file is changed behind its back', async () => {
    const cache = await TextVectorCache.open(dir);
    cache.add('Text one', vector(1));
    cache.add('Text two', vector(2));
    await cache.settled();
    const file = join(dir, CACHE_FILE);
    // The same bytes at the same places, the two lines swapped: each place now holds the other text.
    const [header, one, two] = (await readFile(file, 'utf8')).split('\n');
    expect(one!.length).toBe(two!.length);
    await writeFile(file, `${header}\n${two}\n${one}\n`);
    expect(cache.get('Text one')).toBeUndefined();
    expect(cache.has('Text one')).toBe(false);
    // Garbage where a line was: not cached either.
    await writeFile(file, 'x'.repeat((await stat(file)).size));
    expect(cache.get('Text two')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('reads the right bytes while the file is rewritten, and the new file’s places after', async () => {
    const cache = await TextVectorCache.open(dir);
    const texts = Array.from({ length: 1500 }, (_, i) => `Offering number ${i}`);
    const kept = new Map(texts.map((t, i) => [t, cache.add(t, vector(i))]));
    await cache.settled();
    // The first text goes: every other line moves up in the new file.
    cache.retainOnly(new Set(texts.slice(1)));
    expect(cache.get(texts[0]!)).toBeUndefined();
    let done = false;
    const settled = cache.settled().then(() => (done = true));
    let checks = 0;
    const late = cache.add('Added while the file is rewritten', vector(9999));
    while (!done) {
      const t = texts[1 + (checks % (texts.length - 1))]!;
      expect(cache.get(t), t).toEqual(kept.get(t));
      checks++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await settled;
    expect(checks).toBeGreaterThan(1);
    for (const t of texts.slice(1)) expect(cache.get(t), t).toEqual(kept.get(t));
    expect(cache.get('Added while the file is rewritten')).toEqual(late);
    const onDisk = await readFile(join(dir, CACHE_FILE), 'utf8');
    expect(onDisk).not.toContain('"Offering number 0"');
    const reopened = await TextVectorCache.open(dir);
    expect(reopened.size).toBe(texts.length);
    expect(reopened.get(texts[1499]!)).toEqual(kept.get(texts[1499]!));
    expect(reopened.get('Added while the file is rewritten')).toEqual(late);
  });

  it('keeps reading the old file when a rewrite fails for want of room, and loses nothing', async ({ skip }) => {
    const texts = ['Freelance accountant for small firms', 'Someone to sort out our tax return', 'Help with our website'];
    const disk = await tinyDisk({
      size: '64k',
      full: true,
      prepare: async (d) => {
        const cache = await TextVectorCache.open(d);
        texts.forEach((t, i) => cache.add(t, vector(i)));
        await cache.close();
      },
    });
    if ('unavailable' in disk) return skip(disk.unavailable);
    try {
      const cache = await TextVectorCache.open(disk.dir);
      const kept = texts.map((t) => cache.get(t));
      const said = await stderrOf(async () => {
        cache.retainOnly(new Set(texts.slice(1)));
        await cache.settled();
      });
      expect(said).toMatch(/Could not keep .* \(ENOSPC/);
      expect(cache.get(texts[0]!)).toBeUndefined();
      expect(cache.get(texts[1]!)).toEqual(kept[1]);
      expect(cache.get(texts[2]!)).toEqual(kept[2]);
      await rm(join(disk.dir, 'filler'));
      cache.add('A venue for 80 people', vector(3));
      await cache.settled();
      expect(cache.get(texts[2]!)).toEqual(kept[2]);
      const onDisk = await readFile(join(disk.dir, CACHE_FILE), 'utf8');
      expect(onDisk).not.toContain(texts[0]);
      const reopened = await TextVectorCache.open(disk.dir);
      for (const t of [...texts.slice(1), 'A venue for 80 people']) expect(reopened.has(t), t).toBe(true);
    } finally {
      await closeAll();
      await disk.cleanup();
    }
  });

  it('lets go of its file when closed', async () => {
    const before = readdirSync('/proc/self/fd').length;
    const cache = await Cache.open(dir);
    cache.add('Text one', vector(1));
    await cache.settled();
    const reopened = await Cache.open(dir);
    expect(readdirSync('/proc/self/fd').length).toBe(before + 2);
    await cache.close();
    await reopened.close();
    expect(readdirSync('/proc/self/fd').length).toBe(before);
  });
});
