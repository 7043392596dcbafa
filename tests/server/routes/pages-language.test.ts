import { describe, expect, it } from 'vitest';
import { makeApp, profile, send } from '../../helpers.ts';

const asked = (lang: string) => ({ 'accept-language': lang });
const htmlTag = (page: string) => page.match(/<html[^>]*>/)![0];

describe('page shells in the visitor’s language', () => {
  it('sets <html lang dir>, the title and the noscript line from Accept-Language', async () => {
    const { app, store } = makeApp();
    const event = store.event.name;
    const de = await app.request('/register', { headers: asked('de-AT,de;q=0.9,en;q=0.8') });
    const page = await de.text();
    expect(htmlTag(page)).toBe('<html lang="de" dir="ltr">');
    expect(page).toContain(`<title>Anmelden · ${event}</title>`);
    expect(page).toContain('<noscript>Badge Exchange braucht für diese Seite JavaScript.</noscript>');
    expect(de.headers.get('vary')).toMatch(/Accept-Language/i);

    const ar = await (await app.request('/me/some-key', { headers: asked('ar-EG') })).text();
    expect(htmlTag(ar)).toBe('<html lang="ar" dir="rtl">');
    expect(ar).toContain(`<title>صفحتك · ${event}</title>`);
    const fr = await (await app.request('/m/some-token', { headers: asked('fr-CH, fr;q=0.9') })).text();
    expect(fr).toContain(`<title>Votre rencontre · ${event}</title>`);
    expect(await (await app.request('/', { headers: asked('es') })).text()).toContain('Regístrate y recoge tu acreditación');
  });

  it('falls back to the event’s language, then English; the staff console stays English', async () => {
    const { app } = makeApp();
    expect(htmlTag(await (await app.request('/register', { headers: asked('ja, zh;q=0.5') })).text())).toBe('<html lang="en" dir="ltr">');
    expect((await send(app, 'PATCH', '/api/event', { language: 'fr' })).status).toBe(200);
    expect(htmlTag(await (await app.request('/register', { headers: asked('ja') })).text())).toBe('<html lang="fr" dir="ltr">');
    expect(htmlTag(await (await app.request('/register')).text())).toBe('<html lang="fr" dir="ltr">');
    expect(htmlTag(await (await app.request('/staff', { headers: asked('ar') })).text())).toBe('<html lang="en" dir="ltr">');
  });
});

describe('the public card in the phone’s language', () => {
  it('refuses in that language, and leaves the person’s own words as typed', async () => {
    const { app } = makeApp();
    const dana = (await send(app, 'POST', '/api/attendees', profile({ name: 'Dana Whitfield', offering: 'Bookkeeping for small firms' }))).body;
    const token = (dana.badgeUrl as string).split(/\/[bB]\//)[1]!;

    const card = await app.request(`/b/${token}`, { headers: asked('de-DE') });
    const shown = await card.text();
    expect(card.status).toBe(200);
    expect(htmlTag(shown)).toBe('<html lang="de" dir="ltr">');
    expect(shown).toContain('<h1 dir="auto">Dana Whitfield</h1>');
    expect(shown).toContain('Bookkeeping for small firms');

    const notBadge = await app.request('/b/nonsense', { headers: asked('ar') });
    expect(notBadge.status).toBe(400);
    const refused = await notBadge.text();
    expect(htmlTag(refused)).toBe('<html lang="ar" dir="rtl">');
    expect(refused).toContain('<h1>ليس رمز شارة</h1>');

    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const unknown = await app.request(`/b/${forged}`, { headers: asked('fr-FR,fr;q=0.9') });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('<h1>Badge inconnu</h1>');

    await send(app, 'POST', `/api/attendees/${dana.id}/badge/reissue`);
    const replaced = await app.request(`/b/${token}`, { headers: asked('es-MX') });
    expect(replaced.status).toBe(410);
    expect(await replaced.text()).toContain('<h1>Acreditación sustituida</h1>');
    // No header at all: English, as before.
    expect(await (await app.request(`/b/${token}`)).text()).toContain('<h1>Replaced badge</h1>');
  });
});

describe('talking points on the own page and the take-along page, in the language asked for', () => {
  it('answers ?lang= in that language; without it, the reader’s own (the own page) or the event’s (the take-along page)', async () => {
    const { app } = makeApp();
    const register = async (fields: Record<string, unknown>) => (await send(app, 'POST', '/api/register', profile(fields), {})).body;
    const me = await register({ name: 'Noa Levi', email: 'noa@example.org', needs: ['Hiring two backend developers'], language: 'fr' });
    const aisha = await register({ name: 'Aisha Mbeki', email: 'aisha@example.org', offering: 'Recruiting agency placing software engineers', needs: ['Funding'] });
    const badge = async (id: string) => (await send(app, 'GET', `/api/attendees/${id}`)).body.badgeUrl as string;
    const { body: k } = await send(app, 'POST', '/api/kiosks', { name: 'Hall A' });
    const paired = (await send(app, 'POST', '/api/kiosk/pair', { code: k.pairingCode }, {})).body;
    const met = (await send(app, 'POST', '/api/exchanges', { a: await badge(me.id), b: await badge(aisha.id) }, { authorization: `Bearer ${paired.token}` })).body;

    const key = (me.profileUrl as string).split('/me/')[1]!;
    const pointsOnMyPage = async (query: string) => (await send(app, 'GET', `/api/profile/${key}/meetings${query}`, undefined, {})).body.meetings[0].points;
    const expected = async (lang: string) => (await send(app, 'GET', `/api/talking-points?a=${me.id}&b=${aisha.id}&lang=${lang}`)).body;

    // The same points the kiosk's reader would get in that language (the phrasings are locales/talking-points).
    const german = await pointsOnMyPage('?lang=de');
    expect(german).toEqual((await expected('de')).forA);
    expect(await pointsOnMyPage('')).toEqual((await expected('fr')).forA);
    const klingon = await send(app, 'GET', `/api/profile/${key}/meetings?lang=klingon`, undefined, {});
    expect(klingon.status).toBe(400);
    expect(klingon.body.error.message).toBe('lang must be one of en, de, fr, es, ar.');
    expect((await send(app, 'GET', `/api/meetings/${(met.takeAlongUrl as string).split('/m/')[1]}?lang=xx`, undefined, {})).status).toBe(400);
    expect((await send(app, 'GET', `/api/profile/${key}`, undefined, {})).body.language).toBe('fr');

    const token = (met.takeAlongUrl as string).split('/m/')[1]!;
    const along = async (query: string) => (await send(app, 'GET', `/api/meetings/${token}${query}`, undefined, {})).body.talkingPoints;
    expect(await along('?lang=ar')).toEqual(await expected('ar'));
    expect(await along('')).toEqual(await expected('en'));
  });
});
