import { describe, expect, it } from 'vitest';
import { escapeValue, foldLine, vcard } from '../../../server/mail/vcard.ts';

describe('vCard writer', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b; c', 'a\\, b\\; c'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines', 'two\\nlines'],
  ])('escapes %j as RFC 6350 says', (input, out) => expect(escapeValue(input)).toBe(out));

  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const folded = foldLine(`NOTE:${'é'.repeat(60)}`);
    for (const line of folded.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(`NOTE:${'é'.repeat(60)}`);
  });

  it('writes a card a phone can import', () => {
    const card = vcard({ name: 'Zoë Ångström', email: 'zoe@nordlys.example', company: 'Nordlys, Design', title: 'Designer', note: 'Design sprints; fast' });
    expect(card.split('\r\n').slice(0, 5)).toEqual(['BEGIN:VCARD', 'VERSION:4.0', 'FN:Zoë Ångström', 'N:Ångström;Zoë;;;', 'EMAIL;TYPE=work:zoe@nordlys.example']);
    expect(card).toContain('ORG:Nordlys\\, Design\r\n');
    expect(card).toContain('NOTE:Design sprints\\; fast\r\n');
    expect(card.endsWith('END:VCARD\r\n')).toBe(true);
  });
});
