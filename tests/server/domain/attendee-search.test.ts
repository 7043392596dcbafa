import { describe, expect, it } from 'vitest';
import { createAttendee, queryMatcher } from '../../../server/domain/attendee.ts';

const now = new Date('2026-12-03T09:00:00Z');
const person = (name: string, more: { email?: string; company?: string; offering?: string; needs?: string[] } = {}) =>
  createAttendee({ name, offering: more.offering ?? 'Consulting', needs: more.needs ?? ['Clients'], email: more.email, company: more.company }, 'staff', now);

// The desk's search: each word of the query begins a word of the person's details.
const people = [
  person('Léa Martin', { email: 'lea.martin@levain.example', company: 'Levain' }),
  person('Lea Fischer', { company: 'Fischer & Co' }),
  person('Sam Okafor', { company: 'ClearView Analytics', offering: 'Equipment lease financing' }),
  person('Pat Lead', { needs: ['A lead engineer'] }),
  person('Zoë Ångström', { company: 'Nordlys Design' }),
  person('Đặng Thị Minh', { company: 'Saigon Bytes' }),
  person("Conor O'Brien", { email: 'conor@obrien.example' }),
];

const found = (q: string) => people.filter(queryMatcher(q)).map((a) => a.name);

describe('searching attendees', () => {
  const cases: [string, string[]][] = [
    // Typed with its accent, a name finds that name only: not "lease", "Lead" or "ClearView".
    ['Léa', ['Léa Martin']],
    ['léa', ['Léa Martin']],
    ['LÉA MARTIN', ['Léa Martin']],
    // Typed without accents, it finds both spellings, and words that begin so (as typed).
    ['lea', ['Léa Martin', 'Lea Fischer', 'Sam Okafor', 'Pat Lead']],
    ['lea fis', ['Lea Fischer']],
    ['lea fin', ['Sam Okafor']],
    // The start of a word, never its middle.
    ['view', []],
    ['clearv', ['Sam Okafor']],
    ['art', []],
    ['mart', ['Léa Martin']],
    ['zoe angstrom', ['Zoë Ångström']],
    ['Zoë', ['Zoë Ångström']],
    ['dang minh', ['Đặng Thị Minh']],
    ['đặng', ['Đặng Thị Minh']],
    // Emails and punctuation: an address as typed, or any word in it.
    ['lea.martin@lev', ['Léa Martin']],
    ['levain', ['Léa Martin']],
    ["o'brien", ["Conor O'Brien"]],
    ['brien', ["Conor O'Brien"]],
    ['engineer', ['Pat Lead']],
    ['', people.map((a) => a.name)],
    ['   ', people.map((a) => a.name)],
    ['(', []],
  ];
  it.each(cases)('%j finds %j', (q, names) => expect(found(q)).toEqual(names));

  it('finds a name typed in decomposed form (as some keyboards send it)', () => {
    expect(found('Le\u0301a')).toEqual(['Léa Martin']);
  });
});
