import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAttendee } from '../../../server/domain/attendee.ts';
import { fieldForHeader, parseConsent } from '../../../server/domain/csv-columns.ts';
import { parseAttendeeCsv, planImport } from '../../../server/domain/csv-import.ts';
import { AppError } from '../../../server/errors.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url)));
const csv = (text: string) => new TextEncoder().encode(text);

describe('parseAttendeeCsv', () => {
  it('reads an Eventbrite export: first and last name joined, quoted commas kept, email normalized', async () => {
    const { rows, errors, columns } = await parseAttendeeCsv(fixture('eventbrite.csv'));
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.row, r.fields.name, r.fields.email, r.fields.company, r.fields.title])).toEqual([
      [2, 'Dana Whitfield', 'dana@ledgerlight.example', 'LedgerLight', 'Co-founder & CEO'],
      [3, 'Sam Okafor', 'SAM.OKAFOR@cloudtrim.example', 'CloudTrim, Inc.', 'Founder'],
      [4, 'Zoë Ångström', 'zoe@nordlys.example', 'Nordlys Design', 'Product designer'],
    ]);
    expect(columns.filter((c) => c.field === null).map((c) => c.header)).toEqual(['Order #', 'Order Date', 'Quantity', 'Ticket Type', 'Attendee Status']);
    expect(rows[0]!.fields.offering).toBeUndefined();
  });

  it('reads a pretix export: BOM, semicolons, consents in German, a quoted semicolon', async () => {
    const { rows, errors } = await parseAttendeeCsv(fixture('pretix-semicolon.csv'));
    expect(errors).toEqual([]);
    expect(rows[0]!.fields).toEqual({
      name: 'Wojciech Szczęsny',
      email: 'wojtek@bramka.example',
      company: 'Bramka Security',
      title: 'Penetration tester',
      offering: 'Penetration tests for SaaS, before a big audit',
      needs: ['SaaS facing SOC 2', 'A marketing person; who explains security'],
      shareEmail: true,
      digest: true,
    });
    expect(rows[1]!.fields).toMatchObject({ name: 'Đặng Thị Minh', needs: ['European clients'], shareEmail: false, digest: true });
  });

  it('reads our own template, with escaped quotes and a company cell wrapped onto two lines', async () => {
    const { rows, errors } = await parseAttendeeCsv(fixture('our-template.csv'));
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.fields.name)).toEqual(['Rafael Duarte', 'Mei-Ling "Ming" Chou', 'Kenji Watanabe']);
    expect(rows[0]!.fields).toMatchObject({ needs: ['Startups drowning in spreadsheets', 'A co-founder with sales experience'], goal: 'Turn freelancing into a product company', shareEmail: true });
    // The row number is the spreadsheet's: the record spanning two lines is still row 4.
    expect(rows[2]!.row).toBe(4);
    expect(rows[2]!.fields.company).toBe('Kumo Robotics, Tokyo office');
  });

  it('keeps the good rows and reports each bad one with its row and reason', async () => {
    const { rows, errors } = await parseAttendeeCsv(fixture('one-broken-row.csv'));
    expect(rows.map((r) => r.fields.email)).toEqual(['good.one@example.org', 'good.two@example.org']);
    expect(errors).toEqual([
      { row: 3, message: 'Email does not look like an address (name@example.com); leave it empty if the person has none.' },
      { row: 4, message: 'Name is missing.' },
      { row: 6, message: 'Share email must be yes or no, not "maybe".' },
      { row: 7, message: 'Same email as row 2 (good.one@example.org); row 2 was kept.' },
    ]);
  });

  it('refuses a file that is not UTF-8, saying how to save it', async () => {
    await expect(parseAttendeeCsv(fixture('latin1.csv'))).rejects.toThrow(/not UTF-8.*CSV UTF-8/);
  });

  const fileErrors: [string, string, string][] = [
    ['empty', '', 'csv_empty'],
    ['no name column', 'Email,Company\ndana@example.org,LedgerLight\n', 'csv_missing_column'],
  ];
  it.each(fileErrors)('refuses a file with %s', async (_label, text, code) => {
    try {
      await parseAttendeeCsv(csv(text));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe(code);
    }
  });

  it('refuses a row whose multi-line field would break a one-line offering', async () => {
    const { rows, errors } = await parseAttendeeCsv(csv('Name,Email,Offering\nDana,dana@example.org,"line one\nline two"\n'));
    expect(rows).toEqual([]);
    expect(errors).toEqual([{ row: 2, message: 'Offering must be one line.' }]);
  });

  it('reads a Language column as a code or a name, and refuses a language we do not speak', async () => {
    const { rows, errors } = await parseAttendeeCsv(csv('Name,Email,Language\nAnna,anna@example.org,de\nBen,ben@example.org,German\nClaire,claire@example.org,Français\nDan,dan@example.org,\nKor,kor@example.org,klingon\n'));
    expect(rows.map((r) => [r.fields.name, r.fields.language])).toEqual([['Anna', 'de'], ['Ben', 'de'], ['Claire', 'fr'], ['Dan', undefined]]);
    expect(errors).toEqual([{ row: 6, message: 'Language "klingon" is not one this event speaks: en, de, fr, es, ar.' }]);
  });

  it('splits a single Needs column and skips blank lines and rows', async () => {
    const { rows } = await parseAttendeeCsv(csv('name,email,needs\n\nDana,dana@example.org,hiring | funding\n,,\n'));
    expect(rows.map((r) => r.fields.needs)).toEqual([['hiring', 'funding']]);
  });
});

describe('header matching', () => {
  const table: [string, string | null][] = [
    ['First Name', 'firstName'], ['LAST NAME', 'lastName'], ['E-Mail', 'email'], ['Email Address', 'email'],
    ['Attendee name: Family name', 'lastName'], ['Job Title', 'title'], ['Organisation', 'company'],
    ['need 2', 'need2'], ['Need2', 'need2'], ['Share email', 'shareEmail'], ['Order #', null], ['Ticket Type', null],
  ];
  it.each(table)('%s → %s', (header, field) => expect(fieldForHeader(header)).toBe(field));

  const consents: [string, boolean | null][] = [['Yes', true], ['x', true], ['ja', true], ['No', false], ['0', false], ['maybe', null]];
  it.each(consents)('consent %s → %s', (cell, value) => expect(parseConsent(cell)).toBe(value));
});

describe('rows without an email', () => {
  it('reads a list without an email column, and an empty email cell, as people without one', async () => {
    const { rows, errors } = await parseAttendeeCsv(csv('Name,Company\nDana,LedgerLight\nSam,CloudTrim\n'));
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.fields.name, r.fields.email])).toEqual([['Dana', ''], ['Sam', '']]);
    const mixed = await parseAttendeeCsv(csv('Name,Email\nDana,\nSam,\nLee,lee@example.org\n'));
    expect(mixed.errors).toEqual([]);
    expect(mixed.rows.map((r) => r.fields.email)).toEqual(['', '', 'lee@example.org']);
  });

  it('matches a row without an email to the one person of that name without one, so a second import adds nobody twice', async () => {
    const now = new Date('2026-12-01T09:00:00Z');
    const walkIn = createAttendee({ name: 'Léa Martin', offering: 'Sourdough workshops', needs: ['A venue'] }, 'staff', now);
    const byName = (name: string) => (name.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '') === 'lea martin' ? walkIn : undefined);
    const { rows } = await parseAttendeeCsv(csv('Name,Company\nLéa Martin,Levain\nNew Speaker,\nNew Speaker,\n'));
    const plan = await planImport(rows, { byEmail: () => undefined, byNameWithoutEmail: byName }, now);
    expect(plan.updated.map((a) => [a.id, a.company])).toEqual([[walkIn.id, 'Levain']]);
    // Two rows of one new name are two people.
    expect(plan.created.map((a) => [a.name, a.email])).toEqual([['New Speaker', ''], ['New Speaker', '']]);
  });
});

describe('planImport', () => {
  it('updates a known email (case-insensitively) without blanking what the row leaves empty', async () => {
    const now = new Date('2026-12-01T09:00:00Z');
    const known = createAttendee({ name: 'Dana W', email: 'dana@ledgerlight.example', offering: 'Bookkeeping', needs: ['Funding'] }, 'staff', now);
    const { rows } = await parseAttendeeCsv(csv('Name,Email,Company\nDana Whitfield,DANA@ledgerlight.example,LedgerLight\nNew Person,new@example.org,\n'));
    const plan = await planImport(rows, { byEmail: (email) => (email === known.email ? known : undefined) }, now);
    expect(plan.updated).toHaveLength(1);
    expect(plan.updated[0]).toMatchObject({ id: known.id, name: 'Dana Whitfield', company: 'LedgerLight', offering: 'Bookkeeping', needs: ['Funding'] });
    expect(plan.created).toHaveLength(1);
    expect(plan.created[0]).toMatchObject({ name: 'New Person', offering: '', needs: [], source: 'import' });
    expect(plan.preview.map((p) => [p.action, p.complete])).toEqual([['update', true], ['create', false]]);
    // Written later, the row's cells go onto the record as it is then: an edit made meanwhile stays.
    const editedMeanwhile = { ...known, goal: 'Reach 500 firms', offering: 'Bookkeeping for small firms' };
    expect(plan.changes.get(known.id)!(editedMeanwhile)).toMatchObject({ name: 'Dana Whitfield', company: 'LedgerLight', goal: 'Reach 500 firms', offering: 'Bookkeeping for small firms' });
  });
});
