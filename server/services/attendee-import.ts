import { parseAttendeeCsv, planImport } from '../domain/csv-import.ts';
import type { Store } from '../store/store.ts';

export type ImportResult = ReturnType<typeof summarize>;

/**
 * Imports an attendee CSV into the store in one durable write, or only plans it (`dryRun`) so
 * staff can preview what will be created, updated and refused. Used by the route and the CLI.
 */
export async function importAttendeeCsv(store: Store, bytes: Uint8Array, { dryRun, now }: { dryRun: boolean; now: Date }) {
  const parsed = parseAttendeeCsv(bytes);
  const plan = planImport(parsed.rows, (email) => store.attendeeByEmail(email), now);
  if (!dryRun) await store.upsertAttendees(plan.created, plan.updated);
  return summarize(parsed, plan, dryRun);
}

function summarize(parsed: ReturnType<typeof parseAttendeeCsv>, plan: ReturnType<typeof planImport>, dryRun: boolean) {
  return {
    created: plan.created.length,
    updated: plan.updated.length,
    errors: parsed.errors,
    dryRun,
    columns: parsed.columns,
    preview: plan.preview,
  };
}
