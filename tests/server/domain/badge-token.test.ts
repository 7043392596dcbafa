import { describe, expect, it } from 'vitest';
import { badgeUrl, checkBadge, signBadge, splitBadgeToken } from '../../../server/domain/badge-token.ts';
import { newId } from '../../../server/domain/attendee.ts';

const SECRET = 'secret-one';

function verify(token: string, secret = SECRET, version = 1) {
  const parts = splitBadgeToken(token);
  if (!parts) return 'malformed';
  return checkBadge(secret, parts.id, parts.signature, version);
}

describe('badge tokens', () => {
  it('round-trips and accepts any case', () => {
    const id = newId();
    const token = signBadge(SECRET, id, 1);
    expect(token).toMatch(/^[0-9A-Z]{23}$/);
    expect(splitBadgeToken(token.toLowerCase())?.id).toBe(id);
    expect(verify(token)).toBe('valid');
    expect(verify(token.toLowerCase())).toBe('valid');
  });

  it('tells a reissued badge (revoked) from a forged one', () => {
    const id = newId();
    const v1 = signBadge(SECRET, id, 1);
    expect(verify(v1, SECRET, 2)).toBe('revoked');
    expect(verify(signBadge(SECRET, id, 2), SECRET, 2)).toBe('valid');
    expect(verify(signBadge('another-secret', id, 1))).toBe('forged');
  });

  it('fails every one of thousands of random mutations', () => {
    const id = newId();
    const token = signBadge(SECRET, id, 1);
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    let verified = 0;
    for (let i = 0; i < 5000; i++) {
      const chars = [...token];
      const at = i % chars.length;
      const kind = i % 3;
      let mutated: string;
      if (kind === 0) {
        // flip one character to another valid one
        const other = alphabet[(alphabet.indexOf(chars[at]!) + 1 + (i % 31)) % 32]!;
        chars[at] = other;
        mutated = chars.join('');
      } else if (kind === 1) {
        mutated = token.slice(0, at); // truncated
      } else {
        mutated = token + alphabet[i % 32]; // extended
      }
      if (mutated !== token && verify(mutated) === 'valid') verified++;
    }
    expect(verified).toBe(0);
  });

  it('makes an upper-case URL short enough for a small QR code', () => {
    const url = badgeUrl('http://192.168.100.200:8080/', signBadge(SECRET, newId(), 1));
    expect(url).toMatch(/^HTTP:\/\/192\.168\.100\.200:8080\/B\/[0-9A-Z]{23}$/);
    // QR version 4 at level Q holds 67 alphanumeric characters.
    expect(url.length).toBeLessThanOrEqual(67);
  });
});
