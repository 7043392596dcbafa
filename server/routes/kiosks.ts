import { Hono } from 'hono';
import QRCode from 'qrcode';
import { z } from 'zod';
import { checkPairing, createKiosk, hashToken, newKioskToken, newPairingCode, normalizeCode, PAIRING_MINUTES } from '../domain/kiosk.ts';
import { AppError, notFound } from '../errors.ts';
import { jsonBody } from '../middleware/json-body.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { requireKiosk } from '../middleware/kiosk-auth.ts';
import type { EventInfo, Kiosk } from '../store/schema.ts';
import type { AppDeps } from '../app.ts';
import { LANGUAGES, languageOf } from '../i18n/languages.ts';

const kioskSchema = z.strictObject({
  name: z.string({ error: 'Name the kiosk, e.g. "Hall A, left".' }).trim().min(1, { error: 'Name the kiosk, e.g. "Hall A, left".' }).max(60, { error: 'A kiosk name has at most 60 characters.' }),
});
const kioskChangeSchema = z.strictObject({
  name: kioskSchema.shape.name.optional(),
  camera: z.boolean({ error: 'camera is true (the kiosk reads badges with its camera) or false (scanner only).' }).optional(),
  // null: the event's language.
  language: z.enum(LANGUAGES, { error: `language is one of ${LANGUAGES.join(', ')}, or null for the event's.` }).nullable().optional(),
});
const pairSchema = z.strictObject({ code: z.string({ error: 'Type the pairing code staff gave you.' }).trim().min(1, { error: 'Type the pairing code staff gave you.' }).max(20) });

/** What a kiosk is told of itself: what staff set for it, and the language its screens start in. */
const kioskSettings = (k: Kiosk, event: EventInfo) => ({ name: k.name, camera: k.camera !== false, language: languageOf(k, event) });

/** What staff see of a kiosk: never its token. */
function kioskView(k: Kiosk, event: EventInfo, publicUrl: string, seen?: { lastSeenAt: string | null; online: boolean }) {
  return {
    lastSeenAt: seen?.lastSeenAt ?? null,
    online: seen?.online ?? false,
    id: k.id,
    ...kioskSettings(k, event),
    // What staff chose for this kiosk; null when it follows the event's language.
    ownLanguage: k.language ?? null,
    createdAt: k.createdAt,
    paired: Boolean(k.tokenHash) && !k.revokedAt,
    pairedAt: k.pairedAt,
    revokedAt: k.revokedAt,
    pairingCode: k.pairingCode,
    expiresAt: k.pairingExpiresAt,
    pairingUrl: k.pairingCode ? `${publicUrl}/kiosk?code=${k.pairingCode}` : null,
  };
}

/** Staff manage kiosks (`/api/kiosks`): add one with a pairing code, list, renew a code, unpair. */
export function staffKioskRoutes({ store, now, publicUrl, kioskPresence }: AppDeps) {
  const seen = (k: Kiosk) => ({ lastSeenAt: kioskPresence.lastSeen(k.id), online: kioskPresence.online(k.id, now()) });
  const found = (id: string) => {
    const k = store.kiosks().find((x) => x.id === id.toLowerCase());
    if (!k) throw notFound('That kiosk');
    return k;
  };
  return new Hono()
    .get('/', (c) => c.json({ kiosks: store.kiosks().map((k) => kioskView(k, store.event, publicUrl, seen(k))) }))
    .post('/', ...jsonBody(kioskSchema), async (c) => {
      const kiosk = createKiosk(c.req.valid('json').name, now());
      await store.saveKiosk(kiosk);
      return c.json(kioskView(kiosk, store.event, publicUrl, seen(kiosk)), 201);
    })
    // Rename a kiosk, switch its camera off for a kiosk that reads badges with a scanner only, or set its language.
    .patch('/:id', ...jsonBody(kioskChangeSchema), async (c) => {
      const k = found(c.req.param('id'));
      const changes = c.req.valid('json');
      const { language: _language, ...rest } = k;
      const language = changes.language === undefined ? k.language : (changes.language ?? undefined);
      const next: Kiosk = {
        ...rest,
        ...(changes.name !== undefined && { name: changes.name }),
        ...(changes.camera !== undefined && { camera: changes.camera }),
        ...(language && { language }),
      };
      await store.saveKiosk(next);
      return c.json(kioskView(next, store.event, publicUrl, seen(next)));
    })
    .post('/:id/pairing-code', async (c) => {
      const k = found(c.req.param('id'));
      const at = now();
      // A new code for a tablet that was reset or replaced; the old token stops working.
      const next: Kiosk = {
        ...k,
        tokenHash: null,
        revokedAt: null,
        pairingCode: newPairingCode(),
        pairingExpiresAt: new Date(at.getTime() + PAIRING_MINUTES * 60_000).toISOString(),
      };
      await store.saveKiosk(next);
      return c.json(kioskView(next, store.event, publicUrl, seen(next)));
    })
    // A QR of the pairing link, for a tablet to scan from the staff console's screen.
    .get('/:id/pairing.svg', async (c) => {
      const k = found(c.req.param('id'));
      if (!k.pairingCode) throw new AppError(404, 'no_pairing_code', 'This kiosk has no open pairing code. Ask for a new one.');
      const svg = await QRCode.toString(`${publicUrl}/kiosk?code=${k.pairingCode}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
      return c.body(svg, 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-store' });
    })
    .delete('/:id', async (c) => {
      const k = found(c.req.param('id'));
      await store.saveKiosk({ ...k, tokenHash: null, pairingCode: null, pairingExpiresAt: null, revokedAt: now().toISOString() });
      return c.body(null, 204);
    });
}

/**
 * `POST /api/kiosk/pair`: a tablet trades a fresh code, once, for its kiosk token.
 * `GET /api/kiosk/settings`: a paired kiosk asks what staff set for it (it asks every few seconds),
 * saying with `?queued=3` how many meetings it still holds from when the server was away.
 */
export function pairingRoutes({ store, now, kioskPresence }: AppDeps) {
  return new Hono()
    .get('/settings', requireKiosk(store, { presence: kioskPresence, now }), (c) => {
      const kiosk = c.get('kiosk');
      const queued = c.req.query('queued');
      if (queued !== undefined) {
        // A count, nothing else: it is shown to staff as is.
        if (!/^\d{1,7}$/.test(queued)) throw new AppError(400, 'invalid_input', 'queued: give the number of meetings waiting, 0 or more.');
        kioskPresence.reportQueue(kiosk.id, Number(queued));
      }
      return c.json(kioskSettings(kiosk, store.event));
    })
    .post('/pair', rateLimit({ limit: 10, windowMs: 60_000 }), ...jsonBody(pairSchema), async (c) => {
    const code = normalizeCode(c.req.valid('json').code);
    const at = now();
    const kiosk = store.kiosks().find((k) => k.pairingCode === code);
    const check = kiosk ? checkPairing(kiosk, code, at) : 'unknown';
    if (!kiosk || check === 'unknown') throw new AppError(404, 'unknown_code', 'That pairing code is not valid. Check it, or ask staff for a new one.');
    if (check === 'expired') throw new AppError(410, 'expired_code', `That pairing code has expired (codes last ${PAIRING_MINUTES} minutes). Ask staff for a new one.`);
    const token = newKioskToken();
    await store.saveKiosk({ ...kiosk, tokenHash: hashToken(token), pairedAt: at.toISOString(), pairingCode: null, pairingExpiresAt: null });
    return c.json({ kioskId: kiosk.id, ...kioskSettings(kiosk, store.event), token });
  });
}
