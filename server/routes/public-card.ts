import { Hono } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { parseBadgePayload } from '../domain/badge-payload.ts';
import { checkBadge, splitBadgeToken } from '../domain/badge-token.ts';
import type { Attendee } from '../domain/attendee.ts';
import type { AppDeps } from '../app.ts';
import { isolate } from '../domain/user-text.ts';
import { textDirection, type Language } from '../i18n/languages.ts';
import { pageText } from '../i18n/server-catalogs.ts';
import { browserLanguage } from './pages.ts';

const STYLE = `body{margin:0;font-family:system-ui,-apple-system,'Segoe UI','Noto Sans',sans-serif;background:#f4f5f7;color:#151515}
main{max-width:30rem;margin:0 auto;padding:2rem 1.25rem}.card{background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 1px 4px #0002}
.event{color:#555;font-size:.95rem;margin:0 0 1rem}h1{font-size:1.9rem;margin:0 0 .3rem;line-height:1.2}.role{margin:0 0 1rem;color:#333}
.offering{font-size:1.2rem;line-height:1.4;margin:0}footer{text-align:center;color:#666;font-size:.85rem;margin:1rem 0}`;

function page(lang: Language, title: string, event: string, body: ReturnType<typeof html>) {
  return html`<!doctype html><html lang="${lang}" dir="${textDirection(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${STYLE}</style></head><body><main>${body}</main><footer dir="auto">${event}</footer></body></html>`;
}

/**
 * What the world learns from a badge: name, company, title, offering, the event. Nothing private.
 * Each typed field is its own block with dir="auto" (an Arabic name reads right to left, and no
 * control in it reaches the next line); the tab title, plain text, isolates them with FSI…PDI.
 */
function card(lang: Language, a: Attendee, event: string) {
  return page(
    lang,
    `${isolate(a.name)} · ${isolate(event)}`,
    event,
    html`<article class="card"><p class="event" dir="auto">${event}</p><h1 dir="auto">${a.name}</h1>
${a.title || a.company ? html`<p class="role" dir="auto">${[a.title, a.company].filter(Boolean).join(', ')}</p>` : ''}
${a.offering ? html`<p class="offering" dir="auto">${a.offering}</p>` : ''}</article>`,
  );
}

/**
 * `/b/<token>` (and `/B/<token>`, as the QR encodes it): the public card a phone opens when it
 * scans a badge. Server-rendered, tiny, no script. A forged badge is 404, a reissued one 410.
 * The page speaks the phone's language (Accept-Language); the person's own words stay as typed.
 */
export function publicCardRoutes({ store, secret }: AppDeps) {
  const show = (token: string, lang: Language): { status: ContentfulStatusCode; body: ReturnType<typeof page> } => {
    const event = store.event.name;
    const t = pageText(lang);
    const refuse = (status: ContentfulStatusCode, title: string, text: string) => ({
      status,
      body: page(lang, title, event, html`<article class="card"><h1>${title}</h1><p>${text}</p></article>`),
    });
    const payload = parseBadgePayload(token);
    const parts = payload.ok ? splitBadgeToken(payload.token) : null;
    if (!parts) return refuse(400, t('pages.card.notBadgeTitle'), t('pages.card.notBadgeText'));
    const attendee = store.attendee(parts.id);
    const check = attendee ? checkBadge(secret, attendee.id, parts.signature, attendee.badgeVersion) : 'forged';
    if (check === 'forged' || !attendee) return refuse(404, t('pages.card.unknownTitle'), t('pages.card.unknownText'));
    if (check === 'revoked') return refuse(410, t('pages.card.replacedTitle'), t('pages.card.replacedText'));
    return { status: 200, body: card(lang, attendee, event) };
  };
  return new Hono().get('/:b{[bB]}/:token', (c) => {
    const { status, body } = show(c.req.param('token'), browserLanguage(c, store.event.language));
    return c.html(body, status);
  });
}
