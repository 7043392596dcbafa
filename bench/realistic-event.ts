import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAttendee, newId, type Attendee } from '../server/domain/attendee.ts';
import { NeedMatcher } from '../server/domain/matching/need-matcher.ts';
import { CACHE_FILE } from '../server/semantic/text-vector-cache.ts';
import { MODEL_NAME } from '../server/semantic/vector-file.ts';
import { openStore } from '../server/store/store.ts';
import concepts from '../matching/concepts.json' with { type: 'json' };
import evalSet from '../matching/eval-set.json' with { type: 'json' };
import demo from '../server/demo/demo-event.json' with { type: 'json' };

/**
 * A data folder shaped like a real event of `attendees` people and `meetings` meetings, for the
 * memory benchmarks. The demo event copied 500 times has 25 distinct offerings; a real event has
 * nearly as many as people, and what the server keeps per distinct text (the sentence model's
 * vector, its support for each concept, the words and concepts of each profile) grows with them.
 *
 * - Offerings and needs: the demo's and the labelled sets' (matching/eval-set.json: texts people
 *   wrote), each with a qualifier of its own (a place, a sector, a size, a time), so nearly every
 *   text is distinct and still reads like one and hits the same concepts. One need in twenty is a
 *   bare pool text ("Funding"), as many people write the same short need.
 * - A third of people confirmed topics for their offering, and some for their needs (what the
 *   matcher proposes for the text, as the profile form does).
 * - Meetings at distinct times over a nine-hour day, at eight kiosks, each with a UUID
 *   idempotency key (the kiosk sends crypto.randomUUID()), one tap in twenty a repeat of a pair.
 * - text-vectors.jsonl in the cache's format, with a random unit vector for every text, so the
 *   server finds every text already read (the real model takes ~9 ms a text: ten minutes for
 *   60,000). Memory is that of a real event; the meaning is not, so talking points on this
 *   folder are no measure of quality.
 *
 * Deterministic for a given size (a seeded generator), except ids and keys.
 *
 * @example
 * await writeRealisticEvent('/tmp/bx-real', { attendees: 20_000, meetings: 200_000 })
 */
export async function writeRealisticEvent(dir: string, { attendees, meetings }: { attendees: number; meetings: number }): Promise<{ texts: number; taps: number }> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const random = seeded(attendees * 31 + meetings);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const { offerings, needs } = pools();
  const matcher = new NeedMatcher(concepts);
  const used = new Set<string>();
  // A text of its own: a pool text with qualifiers, drawn again on the rare repeat.
  const distinct = (base: readonly string[], forms: readonly ((t: string) => string)[], max: number) => {
    for (;;) {
      const text = pick(forms)(pick(base));
      if (text.length <= max && !used.has(text)) {
        used.add(text);
        return text;
      }
    }
  };
  const now = new Date('2025-05-20T07:30:00Z');
  const people: Attendee[] = [];
  for (let i = 0; i < attendees; i++) {
    const p = demo.attendees[i % demo.attendees.length]!;
    const offering = distinct(offerings, OFFERING_FORMS(pick), 120);
    const count = random() < 0.15 ? 1 : random() < 0.7 ? 2 : 3;
    const own = Array.from({ length: count }, () => (random() < 0.05 ? pick(needs) : distinct(needs, NEED_FORMS(pick), 160)));
    const theirNeeds = [...new Set(own)];
    const confirms = random() < 1 / 3;
    people.push(
      createAttendee(
        {
          name: `${pick(FIRST)} ${pick(LAST)}`,
          email: `p${i}@example.org`,
          company: `${p.company} ${pick(PLACES)}`,
          title: p.title,
          offering,
          needs: theirNeeds,
          goal: p.goal,
          digest: random() < 0.8,
          suggest: random() < 0.5,
          ...(confirms ? { offeringTopics: matcher.propose(offering, 'offering', 2), needTopics: theirNeeds.map((n) => (random() < 0.5 ? matcher.propose(n, 'need', 2) : [])) } : {}),
        },
        pick(['staff', 'import', 'register'] as const),
        now,
      ),
    );
  }
  const store = await openStore(dir);
  await store.upsertAttendees(people, []);
  await store.flush();

  const kiosks = Array.from({ length: 8 }, () => newId());
  const day = 9 * 3600_000;
  const pairs: { id: string; a: string; b: string }[] = [];
  const met = new Set<string>();
  const lines: string[] = [];
  let repeats = 0;
  const taps = Math.round(meetings * 1.05);
  for (let i = 0; i < taps; i++) {
    // Times rise through the day, each its own millisecond.
    const at = new Date(now.getTime() + Math.floor((i * day) / taps) + 1).toISOString();
    let tap: { id: string; a: string; b: string };
    if (pairs.length && repeats < taps - meetings && random() < 0.05) {
      tap = pick(pairs);
      repeats++;
    } else {
      for (;;) {
        const a = pick(people).id;
        const b = pick(people).id;
        const pair = a < b ? `${a}:${b}` : `${b}:${a}`;
        if (a === b || met.has(pair)) continue;
        met.add(pair);
        tap = { id: newId(), a, b };
        pairs.push(tap);
        break;
      }
    }
    lines.push(JSON.stringify({ ...tap, at, kiosk: pick(kiosks), key: randomUUID() }));
  }
  await writeFile(join(dir, 'exchanges.jsonl'), `${lines.join('\n')}\n`);

  const texts = await writeTextVectors(dir, people, random);
  return { texts, taps: lines.length };
}

/**
 * The sentence model's cache (text-vectors.jsonl) as if it had read every offering and need of
 * these people, with a random unit vector each: memory as after a real reading, meaning none.
 * Returns how many distinct texts it holds.
 */
export async function writeTextVectors(dir: string, people: readonly Pick<Attendee, 'offering' | 'needs'>[], random: () => number = Math.random): Promise<number> {
  const texts = new Set(people.flatMap((a) => [a.offering, ...a.needs]));
  const lines = [`${JSON.stringify({ model: MODEL_NAME })}\n`];
  for (const t of texts) lines.push(`${JSON.stringify({ t, v: unitVector(random) })}\n`);
  await writeFile(join(dir, CACHE_FILE), lines.join(''), { mode: 0o600 });
  return texts.size;
}

/** The distinct offerings and needs of the demo and the labelled sets. */
function pools(): { offerings: string[]; needs: string[] } {
  const offerings = new Set<string>();
  const needs = new Set<string>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    if (typeof o.offering === 'string') offerings.add(o.offering);
    if (typeof o.need === 'string') needs.add(o.need);
    if (Array.isArray(o.needs)) for (const n of o.needs) if (typeof n === 'string') needs.add(n);
    for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
  };
  walk(evalSet);
  walk(demo.attendees);
  return { offerings: [...offerings], needs: [...needs] };
}

const PLACES = ['Rotterdam', 'Lyon', 'Porto', 'Leeds', 'Gdańsk', 'Tallinn', 'Bilbao', 'Ghent', 'Aarhus', 'Turin', 'Cork', 'Brno', 'Malmö', 'Graz', 'Utrecht', 'Nantes', 'Kraków', 'Bristol', 'Valencia', 'Tampere', 'Lagos', 'Nairobi', 'Accra', 'Pune', 'Austin', 'Toronto', 'Montréal', 'Lisbon', 'Dublin', 'Vilnius', 'Bergen', 'Basel', 'Leipzig', 'Seville', 'Bologna', 'Eindhoven', 'Riga', 'Cluj', 'Sofia', 'Zagreb'];
const SECTORS = ['logistics', 'healthcare', 'fintech', 'retail', 'education', 'agritech', 'construction', 'media', 'energy', 'insurance', 'public sector', 'hospitality', 'manufacturing', 'legal tech', 'biotech', 'gaming', 'mobility', 'real estate', 'e-commerce', 'cybersecurity', 'non-profits', 'fashion', 'food and drink', 'climate tech', 'HR tech', 'proptech', 'travel', 'telecoms', 'sports', 'music'];
const SIZES = ['5', '10', '15', '20', '30', '50', '80', '120', '200', '500'];
const WHEN = ['this spring', 'before summer', 'by September', 'this quarter', 'next quarter', 'before year end', 'in January', 'within a month', 'for Q3', 'after our launch'];
const FIRST = ['Ada', 'Bram', 'Chloé', 'Dana', 'Emeka', 'Fatima', 'Gustav', 'Hana', 'Ines', 'Jonas', 'Kwame', 'Lena', 'Marta', 'Nils', 'Olu', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wen', 'Yusuf', 'Zoë'];
const LAST = ['Andersen', 'Bakker', 'Costa', 'Dubois', 'Eze', 'Fischer', 'García', 'Haddad', 'Ivanova', 'Jansen', 'Kowalski', 'Laine', 'Moreau', 'Nowak', 'Okafor', 'Petrov', 'Rossi', 'Schmidt', 'Tanaka', 'Virtanen', 'Walsh', 'Yilmaz', 'Zhang'];

const OFFERING_FORMS = (pick: <T>(l: readonly T[]) => T): ((t: string) => string)[] => [
  (t) => `${t}, based in ${pick(PLACES)}`,
  (t) => `${t} for ${pick(SECTORS)} teams`,
  (t) => `${t} (${pick(SECTORS)}, ${pick(PLACES)})`,
  (t) => `${t}; ${pick(SIZES)} clients so far in ${pick(PLACES)}`,
  (t) => `${t} — mostly ${pick(SECTORS)}, remote or in ${pick(PLACES)}`,
];
const NEED_FORMS = (pick: <T>(l: readonly T[]) => T): ((t: string) => string)[] => [
  (t) => `${t} in ${pick(PLACES)}`,
  (t) => `${t}, ideally from ${pick(SECTORS)}`,
  (t) => `${t} ${pick(WHEN)}`,
  (t) => `${t} (we are ${pick(SIZES)} people in ${pick(PLACES)})`,
  (t) => `${t}, ${pick(SECTORS)} background a plus`,
];

/** A random unit vector of the model's 512 dimensions, as the cache stores it (16 bits, scaled to its largest component). */
function unitVector(random: () => number): string {
  const v = Array.from({ length: 512 }, () => random() * 2 - 1);
  const max = Math.max(...v.map(Math.abs));
  const ints = Int16Array.from(v, (x) => Math.round((x / max) * 32767));
  return Buffer.from(ints.buffer).toString('base64');
}

/** mulberry32: the same folder for the same size, run after run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// `npx tsx bench/realistic-event.ts DIR [attendees] [meetings]`: writes the folder and says what it holds.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, n = '20000', m = '200000'] = process.argv.slice(2);
  if (!dir) throw new Error('Usage: tsx bench/realistic-event.ts DIR [attendees] [meetings]');
  const t = performance.now();
  const made = await writeRealisticEvent(dir, { attendees: Number(n), meetings: Number(m) });
  console.log(`${dir}: ${Number(n).toLocaleString('en')} attendees, ${made.texts.toLocaleString('en')} distinct texts, ${made.taps.toLocaleString('en')} taps, in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
