/**
 * vCards (RFC 6350, version 4.0) for the contacts in a digest: one .vcf file with a card per
 * person who chose to share their email, which a phone imports in one tap. Written by hand
 * because it is small and the npm writers seen lack escaping or folding: values are escaped
 * (backslash, comma, semicolon, newline) and lines folded at 75 octets without splitting a
 * UTF-8 character.
 */

export interface VCardContact {
  name: string;
  email: string;
  company?: string;
  title?: string;
  note?: string;
}

/** Escapes a text value as RFC 6350 §3.4 says. */
export function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line at 75 octets, continuing with CRLF and a space (§3.2). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (octets + size > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

/** "Zoë Ångström" → family "Ångström", given "Zoë"; one-word names are all given name. */
function structuredName(name: string): string {
  const parts = name.trim().split(/\s+/);
  const family = parts.length > 1 ? parts.pop()! : '';
  return `${escapeValue(family)};${escapeValue(parts.join(' '))};;;`;
}

export function vcard(c: VCardContact): string {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', `FN:${escapeValue(c.name)}`, `N:${structuredName(c.name)}`, `EMAIL;TYPE=work:${escapeValue(c.email)}`];
  if (c.company) lines.push(`ORG:${escapeValue(c.company)}`);
  if (c.title) lines.push(`TITLE:${escapeValue(c.title)}`);
  if (c.note) lines.push(`NOTE:${escapeValue(c.note)}`);
  lines.push('END:VCARD');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

/** Every contact in one file. */
export function vcards(contacts: VCardContact[]): string {
  return contacts.map(vcard).join('');
}
