import { describe, expect, it } from 'vitest';
import type { JournalSink, Tap } from '../../../server/store/exchange-journal.ts';
import { ExchangeRegistry } from '../../../server/store/exchanges.ts';

// Memory only: these tests are about the order of the met lists, not the disk.
const sink: JournalSink = { append: async () => {}, filter: async () => {}, close: async () => {} };
const tap = (n: number, a: string, b: string, at: string): Tap => ({ id: `e${n}`, a, b, at: `2026-12-03T09:00:${at}.000Z`, kiosk: 'k' });

describe('whom a person met', () => {
  it('lists people by first meeting, ties in the order recorded, however the journal interleaves them', () => {
    const registry = new ExchangeRegistry(sink, [
      tap(1, 'a', 'b', '05'),
      tap(2, 'c', 'a', '01'),
      tap(3, 'a', 'd', '05'),
      tap(4, 'a', 'b', '00'), // a repeat: b's first meeting with a stays at :05
      tap(5, 'e', 'a', '09'),
      tap(6, 'a', 'f', '03'),
    ]);
    expect(registry.met('a')).toEqual(['c', 'f', 'b', 'd', 'e']);
    expect(registry.met('b')).toEqual(['a']);
    expect(registry.met('nobody')).toEqual([]);
  });

  it('gives the same list until the person meets someone new, then a new one', async () => {
    const registry = new ExchangeRegistry(sink, [tap(1, 'a', 'b', '01')]);
    const before = registry.met('a');
    await registry.record({ a: 'b', b: 'a', kiosk: 'k', at: new Date('2026-12-03T09:00:02Z') });
    expect(registry.met('a')).toBe(before);
    await registry.record({ a: 'a', b: 'c', kiosk: 'k', at: new Date('2026-12-03T09:00:03Z') });
    expect(registry.met('a')).toEqual(['b', 'c']);
    expect(before).toEqual(['b']);
  });

  it('drops an erased person from everyone’s list, and everyone after a purge', () => {
    const registry = new ExchangeRegistry(sink, [tap(1, 'a', 'b', '01'), tap(2, 'c', 'a', '02'), tap(3, 'b', 'c', '03')]);
    registry.forget('a');
    expect(registry.met('a')).toEqual([]);
    expect(registry.met('b')).toEqual(['c']);
    expect(registry.met('c')).toEqual(['b']);
    registry.forgetAll();
    expect(registry.met('b')).toEqual([]);
  });
});

describe('one meeting per pair, whoever is scanned first', () => {
  it('folds a tap of the two the other way round into the same meeting, and keeps it through another person’s erasure', async () => {
    const registry = new ExchangeRegistry(sink, [tap(1, 'a', 'b', '01'), tap(2, 'b', 'c', '02'), tap(3, 'a', 'c', '03')]);
    const again = await registry.record({ a: 'b', b: 'a', kiosk: 'k2', at: new Date('2026-12-03T09:00:04Z'), key: 'x' });
    expect(again.created).toBe(false);
    expect(again.exchange).toMatchObject({ id: 'e1', a: 'a', b: 'b', count: 2, kiosks: ['k', 'k2'], lastAt: '2026-12-03T09:00:04.000Z' });
    registry.forget('c');
    expect(registry.size).toBe(1);
    expect(registry.ofAttendee('b').map((e) => e.id)).toEqual(['e1']);
    expect(registry.byId('e2')).toBeUndefined();
    // The retried key still finds its meeting; a key of an erased person's meeting finds nothing.
    expect((await registry.record({ a: 'a', b: 'b', kiosk: 'k2', at: new Date(), key: 'x' })).exchange.count).toBe(2);
    const fresh = await registry.record({ a: 'd', b: 'a', kiosk: 'k', at: new Date('2026-12-03T09:00:05Z') });
    expect(fresh.created).toBe(true);
    expect(registry.met('a')).toEqual(['b', 'd']);
  });
});
