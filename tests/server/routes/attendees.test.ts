import { describe, expect, it } from 'vitest';
import { makeApp, profile, send, staff } from '../../helpers.ts';

describe('attendee routes', () => {
  it('creates an attendee with an id and a badge URL in QR alphanumeric form', async () => {
    const { app } = makeApp();
    const res = await send(app, 'POST', '/api/attendees', profile({ email: '  Dana@LedgerLight.Example ' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Dana Whitfield',
      email: 'dana@ledgerlight.example',
      needs: ['Cutting our cloud bill', 'Hiring two backend developers'],
      shareEmail: false,
      digest: true,
      complete: true,
    });
    expect(res.body.id).toMatch(/^[0-9a-z]{10}$/);
    expect(res.body.badgeUrl).toMatch(/^HTTP:\/\/192\.168\.1\.20:8080\/B\/[0-9A-Z]{23}$/);
    expect(res.body.badgeUrl.slice(-23, -13)).toBe(res.body.id.toUpperCase());
    expect(res.body).not.toHaveProperty('editKey');
    expect(res.body.profileUrl).toMatch(/^http:\/\/192\.168\.1\.20:8080\/me\/[\w-]{22}$/);
  });

  it('keeps the language a person reads, and changes or clears it', async () => {
    const { app } = makeApp();
    const { body: created } = await send(app, 'POST', '/api/attendees', profile({ language: 'ar' }));
    expect(created.language).toBe('ar');
    expect((await send(app, 'GET', `/api/attendees/${created.id}`)).body.language).toBe('ar');
    expect((await send(app, 'PATCH', `/api/attendees/${created.id}`, { language: 'fr' })).body.language).toBe('fr');
    const bad = await send(app, 'PATCH', `/api/attendees/${created.id}`, { language: 'fr-FR' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty('language');
    expect((await send(app, 'GET', `/api/attendees/${created.id}`)).body.language).toBe('fr');
  });

  it('reads, edits and erases an attendee', async () => {
    const { app } = makeApp();
    const { body: created } = await send(app, 'POST', '/api/attendees', profile());
    expect((await send(app, 'GET', `/api/attendees/${created.id}`)).body.name).toBe('Dana Whitfield');
    // Ids are case-insensitive, like the badge that carries them upper-cased.
    expect((await send(app, 'GET', `/api/attendees/${created.id.toUpperCase()}`)).status).toBe(200);

    const edited = await send(app, 'PATCH', `/api/attendees/${created.id}`, { title: 'Co-founder', needs: ['Funding'] });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'Co-founder', needs: ['Funding'], company: 'LedgerLight' });

    expect((await send(app, 'DELETE', `/api/attendees/${created.id}`)).status).toBe(204);
    expect((await send(app, 'GET', `/api/attendees/${created.id}`)).body.error.code).toBe('not_found');
    expect((await send(app, 'GET', '/api/attendees')).body.total).toBe(0);
    expect((await send(app, 'DELETE', `/api/attendees/${created.id}`)).status).toBe(404);
  });

  it('searches by any word of name, company, offering or needs, ignoring accents and case', async () => {
    const { app } = makeApp();
    await send(app, 'POST', '/api/attendees', profile());
    await send(app, 'POST', '/api/attendees', profile({ name: 'Zoë Ångström', email: 'zoe@nordlys.example', company: 'Nordlys', offering: 'Design sprints', needs: ['Clients in fintech'] }));
    const names = async (q: string) => (await send(app, 'GET', `/api/attendees?q=${encodeURIComponent(q)}`)).body.attendees.map((a: { name: string }) => a.name);
    expect(await names('zoe angstrom')).toEqual(['Zoë Ångström']);
    expect(await names('fintech')).toEqual(['Zoë Ångström']);
    expect(await names('LEDGERLIGHT')).toEqual(['Dana Whitfield']);
    expect(await names('')).toEqual(['Dana Whitfield', 'Zoë Ångström']);
    expect(await names('nobody-here')).toEqual([]);
  });

  it('lists only the people who asked for a digest, or only those who did not, with the count', async () => {
    const { app } = makeApp();
    await send(app, 'POST', '/api/attendees', profile({ digest: true }));
    await send(app, 'POST', '/api/attendees', profile({ name: 'Zoë Ångström', email: 'zoe@nordlys.example', digest: false }));
    const yes = (await send(app, 'GET', '/api/attendees?digest=1&q=dana')).body;
    expect(yes.attendees.map((a: { name: string }) => a.name)).toEqual(['Dana Whitfield']);
    expect(yes.total).toBe(1);
    expect((await send(app, 'GET', '/api/attendees?digest=0')).body.attendees.map((a: { name: string }) => a.name)).toEqual(['Zoë Ångström']);
  });

  it('refuses a second attendee with the same email, whatever its case', async () => {
    const { app } = makeApp();
    await send(app, 'POST', '/api/attendees', profile());
    const twin = await send(app, 'POST', '/api/attendees', profile({ name: 'Other', email: 'DANA@ledgerlight.example' }));
    expect(twin.status).toBe(409);
    expect(twin.body.error.code).toBe('email_taken');
    expect((await send(app, 'GET', '/api/attendees')).body.total).toBe(1);
  });

  it('reissues a badge: a new badge URL, the version bumped', async () => {
    const { app } = makeApp();
    const { body: a } = await send(app, 'POST', '/api/attendees', profile());
    const { status, body: b } = await send(app, 'POST', `/api/attendees/${a.id}/badge/reissue`);
    expect(status).toBe(200);
    expect(b.badgeVersion).toBe(2);
    expect(b.badgeUrl).not.toBe(a.badgeUrl);
  });

  it('keeps an imported incomplete profile editable, but a complete one cannot lose its offering', async () => {
    const { app } = makeApp();
    const { body: a } = await send(app, 'POST', '/api/attendees', profile());
    const res = await send(app, 'PATCH', `/api/attendees/${a.id}`, { offering: '' });
    expect(res.status).toBe(400);
    expect((await send(app, 'GET', `/api/attendees/${a.id}`)).body.offering).toBe(profile().offering);
  });

  it('needs the admin token: 401 without it or with a wrong one', async () => {
    const { app } = makeApp();
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: 'Basic abc' }] as Record<string, string>[]) {
      const res = await send(app, 'GET', '/api/attendees', undefined, headers);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
    expect((await send(app, 'POST', '/api/attendees', profile(), {})).status).toBe(401);
  });
});

describe('people without an email (walk-ins, speakers)', () => {
  it.each([['left out', undefined], ['empty', ''], ['blank', '   '], ['null', null]])('staff add one with the email %s', async (_label, email) => {
    const { app } = makeApp();
    const res = await send(app, 'POST', '/api/attendees', profile({ email }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Dana Whitfield', email: '', complete: true });
    expect(res.body.badgeUrl).toMatch(/\/B\//);
  });

  it('lets two people without an email be two people, and staff remove or add an email later', async () => {
    const { app } = makeApp();
    const a = (await send(app, 'POST', '/api/attendees', profile({ name: 'Walk In One', email: '' }))).body;
    const b = (await send(app, 'POST', '/api/attendees', profile({ name: 'Walk In Two', email: '' }))).body;
    expect(a.id).not.toBe(b.id);
    const withMail = await send(app, 'PATCH', `/api/attendees/${a.id}`, { email: 'one@example.org' });
    expect(withMail.body.email).toBe('one@example.org');
    // The address is now one person's: the other walk-in cannot take it.
    expect((await send(app, 'PATCH', `/api/attendees/${b.id}`, { email: 'ONE@example.org' })).body.error.code).toBe('email_taken');
    expect((await send(app, 'PATCH', `/api/attendees/${a.id}`, { email: '' })).body.email).toBe('');
    // Freed again: the other may have it.
    expect((await send(app, 'PATCH', `/api/attendees/${b.id}`, { email: 'one@example.org' })).status).toBe(200);
    expect((await send(app, 'GET', '/api/attendees')).body.total).toBe(2);
  });

  it('keeps the email required on self-registration, where it carries the personal link', async () => {
    const { app, store } = makeApp();
    const res = await send(app, 'POST', '/api/register', profile({ email: '' }), {});
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/Email does not look like an address/);
    expect(store.attendees()).toHaveLength(0);
  });
});

describe('bad input: a clear 4xx and the store unchanged', () => {
  const long = (n: number) => 'x'.repeat(n);
  const cases: [string, unknown, number, string, RegExp][] = [
    ['missing name', profile({ name: undefined }), 400, 'invalid_input', /Name is required/],
    ['blank name', profile({ name: '   ' }), 400, 'invalid_input', /Name is required/],
    ['oversized name', profile({ name: long(101) }), 400, 'invalid_input', /Name must be at most 100/],
    ['invalid email', profile({ email: 'dana-at-example' }), 400, 'invalid_input', /Email does not look like an address.*leave it empty/],
    ['email not text', profile({ email: 42 }), 400, 'invalid_input', /Email must be text/],
    ['two-line offering', profile({ offering: 'line one\nline two' }), 400, 'invalid_input', /Offering must be one line/],
    ['offering over 120', profile({ offering: long(121) }), 400, 'invalid_input', /at most 120/],
    ['missing offering', profile({ offering: undefined }), 400, 'invalid_input', /Offering is required/],
    ['four needs', profile({ needs: ['a', 'b', 'c', 'd'] }), 400, 'invalid_input', /At most three needs/],
    ['no needs', profile({ needs: [] }), 400, 'invalid_input', /at least one need/],
    ['needs not a list', profile({ needs: 'hiring' }), 400, 'invalid_input', /list/],
    ['a need over 160', profile({ needs: [long(161)] }), 400, 'invalid_input', /at most 160/],
    ['control characters', profile({ company: 'Acme\u0007' }), 400, 'invalid_input', /control characters/],
    ['consent not boolean', profile({ shareEmail: 'yes' }), 400, 'invalid_input', /shareEmail must be true or false/],
    ['unknown field', profile({ password: 'x' }), 400, 'invalid_input', /Unknown field: password/],
    ['a language we do not speak', profile({ language: 'klingon' }), 400, 'invalid_input', /Language must be one of en, de, fr, es, ar/],
    ['a language by its name', profile({ language: 'German' }), 400, 'invalid_input', /Language must be one of en, de, fr, es, ar/],
    ['an array', [profile()], 400, 'invalid_input', /JSON object/],
    ['malformed JSON', '{"name": "Dana",', 400, 'malformed_json', /not valid JSON/],
  ];

  it.each(cases)('%s', async (_label, body, status, code, message) => {
    const { app } = makeApp();
    const res = await send(app, 'POST', '/api/attendees', body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
    expect((await send(app, 'GET', '/api/attendees')).body.total).toBe(0);
  });

  it('says which field is wrong, for forms', async () => {
    const { app } = makeApp();
    const res = await send(app, 'POST', '/api/attendees', profile({ email: 'nope', needs: ['a', 'b', 'c', 'd'] }));
    expect(Object.keys(res.body.error.fields).sort()).toEqual(['email', 'needs']);
  });

  it('refuses the wrong content type with 415', async () => {
    const { app } = makeApp();
    const res = await app.request('/api/attendees', {
      method: 'POST',
      headers: { ...staff, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Dana&email=dana@example.com',
    });
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe('unsupported_media_type');
  });

  it('refuses a 10 MB body with 413 and no stack trace', async () => {
    const { app } = makeApp();
    const body = JSON.stringify(profile({ goal: 'x'.repeat(10 * 1024 * 1024) }));
    const res = await app.request('/api/attendees', { method: 'POST', headers: { ...staff, 'content-type': 'application/json' }, body });
    expect(res.status).toBe(413);
    const json = await res.json();
    expect(json.error.code).toBe('body_too_large');
    expect(JSON.stringify(json)).not.toMatch(/at .*\.ts/);
  });

  it('answers an unknown /api/ route with a JSON 404', async () => {
    const { app } = makeApp();
    const res = await send(app, 'GET', '/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'There is no GET /api/no-such-thing route.' } });
  });

  it('refuses a PATCH that changes nothing or takes another person\'s email', async () => {
    const { app } = makeApp();
    const { body: a } = await send(app, 'POST', '/api/attendees', profile());
    await send(app, 'POST', '/api/attendees', profile({ name: 'Sam', email: 'sam@cloudtrim.example' }));
    expect((await send(app, 'PATCH', `/api/attendees/${a.id}`, {})).status).toBe(400);
    const taken = await send(app, 'PATCH', `/api/attendees/${a.id}`, { email: 'SAM@cloudtrim.example' });
    expect(taken.status).toBe(409);
    expect((await send(app, 'GET', `/api/attendees/${a.id}`)).body.email).toBe('dana@ledgerlight.example');
  });
});
