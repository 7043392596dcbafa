import { html } from 'hono/html';
import QRCode from 'qrcode';
import type { Attendee } from '../domain/attendee.ts';
import { callName } from '../domain/talking-points.ts';
import { DEFAULT_LANGUAGE, textDirection, type Language } from '../i18n/languages.ts';
import { mailText } from '../i18n/server-catalogs.ts';
import { languageHeaders } from './mail-language.ts';
import { userTextIn } from '../domain/user-text.ts';
import type { OutgoingMail } from './mailer.ts';

/** Why the mail goes out, each with its own opening sentence. */
export type LinkMailReason = 'registered' | 'again' | 'staff';

/**
 * The mail with a person's own link (`/me/<key>`): sent when they register, when they register
 * again with the same email (instead of showing the link to whoever typed it), and when staff
 * send it again. It carries the badge's QR as a picture, so the phone can show it at the desk, and
 * the badge itself as a PDF, as it prints.
 * Written in `lang`, the person's language (else the event's).
 */
export async function linkMail(
  a: Attendee,
  { event, from, profileUrl, badgeUrl, reason, lang = DEFAULT_LANGUAGE, badgePdf = null }: { event: string; from: string; profileUrl: string; badgeUrl: string; reason: LinkMailReason; lang?: Language; badgePdf?: Buffer | null },
): Promise<OutgoingMail> {
  const t = mailText(lang);
  const own = userTextIn(lang);
  const values = { event: own(event) };
  const greeting = t('mail.greeting', { name: own(callName(a.name)) });
  const opening = { registered: t('mail.link.registered', values), again: t('mail.link.again', values), staff: t('mail.link.staff', values) }[reason];
  const text = [greeting, '', opening, '', t('mail.link.pageText'), profileUrl, '', t('mail.link.private'), t('mail.link.qr')].join('\n');
  const dir = textDirection(lang);
  // Explicit sides beside dir: mail clients that drop the <html> element keep the body's.
  const page = html`<!doctype html><html lang="${lang}" dir="${dir}"><body dir="${dir}" style="font-family: sans-serif; line-height: 1.5; text-align: ${dir === 'rtl' ? 'right' : 'left'}">
<p>${greeting}</p>
<p>${opening}</p>
<p><a href="${profileUrl}" style="display:inline-block;padding:12px 18px;background:#1a5fd0;color:#fff;border-radius:6px;text-decoration:none">${t('mail.link.button')}</a></p>
<p>${t('mail.link.pageHtml')} ${t('mail.link.private')}</p>
<p>${t('mail.link.qr')}</p>
</body></html>`;
  const qr = await QRCode.toBuffer(badgeUrl, { errorCorrectionLevel: 'Q', margin: 2, scale: 8 });
  return {
    from,
    to: { name: a.name, address: a.email },
    subject: t('mail.link.subject', values),
    text,
    html: String(page),
    messageId: `<link-${a.id}-${Date.now()}@badge-exchange.local>`,
    headers: languageHeaders(lang),
    attachments: [
      { filename: 'badge-qr.png', content: qr.toString('base64'), encoding: 'base64', contentType: 'image/png' },
      ...(badgePdf ? [{ filename: 'badge.pdf', content: badgePdf.toString('base64'), encoding: 'base64' as const, contentType: 'application/pdf' }] : []),
    ],
    about: [a.id],
  };
}
