import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAttendee } from '../../../server/domain/attendee.ts';
import { DigestLog } from '../../../server/store/digest-log.ts';
import { FileSink, type JournalSink } from '../../../server/store/exchange-journal.ts';
import { ErasedMeanwhileError, ExchangeRegistry } from '../../../server/store/exchanges.ts';
import { openStore } from '../../../server/store/store.ts';
import { tempDataDir } from '../../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(() => cleanup());

/** A real journal file whose appends wait until the test lets them through: a write "in flight". */
function heldSink(file: string): { sink: JournalSink; release: () => void } {
  const real = new FileSink(file);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const sink: JournalSink = {
    append: async (lines) => {
      await gate;
      return real.append(lines);
    },
    filter: (keep, exclusive) => real.filter(keep, exclusive),
    close: () => real.close(),
  };
  return { sink, release };
}

const fileHolds = async (file: string, text: string) => (await readFile(file, 'utf8').catch(() => '')).includes(text);

describe('a person erased while their line is being written', () => {
  it('does not get the meeting back, in memory or on disk, and the kiosk is told it was not recorded', async () => {
    const file = join(dir, 'exchanges.jsonl');
    const { sink, release } = heldSink(file);
    const registry = new ExchangeRegistry(sink);
    const tap = registry.record({ a: 'danaaaaaaa', b: 'samsamsams', kiosk: 'k1', at: new Date('2026-12-05T10:00:00Z') });
    registry.forget('danaaaaaaa');
    release();

    await expect(tap).rejects.toBeInstanceOf(ErasedMeanwhileError);
    expect(registry.ofAttendee('samsamsams')).toEqual([]);
    expect(registry.all()).toEqual([]);
    // The line reached the disk before anyone knew; it goes off it again by itself.
    await vi.waitFor(async () => expect(await fileHolds(file, 'danaaaaaaa')).toBe(false), { timeout: 5000 });

    // Sam's next meeting is recorded as usual.
    const next = await registry.record({ a: 'samsamsams', b: 'lealeaalea', kiosk: 'k1', at: new Date('2026-12-05T10:01:00Z') });
    expect(next.created).toBe(true);
    expect(await fileHolds(file, 'lealeaalea')).toBe(true);
  });

  it('does not keep a digest line of theirs', async () => {
    const file = join(dir, 'digests.jsonl');
    const { sink, release } = heldSink(file);
    const log = new DigestLog(sink);
    const sending = log.record({ attendee: 'danaaaaaaa', state: 'sent', messageId: '<x@bx>', at: '2026-12-05T18:00:00Z' });
    log.forget('danaaaaaaa');
    release();
    await sending;
    expect(log.latest('danaaaaaaa')).toBeUndefined();
    await vi.waitFor(async () => expect(await fileHolds(file, 'danaaaaaaa')).toBe(false), { timeout: 5000 });
  });

  it('runs two rewrites of one journal asked for at once one after the other, each whole', async () => {
    const file = join(dir, 'exchanges.jsonl');
    const registry = new ExchangeRegistry(new FileSink(file));
    const ids = ['danaaaaaaa', 'samsamsams', 'lealeaalea', 'noornoorno'];
    // Enough lines that the first rewrite is still copying when the second starts.
    await Promise.all(
      Array.from({ length: 4000 }, (_, i) => registry.record({ a: ids[i % 4]!, b: `other${String(i).padStart(5, '0')}`, kiosk: 'k1', at: new Date(Date.UTC(2026, 11, 5, 10, 0, i % 60)) })),
    );
    await Promise.all([registry.dropFromJournal(new Set(['danaaaaaaa'])), registry.dropFromJournal(new Set(['samsamsams']))]);
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    expect(lines).toHaveLength(2000);
    for (const line of lines) expect(['lealeaalea', 'noornoorno']).toContain((JSON.parse(line) as { a: string }).a);
  });

  it('at start, leaves out lines naming nobody the store holds, and takes them off the disk', async () => {
    const store = await openStore(dir);
    const now = new Date('2026-12-05T09:00:00Z');
    const sam = createAttendee({ name: 'Sam Okafor', email: 'sam@example.org' }, 'staff', now);
    const lea = createAttendee({ name: 'Léa Martin', email: 'lea@example.org' }, 'staff', now);
    await store.insertAttendee(sam);
    await store.insertAttendee(lea);
    await store.exchanges.record({ a: sam.id, b: lea.id, kiosk: 'k1', at: now });
    await store.flush();
    // What a straggler leaves: a tap and a digest line of someone whose erasure is long compacted.
    await writeFile(join(dir, 'exchanges.jsonl'), `${await readFile(join(dir, 'exchanges.jsonl'), 'utf8')}${JSON.stringify({ id: 'ghostpair1', a: 'ghostghost', b: sam.id, at: now.toISOString(), kiosk: 'k1' })}\n`);
    await writeFile(join(dir, 'digests.jsonl'), `${JSON.stringify({ attendee: 'ghostghost', state: 'sent', at: now.toISOString() })}\n`);

    const reopened = await openStore(dir);
    expect(reopened.exchanges.met(sam.id)).toEqual([lea.id]);
    expect(reopened.digests.latest('ghostghost')).toBeUndefined();
    await vi.waitFor(async () => {
      expect(await fileHolds(join(dir, 'exchanges.jsonl'), 'ghostghost')).toBe(false);
      expect(await fileHolds(join(dir, 'digests.jsonl'), 'ghostghost')).toBe(false);
    }, { timeout: 5000 });
    expect(await fileHolds(join(dir, 'exchanges.jsonl'), lea.id)).toBe(true);
  });
});
