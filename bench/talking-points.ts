import concepts from '../matching/concepts.json' with { type: 'json' };
import evalSet from '../matching/eval-set.json' with { type: 'json' };
import demo from '../server/demo/demo-event.json' with { type: 'json' };
import { createAttendee, type Attendee } from '../server/domain/attendee.ts';
import { ProfileIndex } from '../server/domain/matching/profile-index.ts';
import { talkingPointsFor } from '../server/domain/talking-points.ts';
import { DEFAULT_LANGUAGE, isLanguage } from '../server/i18n/languages.ts';
import type { TextToRead } from '../server/semantic/semantic-index.ts';
import { startSemanticIndex } from '../server/semantic/start.ts';
import { percentile } from './stats.ts';

/**
 * The talking-points bar: at most 5 ms per pair at p99 with 20,000 attendees and the exchange
 * graph of 200,000 meetings (each person met about 20 others, all candidates for introductions).
 */
const SIZE = 20_000;
// The language the points are written in: `npx tsx bench/talking-points.ts de`.
const lang = process.argv[2] ?? DEFAULT_LANGUAGE;
if (!isLanguage(lang)) throw new Error(`Unknown language ${lang}.`);
const MEETINGS_EACH = 20;

// Profiles drawn from the demo event and the labelled set, numbered so no two are identical.
const offerings = [...demo.attendees.map((a) => a.offering), ...evalSet.pairs.map((p) => p.offering)];
const needs = [...demo.attendees.flatMap((a) => a.needs), ...evalSet.pairs.map((p) => p.need)];
let seed = 42;
// A 32-bit LCG (Math.imul keeps it exact; a float multiply would fall into a short cycle).
const rand = (n: number) => {
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return seed % n;
};
const now = new Date();
const people: Attendee[] = Array.from({ length: SIZE }, (_, i) =>
  createAttendee(
    {
      name: `Person ${i}`,
      email: `p${i}@example.org`,
      offering: `${offerings[rand(offerings.length)]} ${i % 50 === 0 ? `in region ${i}` : ''}`.trim(),
      needs: Array.from({ length: 1 + rand(3) }, () => needs[rand(needs.length)]!),
      goal: i % 3 === 0 ? 'Grow the team' : '',
    },
    'staff',
    now,
  ),
);

const t0 = performance.now();
const index = new ProfileIndex(concepts, people);
const buildMs = performance.now() - t0;

// The sentence model reads every distinct text once (in its worker thread), as the server does
// in the background after start-up; pairs are then timed with meaning in the matcher.
const semantic = await startSemanticIndex();
const toRead: TextToRead[] = [...new Set(people.map((p) => p.offering))].map((text) => ({ text, side: 'offers' }));
toRead.push(...[...new Set(people.flatMap((p) => p.needs))].map((text) => ({ text, side: 'needs' as const })));
const r0 = performance.now();
await semantic.index.prepare(toRead);
const readMs = performance.now() - r0;
index.matcher.semantic = semantic.index;

const met = people.map(() => Array.from({ length: MEETINGS_EACH }, () => people[rand(SIZE)]!));

// Warm up, then time whole pairs: both directions, introductions included, as the kiosk asks.
for (let i = 0; i < 200; i++) talkingPointsFor(people[rand(SIZE)]!, people[rand(SIZE)]!, index, met[i]!, undefined, lang);
const times: number[] = [];
for (let i = 0; i < 5000; i++) {
  const a = rand(SIZE);
  const b = rand(SIZE);
  const t = performance.now();
  talkingPointsFor(people[a]!, people[b]!, index, met[a]!, undefined, lang);
  talkingPointsFor(people[b]!, people[a]!, index, met[b]!, undefined, lang);
  times.push(performance.now() - t);
}

const updates: number[] = [];
for (let i = 0; i < 500; i++) {
  const p = people[rand(SIZE)]!;
  const t = performance.now();
  index.upsert({ ...p, needs: [needs[rand(needs.length)]!] });
  updates.push(performance.now() - t);
}

// A pair at a kiosk while the model has a backlog (a big import just arrived): how long it waits.
const waits: number[] = [];
for (let round = 0; round < 10; round++) {
  const backlog = semantic.index.prepare(Array.from({ length: 400 }, (_, i) => ({ text: `Imported profile ${round}-${i} offering consulting`, side: 'offers' as const })));
  const t = performance.now();
  await semantic.index.prepare([
    { text: `Fresh offering ${round}: payroll for small firms`, side: 'offers' },
    { text: `Fresh need ${round}: our invoices are late`, side: 'needs' },
    { text: `Fresh offering ${round}: event photography`, side: 'offers' },
    { text: `Fresh need ${round}: a venue for 80 people`, side: 'needs' },
  ], { urgent: true });
  waits.push(performance.now() - t);
  await backlog;
}
await semantic.close();

console.log(`Talking points in ${lang} with ${SIZE.toLocaleString("en")} attendees who each met ${MEETINGS_EACH} (${((SIZE * MEETINGS_EACH) / 2).toLocaleString("en")} exchanges):`);
console.log(`  per pair (both directions, intros over ${MEETINGS_EACH} people met each): median ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms (bar 5 ms)`);
console.log(`  sentence model: ${toRead.length.toLocaleString('en')} distinct texts read in ${(readMs / 1000).toFixed(1)} s (${((readMs / toRead.length)).toFixed(1)} ms a text, in a worker thread); a new pair waits median ${percentile(waits, 50).toFixed(0)} ms, max ${Math.max(...waits).toFixed(0)} ms behind a 400-text backlog`);
console.log(`  index built once in ${(buildMs / 1000).toFixed(1)} s; a profile edit updates it in median ${percentile(updates, 50).toFixed(2)} ms`);
