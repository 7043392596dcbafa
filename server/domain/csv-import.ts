import { parse } from 'csv-parse/sync';
import { applyChanges, createAttendee, isComplete, normalizeEmail, type Attendee } from './attendee.ts';
import { describeIssues, importedAttendeeSchema, type ImportedAttendee } from './attendee-rules.ts';
import { fieldForHeader, parseConsent, type CsvField } from './csv-columns.ts';
import { AppError } from '../errors.ts';

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
 * fields with commas and newlines. Rows that fail the attendee rules are reported, not fatal.
 *
 * @example
 * const { rows, errors } = parseAttendeeCsv(new TextEncoder().encode('Name,Email\nDana,dana@example.com'))
 */
export function parseAttendeeCsv(bytes: Uint8Array): ParsedCsv {
  const text = decodeUtf8(bytes);
  const skipped: RowError[] = [];
  const records = parse(text, {
    delimiter: detectDelimiter(text),
    info: true,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      if (err) skipped.push({ row: Number(err.records ?? 0) + 1, message: `Could not read this row (near line ${err.lines}): ${err.message}` });
    },
  }) as unknown as { record: string[]; info: { records: number } }[];

  const [head, ...body] = records;
  if (!head) throw new AppError(400, 'csv_empty', 'The CSV file is empty: it needs a header row and one row per attendee.');
  const columns = head.record.map((header) => ({ header: header.trim(), field: fieldForHeader(header) }));
  const has = (f: CsvField) => columns.some((c) => c.field === f);
  if (!has('email')) {
    throw new AppError(400, 'csv_missing_column', `No email column found. Columns seen: ${columns.map((c) => c.header).join(', ')}.`);
  }
  if (!has('name') && !has('firstName') && !has('lastName')) {
    throw new AppError(400, 'csv_missing_column', 'No name column found: add "Name", or "First Name" and "Last Name".');
  }

  const rows: ParsedCsv['rows'] = [];
  const errors: RowError[] = [...skipped];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    const row = info.records;
    if (record.every((cell) => cell.trim() === '')) continue;
    const result = rowToFields(record, columns);
    if ('error' in result) {
      errors.push({ row, message: result.error });
      continue;
    }
    const email = normalizeEmail(result.fields.email);
    const first = seen.get(email);
    if (first !== undefined) {
      errors.push({ row, message: `Same email as row ${first} (${email}); row ${first} was kept.` });
      continue;
    }
    seen.set(email, row);
    rows.push({ row, fields: result.fields });
  }
  errors.sort((a, b) => a.row - b.row);
  return { rows, errors, columns };
}

function rowToFields(record: string[], columns: ParsedCsv['columns']): { fields: ImportedAttendee } | { error: string } {
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
  const needs = [cell.need1, cell.need2, cell.need3].filter((n): n is string => Boolean(n));
  // A single "Needs" column holds several, one per line or separated by | or ;
  if (cell.needs) needs.push(...cell.needs.split(/\r?\n|\||;/).map((n) => n.trim()).filter(Boolean));
  if (needs.length) candidate.needs = needs;
  for (const f of ['shareEmail', 'digest'] as const) {
    if (cell[f] === undefined) continue;
    const consent = parseConsent(cell[f]);
    if (consent === null) return { error: `${f === 'shareEmail' ? 'Share email' : 'Digest'} must be yes or no, not "${cell[f]}".` };
    candidate[f] = consent;
  }
  if (!candidate.email) return { error: 'Email is missing.' };
  if (!candidate.name) return { error: 'Name is missing.' };
  const parsed = importedAttendeeSchema.safeParse(candidate);
  if (!parsed.success) return { error: describeIssues(parsed.error).message };
  return { fields: parsed.data };
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError(
      400,
      'csv_not_utf8',
      'The file is not UTF-8 text, so names with accents would be garbled. Save it as "CSV UTF-8" (Excel: File → Save As → CSV UTF-8) and import again.',
    );
  }
}

/** Picks the separator that splits the header line most: European spreadsheets write semicolons. */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => ({ d, n: unquoted.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]!.n > 0 ? counts[0]!.d : ',';
}

export interface ImportPlan {
  created: Attendee[];
  updated: Attendee[];
  /** One line per good row, for the staff console's preview. */
  preview: { row: number; action: 'create' | 'update'; id: string; name: string; email: string; complete: boolean }[];
}

/**
 * Decides what each good row does: a known email updates that person (cells left empty keep
 * what is there), a new one creates an incomplete or complete profile.
 */
export function planImport(
  rows: ParsedCsv['rows'],
  findByEmail: (email: string) => Attendee | undefined,
  now: Date,
): ImportPlan {
  const plan: ImportPlan = { created: [], updated: [], preview: [] };
  for (const { row, fields } of rows) {
    const existing = findByEmail(normalizeEmail(fields.email));
    const next = existing ? applyChanges(existing, fields, now) : createAttendee(fields, 'import', now);
    (existing ? plan.updated : plan.created).push(next);
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
