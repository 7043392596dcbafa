// "Who to meet next" (an attendee's own page) at 20,000 attendees, half of them agreeing to be suggested:
// how long one request takes the server.
import demo from '../server/demo/demo-event.json' with { type: 'json' };
import evalSet from '../matching/eval-set.json' with { type: 'json' };
import { createAttendee } from '../server/domain/attendee.ts';
import { memoryStore } from '../server/store/store.ts';
import { emptyDb } from '../server/store/schema.ts';
import { TalkingPoints } from '../server/services/talking-points.ts';
import { suggestionsFor } from '../server/services/own-page.ts';
const offerings = [...demo.attendees.map((a) => a.offering), ...evalSet.pairs.map((p) => p.offering)];
const needs = [...demo.attendees.flatMap((a) => a.needs), ...evalSet.pairs.map((p) => p.need)];
let seed = 7; const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const now = new Date();
const people = Array.from({ length: 20000 }, (_, i) => createAttendee({ name: `P ${i}`, email: `p${i}@example.org`, offering: offerings[rand(offerings.length)]!, needs: [needs[rand(needs.length)]!, needs[rand(needs.length)]!], suggest: rand(2) === 0 }, 'staff', now));
const db = { ...emptyDb(), attendees: people };
const store = memoryStore(db);
const tp = new TalkingPoints(store, (id) => store.exchanges.met(id));
tp.index;
const deps = { store, talkingPoints: tp } as never;
const times: number[] = [];
let found = 0;
for (let i = 0; i < 300; i++) { const me = people[rand(people.length)]!; const t = performance.now(); found += suggestionsFor(deps, me).length; times.push(performance.now() - t); }
times.sort((a, b) => a - b);
console.log(`suggestions at 20,000: median ${times[150]!.toFixed(1)} ms, p99 ${times[296]!.toFixed(1)} ms, ${(found / 300).toFixed(1)} found a person`);
