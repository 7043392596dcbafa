// `npm run eval -- --demo`: every "your offering may help" claim the demo event's pairs would
// show at a kiosk, weakest first, with the evidence, so a person can read them all and label the
// wrong ones (matching/demo-claims.json). The same matcher and sentence model as the server.
import { seedDemoIfEmpty } from '../server/demo/seed-demo.ts';
import { startSemanticIndex } from '../server/semantic/start.ts';
import { TalkingPoints } from '../server/services/talking-points.ts';
import { talkingPointsFor } from '../server/domain/talking-points.ts';
import { memoryStore } from '../server/store/store.ts';
import { profileTexts } from '../server/semantic/semantic-index.ts';

export async function listDemoClaims(): Promise<void> {
  const store = memoryStore();
  await seedDemoIfEmpty(store, new Date());
  const semantic = await startSemanticIndex();
  const points = new TalkingPoints(store, () => [], semantic.index);
  const people = store.attendees();
  // Every profile read by the model before anything is scored, as a server has after a minute.
  await semantic.index.prepare(people.flatMap(profileTexts));
  const index = points.index;
  const claims: { score: number; line: string }[] = [];
  for (const a of people) {
    for (const b of people) {
      if (a.id === b.id) continue;
      for (const p of talkingPointsFor(a, b, index, [])) {
        if (p.kind !== 'need-match') continue;
        claims.push({ score: p.score ?? 0, line: `${(p.score ?? 0).toFixed(2)}  ${a.name} «${a.offering}» → ${b.name} «${p.need}» (${(p.matched ?? []).join(', ')})` });
      }
    }
  }
  claims.sort((x, y) => x.score - y.score);
  console.log(`${claims.length} claims over ${(people.length * (people.length - 1)) / 2} pairs (both directions), weakest first:\n`);
  for (const c of claims) console.log(c.line);
  await semantic.close();
}
