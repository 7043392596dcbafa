import { describe, expect, it } from 'vitest';
import { parseBadgePayload } from '../../../server/domain/badge-payload.ts';

const T = '8H0S7E6KS0GY193NV66YF5C';

describe('parseBadgePayload', () => {
  const accepted: [string, string][] = [
    ['the printed URL', `HTTP://192.168.1.20:8080/B/${T}`],
    ['another host (the kiosk reaches the server elsewhere)', `https://badges.example.org/b/${T}`],
    ['lower case, as some phones rewrite it', `http://192.168.1.20:8080/b/${T.toLowerCase()}`],
    ['a trailing slash', `HTTP://10.0.0.2/B/${T}/`],
    ['a bare token', T],
    ['a bare token in lower case', T.toLowerCase()],
    ['a keyboard wedge with Enter', `HTTP://192.168.1.20:8080/B/${T}\r\n`],
    ['a keyboard wedge with a tab and spaces', `  ${T}\t`],
  ];
  it.each(accepted)('accepts %s', (_label, input) => {
    expect(parseBadgePayload(input)).toEqual({ ok: true, token: T });
  });

  const refused: [string, string, string][] = [
    ['nothing', '', 'empty'],
    ['only Enter', '\r\n', 'empty'],
    ['another site', 'https://example.org/hello', 'not_a_badge'],
    ['a URL with a query', `HTTP://192.168.1.20:8080/B/${T}?x=1`, 'not_a_badge'],
    ['a path other than /b/', `HTTP://192.168.1.20:8080/C/${T}`, 'not_a_badge'],
    ['a token with letters base32 leaves out', `${T.slice(0, -1)}U`, 'not_a_badge'],
    ['a word', 'hello', 'not_a_badge'],
    ['two badges at once', `${T} ${T}`, 'not_a_badge'],
    ['a script', '<script>alert(1)</script>', 'not_a_badge'],
    ['a vCard', 'BEGIN:VCARD\nFN:Dana\nEND:VCARD', 'not_a_badge'],
    ['a very long string', 'A'.repeat(5000), 'not_a_badge'],
  ];
  it.each(refused)('refuses %s', (_label, input, reason) => {
    expect(parseBadgePayload(input)).toEqual({ ok: false, reason });
  });
});
