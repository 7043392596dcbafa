import { html } from 'hono/html';
import QRCode from 'qrcode';
import type { Attendee } from '../domain/attendee.ts';
import { callName } from '../domain/talking-points.ts';
import type { OutgoingMail } from './mailer.ts';

/**
 * The mail with a person's own link (`/me/<key>`): sent when they register, when they register
 * again with the same email (instead of showing the link to whoever typed it), and when staff
 * send it again. It carries the badge's QR as a picture, so the phone can show it at the desk.
 */
export async function linkMail(
  a: Attendee,
  { event, from, profileUrl, badgeUrl, reason }: { event: string; from: string; profileUrl: string; badgeUrl: string; reason: 'registered' | 'again' | 'staff' },
): Promise<OutgoingMail> {
  const name = callName(a.name);
  const opening = {
    registered: `you are registered for ${event}.`,
    again: `someone (we hope you) asked for your link to ${event} again.`,
    staff: `here is your link to ${event}, as the registration desk asked.`,
  }[reason];
  const text = [
    `Hi ${name},`,
    '',
    `${opening[0]!.toUpperCase()}${opening.slice(1)}`,
    '',
    'Your own page, to see the people you meet and their talking points, keep notes and fix your profile:',
    profileUrl,
    '',
    'Keep this link to yourself: it opens your page without a password.',
    'Your badge QR code is attached: show it at the desk if your badge is not printed yet.',
  ].join('\n');
  const page = html`<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">
<p>Hi ${name},</p>
<p>${opening[0]!.toUpperCase()}${opening.slice(1)}</p>
<p><a href="${profileUrl}" style="display:inline-block;padding:12px 18px;background:#1a5fd0;color:#fff;border-radius:6px;text-decoration:none">Open my page</a></p>
<p>There you see the people you meet and their talking points, keep notes and fix your profile. Keep this link to yourself: it opens your page without a password.</p>
<p>Your badge QR code is attached: show it at the desk if your badge is not printed yet.</p>
</body></html>`;
  const qr = await QRCode.toBuffer(badgeUrl, { errorCorrectionLevel: 'Q', margin: 2, scale: 8 });
  return {
    from,
    to: { name: a.name, address: a.email },
    subject: `Your page for ${event}`,
    text,
    html: String(page),
    messageId: `<link-${a.id}-${Date.now()}@badge-exchange.local>`,
    attachments: [{ filename: 'badge-qr.png', content: qr.toString('base64'), encoding: 'base64', contentType: 'image/png' }],
    about: [a.id],
  };
}
