import { stringify } from 'csv-stringify/sync';
import type { Attendee } from './attendee.ts';
import type { Turn } from './csv-import.ts';
import { eventTimeFormat } from './event-settings.ts';

/**
 * The attendee and meeting exports, as CSV that opens cleanly in Excel: UTF-8 with a BOM (else
 * Excel reads "Zoë" as "ZoÃ«"), CRLF line ends, and every text a person typed neutralised so a
 * spreadsheet never runs it as a formula. Pure: data in, text out.
 */

// A cell starting with one of these is a formula to Excel, LibreOffice and Sheets
// ("=HYPERLINK(…)", "+1+1", "-2+3", "@SUM(…)"), and tab or CR can hide one (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Makes one cell of people's text inert: a leading apostrophe, which spreadsheets show and never
 * evaluate. Numbers we write ourselves are not passed through this.
 *
 * @example
 * inert('=HYPERLINK("http://evil")') // "'=HYPERLINK(\"http://evil\")"
 */
export function inert(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

// Every cell quoted: a spreadsheet then keeps "007" and "1-2" as text too.
const CELLS = { quoted: true, record_delimiter: '\r\n' } as const;

function toCsv(header: string[], rows: (string | number)[][]): string {
  return stringify([header, ...rows], { ...CELLS, bom: true });
}

/** A CSV file as its header, its items and how one item becomes a row. */
export interface CsvTable<T> {
  header: string[];
  items: readonly T[];
  row: (item: T) => (string | number)[];
}

// Rows made into text between two turns: 200,000 meetings in one piece held the server a second,
// and 2,000 rows still 40-80 ms on a busy machine.
const ROWS_A_PIECE = 500;

/** The table as CSV text, a piece at a time, awaiting `turn` between pieces (the route streams them), its items still `keep`ing. */
export async function* csvPieces<T>(table: CsvTable<T>, turn: Turn = () => {}, keep: (item: T) => boolean = () => true): AsyncGenerator<string> {
  yield stringify([table.header], { ...CELLS, bom: true });
  for (let i = 0; i < table.items.length; i += ROWS_A_PIECE) {
    await turn();
    // Asked as each piece is written: a download lasts a while, and whoever is erased meanwhile goes.
    yield stringify(table.items.slice(i, i + ROWS_A_PIECE).filter(keep).map(table.row), CELLS);
  }
}

export interface ExportContext {
  timeZone?: string;
  /** Meetings per attendee id. */
  meetings: (id: string) => number;
}

/**
 * Every attendee with consents, badge and meetings. The first columns are the import's own
 * headers, so the file can be edited and imported again.
 */
export function attendeesTable(attendees: readonly Attendee[], ctx: ExportContext): CsvTable<Attendee> {
  const tz = ctx.timeZone ?? 'UTC';
  const time = eventTimeFormat(tz);
  const header = [
    'Name', 'Email', 'Company', 'Title', 'Offering', 'Need 1', 'Need 2', 'Need 3', 'Goal', 'Share email', 'Digest', 'Language',
    `Badge printed (${tz})`, 'Meetings', 'Profile complete', 'Source', `Registered (${tz})`, 'Id',
  ];
  const row = (a: Attendee) => [
    inert(a.name), inert(a.email), inert(a.company), inert(a.title), inert(a.offering),
    inert(a.needs[0] ?? ''), inert(a.needs[1] ?? ''), inert(a.needs[2] ?? ''), inert(a.goal),
    yesNo(a.shareEmail), yesNo(a.digest), a.language ?? '',
    a.printedAt ? time(a.printedAt) : '', ctx.meetings(a.id),
    yesNo(a.offering.length > 0 && a.needs.length > 0), a.source, time(a.createdAt), a.id,
  ];
  return { header, items: attendees, row };
}

export interface MeetingRow {
  a: Attendee;
  b: Attendee;
  count: number;
  firstAt: string;
  lastAt: string;
  /** Names of the kiosks it was recorded at. */
  where: string[];
}

/**
 * Who met whom, when, where and how often. An email appears only when its owner chose to share
 * it (`shareEmail`), as in the digests.
 */
export function meetingsTable(meetings: readonly MeetingRow[], ctx: { timeZone?: string }): CsvTable<MeetingRow> {
  const tz = ctx.timeZone ?? 'UTC';
  const time = eventTimeFormat(tz);
  const header = ['Person A', 'Company A', 'Email A', 'Person B', 'Company B', 'Email B', `First met (${tz})`, `Last met (${tz})`, 'Times', 'Where'];
  const shared = (p: Attendee) => (p.shareEmail ? inert(p.email) : '');
  const row = (m: MeetingRow) => [
    inert(m.a.name), inert(m.a.company), shared(m.a), inert(m.b.name), inert(m.b.company), shared(m.b),
    time(m.firstAt), time(m.lastAt), m.count, inert(m.where.join(', ')),
  ];
  return { header, items: meetings, row };
}

/** The rows an import refused, with the spreadsheet row number and the reason, to fix and import again. */
export function refusedRowsCsv(errors: readonly { row: number; message: string }[]): string {
  return toCsv(['Row', 'Reason'], errors.map((e) => [e.row, inert(e.message)]));
}
