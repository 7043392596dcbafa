// How often needKind names the kind a reader gave a need (matching/need-kinds.json): accuracy per
// kind, the confusions, and overall, for the held-out part (labelled and committed before the
// classifier was written, scored blind once) and the development part it was written on.
// Runs alone (`npx tsx scripts/eval-need-kinds.ts`, `--errors` lists every miss) and at the end
// of `npm run eval`.
import { pathToFileURL } from 'node:url';
import labelled from '../matching/need-kinds.json' with { type: 'json' };
import { needKind, type NeedKind } from '../server/domain/matching/need-kind.ts';

const KINDS: NeedKind[] = ['person', 'customers', 'money', 'advice', 'problem', 'other'];
interface Labelled { text: string; kind: string }

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function report(name: string, needs: Labelled[], errors: boolean): void {
  // confusion[label][said]
  const confusion = new Map(KINDS.map((k) => [k, new Map(KINDS.map((s) => [s, 0]))]));
  const misses: string[] = [];
  for (const n of needs) {
    const said = needKind(n.text);
    const row = confusion.get(n.kind as NeedKind);
    if (!row) throw new Error(`unknown kind "${n.kind}" for "${n.text}"`);
    row.set(said, row.get(said)! + 1);
    if (said !== n.kind) misses.push(`    ${n.kind.padEnd(9)} read as ${said.padEnd(9)} ${n.text}`);
  }
  const right = needs.length - misses.length;
  console.log(`  ${name}: ${right}/${needs.length} right, ${pct(right / (needs.length || 1))}`);
  console.log(`    ${'label \\ read as'.padEnd(16)}${KINDS.map((k) => k.padStart(10)).join('')}    accuracy`);
  for (const k of KINDS) {
    const row = confusion.get(k)!;
    const total = [...row.values()].reduce((a, b) => a + b, 0);
    console.log(`    ${k.padEnd(16)}${KINDS.map((s) => String(row.get(s)).padStart(10)).join('')}    ${total ? `${pct(row.get(k)! / total)} of ${total}` : '—'}`);
  }
  if (errors) console.log(misses.join('\n'));
}

/** Prints the need-kind accuracy of both parts; `errors` lists every need read as another kind. */
export function reportNeedKinds(errors = process.argv.includes('--errors')): void {
  console.log('\nNeed kinds (matching/need-kinds.json), the kind of question a need gets:');
  // Scored once, blind, at commit 4d78b73: 100/115 (87.0%), the honest figure. The classifier has
  // changed since on development data only, so today's figure here is no longer blind.
  report('held out (first scored at 4d78b73: 100/115, 87.0%, the honest figure; now)', labelled.heldOut, errors);
  report('development (the classifier was written on it)', labelled.development, errors);
}

// Alone, not when `npm run eval` imports it (that calls it after its own report).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) reportNeedKinds();
