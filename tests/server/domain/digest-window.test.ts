import { describe, expect, it } from 'vitest';
import { digestWindowProblem, insideDigestWindow, nextDigestWindowOpening } from '../../../server/domain/digest-window.ts';

const day = { from: 9, until: 20 };
const night = { from: 20, until: 2 }; // spans midnight

describe('insideDigestWindow', () => {
  it.each([
    // [moment (UTC), window, zone, inside]
    ['2026-12-06T08:59:00Z', day, 'UTC', false],
    ['2026-12-06T09:00:00Z', day, 'UTC', true],
    ['2026-12-06T19:59:00Z', day, 'UTC', true],
    ['2026-12-06T20:00:00Z', day, 'UTC', false],
    ['2026-12-06T08:30:00Z', day, 'Europe/Berlin', true], // 09:30 in Berlin
    ['2026-07-06T18:30:00Z', day, 'Europe/Berlin', false], // 20:30 in a Berlin summer
    ['2026-12-06T23:00:00Z', night, 'UTC', true],
    ['2026-12-06T01:59:00Z', night, 'UTC', true],
    ['2026-12-06T02:00:00Z', night, 'UTC', false],
    ['2026-12-06T03:00:00Z', null, 'UTC', true], // no window: any time
  ] as const)('%s, %o in %s: %s', (iso, window, zone, inside) => {
    expect(insideDigestWindow(new Date(iso), window, zone)).toBe(inside);
  });
});

describe('nextDigestWindowOpening', () => {
  it.each([
    ['2026-12-06T05:00:00Z', day, 'UTC', '2026-12-06T09:00:00.000Z'],
    ['2026-12-06T21:15:30Z', day, 'UTC', '2026-12-07T09:00:00.000Z'],
    ['2026-12-06T05:00:00Z', day, 'Europe/Berlin', '2026-12-06T08:00:00.000Z'],
    ['2026-12-06T05:00:00Z', day, 'Asia/Kathmandu', '2026-12-07T03:15:00.000Z'], // 10:45 there: tomorrow
    // Berlin's clocks go forward on 29 March: 09:00 that day is 07:00 UTC, not 08:00.
    ['2026-03-28T22:00:00Z', day, 'Europe/Berlin', '2026-03-29T07:00:00.000Z'],
    // and back on 25 October: 09:00 is 08:00 UTC again.
    ['2026-10-24T21:00:00Z', day, 'Europe/Berlin', '2026-10-25T08:00:00.000Z'],
  ] as const)('after %s, %o in %s: %s', (iso, window, zone, opens) => {
    expect(nextDigestWindowOpening(new Date(iso), window, zone).toISOString()).toBe(opens);
  });
});

describe('digestWindowProblem', () => {
  it('says when sending opens, in the event time zone', () => {
    expect(digestWindowProblem(new Date('2026-12-06T05:00:00Z'), day, 'Europe/Berlin')).toBe(
      'Digests go out between 09:00 and 20:00 (Europe/Berlin). Sending opens Sun 6 Dec, 09:00. A dry run and a test copy work at any time.',
    );
  });
  it('is null inside the window and without one', () => {
    expect(digestWindowProblem(new Date('2026-12-06T10:00:00Z'), day, 'Europe/Berlin')).toBeNull();
    expect(digestWindowProblem(new Date('2026-12-06T03:00:00Z'), undefined, 'Europe/Berlin')).toBeNull();
  });
});
