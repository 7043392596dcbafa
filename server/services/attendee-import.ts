import { parseAttendeeCsv, planImport, type ImportPlan, type ParsedCsv } from '../domain/csv-import.ts';
import shipped from '../../matching/concepts.json' with { type: 'json' };
import type { ConceptFile } from '../domain/matching/concepts.ts';
import { withEventTopics } from '../domain/topics.ts';
import type { Store } from '../store/store.ts';
import { foldForSearch, type Attendee } from '../domain/attendee.ts';
import { takeTurns } from './event-loop-turns.ts';

export type ImportResult = ReturnType<typeof summarize>;

/** Rows of the preview and of the refused list that an answer carries unless asked for others. */
export const IMPORT_PAGE = 100;
/** The most rows of each list one answer carries, so even a 50,000-row preview stays small. */
export const MAX_IMPORT_PAGE = 1000;

/** Which rows of the preview and of the refused list to answer with (the totals cover the file). */
export interface ImportPage {
  offset: number;
  limit: number;
}

/**
 * Imports an attendee CSV into the store in one durable write, or only plans it (`dryRun`) so
 * staff can preview what will be created, updated and refused. Used by the route and the CLI.
 * Counts cover the whole file; `errors` and `preview` hold one page of rows (`page`), with
 * `errorsTotal` and `previewTotal` saying how many there are in all.
 */
export async function importAttendeeCsv(
  store: Store,
  bytes: Uint8Array,
  { dryRun, now, page = { offset: 0, limit: IMPORT_PAGE } }: { dryRun: boolean; now: Date; page?: ImportPage },
) {
  // Parsing and planning share one budget of turns: each stretch between them stays short.
  const turn = takeTurns();
  const parsed = await parseAttendeeCsv(bytes, { turn, topic: topicFinder(withEventTopics(shipped, store.eventTopics())) });
  const plan = await planImport(parsed.rows, { byEmail: (email) => store.attendeeByEmail(email), byNameWithoutEmail: namesWithoutEmail(store) }, now, turn);
  // Written on the records as they are then: an edit or an erasure while this was planned stays.
  if (!dryRun) await store.changeAttendees(plan.created, plan.changes);
  return summarize(parsed, plan, dryRun, page);
}

function summarize(parsed: ParsedCsv, plan: ImportPlan, dryRun: boolean, { offset, limit }: ImportPage) {
  const window = <T>(list: T[]) => list.slice(offset, offset + limit);
  return {
    created: plan.created.length,
    updated: plan.updated.length,
    errors: window(parsed.errors),
    errorsTotal: parsed.errors.length,
    /** Good rows whose profile still lacks an offering or needs. */
    incomplete: plan.preview.filter((p) => !p.complete).length,
    dryRun,
    columns: parsed.columns,
    preview: window(plan.preview),
    previewTotal: plan.preview.length,
    offset,
    limit,
  };
}

/** People without an email, by folded name, when the name is theirs alone (made once per import). */
function namesWithoutEmail(store: Store): (name: string) => Attendee | undefined {
  const byName = new Map<string, Attendee | null>();
  for (const a of store.attendees()) {
    if (a.email) continue;
    const key = foldForSearch(a.name).trim();
    byName.set(key, byName.has(key) ? null : a);
  }
  return (name) => byName.get(foldForSearch(name).trim()) ?? undefined;
}

/** Finds a topic by its id or its name, case and accents aside. */
function topicFinder(concepts: ConceptFile): (idOrName: string) => string | null {
  const fold = (t: string) => t.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();
  const byKey = new Map<string, string>();
  for (const c of concepts.concepts) {
    byKey.set(fold(c.id), c.id);
    byKey.set(fold(c.label), c.id);
  }
  return (name) => byKey.get(fold(name)) ?? null;
}
