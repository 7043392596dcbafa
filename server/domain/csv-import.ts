import { isUtf8 } from 'node:buffer';
import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { applyChanges, createAttendee, isComplete, normalizeEmail, type Attendee } from './attendee.ts';
import { describeIssues, importedAttendeeSchema, type ImportedAttendee } from './attendee-rules.ts';
import { fieldForHeader, parseConsent, splitTopics, type CsvField } from './csv-columns.ts';
import { AppError } from '../errors.ts';
import { LANGUAGES, languageNamed } from '../i18n/languages.ts';

/**
 * The most rows one import takes. The largest event we plan for has 20,000 people; a file of
 * more than 50,000 rows is a wrong export (one row per order line or per session booked, a whole
 * year's list) or one that staff cannot preview row by row anyway. It also bounds what one import
 * holds in memory and writes at once; the 8 MB body limit alone lets through ~150,000 short rows.
 */
export const MAX_IMPORT_ROWS = 50_000;

/**
 * Bytes handed to the CSV parser at a time: it parses each piece in one go (~130 rows, a few
 * milliseconds), so the piece bounds how long the parser holds the event loop between turns.
 */
const PIECE_BYTES = 16 * 1024;

/** Awaited between rows so that long work gives the event loop a turn now and then. */
export type Turn = () => Promise<void> | void;

export interface ReadOptions {
  /** Called after each row; see server/services/event-loop-turns.ts. */
  turn?: Turn;
  maxRows?: number;
  /** Finds a topic by id or name (case aside) in the event's list; null for one it does not hold. */
  topic?: (idOrName: string) => string | null;
}

/** A refused row, numbered as a spreadsheet shows it (the header is row 1). */
export interface RowError {
  row: number;
  message: string;
}

export interface ParsedCsv {
  rows: { row: number; fields: ImportedAttendee }[];
  errors: RowError[];
  /** Each header and the field it feeds (null: ignored), so staff can see what was understood. */
  columns: { header: string; field: CsvField | null }[];
}

/**
 * Reads an attendee CSV: UTF-8 (with or without BOM), comma, semicolon or tab separated, quoted
 * fields with commas and newlines. Rows that fail the attendee rules are reported, not fatal; a
 * file of more than `maxRows` rows is refused whole. Streams through csv-parse a piece at a time
 * and awaits `turn` after every row, so a big file does not stall the server.
 *
 * @example
 * const { rows, errors } = await parseAttendeeCsv(new TextEncoder().encode('Name,Email\nDana,dana@example.com'))
 */
export async function parseAttendeeCsv(bytes: Uint8Array, { turn = () => {}, maxRows = MAX_IMPORT_ROWS, topic = () => null }: ReadOptions = {}): Promise<ParsedCsv> {
  if (!isUtf8(bytes)) throw notUtf8();
  const skipped: RowError[] = [];
  const parser = parse({
    delimiter: detectDelimiter(firstLine(bytes)),
    info: true,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      if (err) skipped.push({ row: Number(err.records ?? 0) + 1, message: `Could not read this row (near line ${err.lines}): ${err.message}` });
    },
  });
  // Errors reach the loop below through the parser; leaving the loop early destroys both streams.
  pipeline(Readable.from(pieces(bytes), { objectMode: false }), parser, () => {});

  let columns: ParsedCsv['columns'] | null = null;
  const rows: ParsedCsv['rows'] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  let read = 0;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
    if (!columns) {
      columns = headerColumns(record);
      continue;
    }
    if (++read + skipped.length > maxRows) throw tooManyRows(maxRows);
    await turn();
    const row = info.records;
    if (record.every((cell) => cell.trim() === '')) continue;
    const result = rowToFields(record, columns, topic);
    if ('error' in result) {
      errors.push({ row, message: result.error });
      continue;
    }
    // One person per address; rows without one (walk-ins, speakers) are told apart by nothing.
    const email = normalizeEmail(result.fields.email);
    const first = email ? seen.get(email) : undefined;
    if (first !== undefined) {
      errors.push({ row, message: `Same email as row ${first} (${email}); row ${first} was kept.` });
      continue;
    }
    if (email) seen.set(email, row);
    rows.push({ row, fields: result.fields });
  }
  if (!columns) throw new AppError(400, 'csv_empty', 'The CSV file is empty: it needs a header row and one row per attendee.');
  errors.push(...skipped);
  errors.sort((a, b) => a.row - b.row);
  return { rows, errors, columns };
}

function* pieces(bytes: Uint8Array): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += PIECE_BYTES) {
    yield Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(PIECE_BYTES, bytes.length - at));
  }
}

function headerColumns(record: string[]): ParsedCsv['columns'] {
  const columns = record.map((header) => ({ header: header.trim(), field: fieldForHeader(header) }));
  const has = (f: CsvField) => columns.some((c) => c.field === f);
  // An email column is optional: a list of speakers or walk-ins may have none.
  if (!has('name') && !has('firstName') && !has('lastName')) {
    throw new AppError(400, 'csv_missing_column', `No name column found: add "Name", or "First Name" and "Last Name". Columns seen: ${columns.map((c) => c.header).join(', ')}.`);
  }
  return columns;
}

function tooManyRows(maxRows: number): AppError {
  const max = maxRows.toLocaleString('en');
  return new AppError(
    413,
    'csv_too_many_rows',
    `The CSV has more than ${max} rows; nothing was imported. Split it into files of at most ${max} rows and import them one after another.`,
  );
}

function rowToFields(record: string[], columns: ParsedCsv['columns'], topic: (idOrName: string) => string | null): { fields: ImportedAttendee } | { error: string } {
  const cell: Partial<Record<CsvField, string>> = {};
  columns.forEach(({ field }, i) => {
    const value = record[i]?.trim();
    if (field && value && cell[field] === undefined) cell[field] = value;
  });
  const candidate: Record<string, unknown> = {
    name: cell.name ?? [cell.firstName, cell.lastName].filter(Boolean).join(' '),
    email: cell.email ?? '',
  };
  // Spreadsheets let a company or title cell wrap onto two lines; that is layout, not meaning.
  // An offering on two lines is refused instead: it is a paragraph, not a one-liner.
  for (const f of ['company', 'title'] as const) if (cell[f]) candidate[f] = cell[f].replace(/\s*\r?\n\s*/g, ', ');
  for (const f of ['offering', 'goal'] as const) if (cell[f]) candidate[f] = cell[f];
  // Topics named in a cell, as ids; the first name the event does not know refuses the row.
  const topics = (f: CsvField, label: string): string[] | { error: string } => {
    const ids: string[] = [];
    for (const name of splitTopics(cell[f] ?? '')) {
      const id = topic(name);
      if (!id) return { error: `${label}: "${name}" is not a topic of this event (the console's Topics page lists them).` };
      ids.push(id);
    }
    return ids;
  };
  // Each need keeps its own topics, even when an earlier need cell is empty.
  const needCells = (['need1', 'need2', 'need3'] as const).map((f, i) => ({ text: cell[f], topics: topics(`need${i + 1}Topics` as CsvField, `Need ${i + 1} topics`) }));
  for (const n of needCells) if (!Array.isArray(n.topics)) return n.topics;
  const given = needCells.filter((n) => n.text);
  const needs = given.map((n) => n.text!);
  const needTopics = given.map((n) => n.topics as string[]);
  // A single "Needs" column holds several, one per line or separated by | or ;
  if (cell.needs) needs.push(...cell.needs.split(/\r?\n|\||;/).map((n) => n.trim()).filter(Boolean));
  if (needs.length) candidate.needs = needs;
  if (needTopics.some((t) => t.length)) candidate.needTopics = needTopics;
  const offeringTopics = topics('offeringTopics', 'Topics');
  if (!Array.isArray(offeringTopics)) return offeringTopics;
  if (offeringTopics.length) candidate.offeringTopics = offeringTopics;
  if (cell.language) {
    const language = languageNamed(cell.language);
    if (!language) return { error: `Language "${cell.language}" is not one this event speaks: ${LANGUAGES.join(', ')}.` };
    candidate.language = language;
  }
  for (const f of ['shareEmail', 'digest'] as const) {
    if (cell[f] === undefined) continue;
    const consent = parseConsent(cell[f]);
    if (consent === null) return { error: `${f === 'shareEmail' ? 'Share email' : 'Digest'} must be yes or no, not "${cell[f]}".` };
    candidate[f] = consent;
  }
  if (!candidate.name) return { error: 'Name is missing.' };
  const parsed = importedAttendeeSchema.safeParse(candidate);
  if (!parsed.success) return { error: describeIssues(parsed.error).message };
  return { fields: parsed.data };
}

function notUtf8(): AppError {
  return new AppError(
    400,
    'csv_not_utf8',
    'The file is not UTF-8 text, so names with accents would be garbled. Save it as "CSV UTF-8" (Excel: File → Save As → CSV UTF-8) and import again.',
  );
}

/** The header line (at most the first piece of the file), for guessing the separator. */
function firstLine(bytes: Uint8Array): string {
  const head = bytes.subarray(0, PIECE_BYTES);
  const end = head.indexOf(0x0a);
  return new TextDecoder().decode(end === -1 ? head : head.subarray(0, end));
}

/** Picks the separator that splits the header line most: European spreadsheets write semicolons. */
function detectDelimiter(firstLine: string): string {
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => ({ d, n: unquoted.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]!.n > 0 ? counts[0]!.d : ',';
}

export interface ImportPlan {
  created: Attendee[];
  /** The people updated, as planned (for the preview and the counts). */
  updated: Attendee[];
  /** Each update as a change of the person's record, applied to it as it is when the import is written. */
  changes: Map<string, (current: Attendee) => Attendee>;
  /** One line per good row, for the staff console's preview. */
  preview: { row: number; action: 'create' | 'update'; id: string; name: string; email: string; complete: boolean }[];
}

/** Who a row is, if already known: by email, or for a row without one by name among people without one. */
export interface ImportMatch {
  byEmail: (email: string) => Attendee | undefined;
  /** The one person without an email whose name folds to this (case and accents aside); undefined when none or several. */
  byNameWithoutEmail?: (name: string) => Attendee | undefined;
}

/**
 * Decides what each good row does: a known email updates that person (cells left empty keep
 * what is there), a new one creates an incomplete or complete profile. A row without an email
 * updates the one person of that name who has none either (so importing the same list twice
 * adds nobody twice), else creates one. Awaits `turn` after every row (making 50,000 profiles
 * takes about half a second of CPU).
 */
export async function planImport(
  rows: ParsedCsv['rows'],
  match: ImportMatch,
  now: Date,
  turn: Turn = () => {},
): Promise<ImportPlan> {
  const plan: ImportPlan = { created: [], updated: [], changes: new Map(), preview: [] };
  const claimed = new Set<string>();
  for (const { row, fields } of rows) {
    await turn();
    const email = normalizeEmail(fields.email ?? '');
    let existing = email ? match.byEmail(email) : match.byNameWithoutEmail?.(fields.name);
    // Two rows of one name without email are two people: the second does not update the first.
    if (!email && existing && claimed.has(existing.id)) existing = undefined;
    if (existing) claimed.add(existing.id);
    const next = existing ? applyChanges(existing, fields, now) : createAttendee(fields, 'import', now);
    (existing ? plan.updated : plan.created).push(next);
    if (existing) plan.changes.set(existing.id, (current) => applyChanges(current, fields, now));
    plan.preview.push({
      row,
      action: existing ? 'update' : 'create',
      id: next.id,
      name: next.name,
      email: next.email,
      complete: isComplete(next),
    });
  }
  return plan;
}
