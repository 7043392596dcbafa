import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { AppError } from './errors.ts';
import { answerHeaders } from './middleware/answer-headers.ts';
import { clientAddress } from './middleware/client-address.ts';
import { requireStaff, sessionSigner, type SessionEnded, type SessionSigner } from './middleware/staff-auth.ts';
import { attendeeRoutes } from './routes/attendees.ts';
import { eventRoutes } from './routes/event.ts';
import { pageRoutes } from './routes/pages.ts';
import { selfServiceRoutes } from './routes/self-service.ts';
import { sessionRoutes } from './routes/session.ts';
import type { Store } from './store/store.ts';
import { StorageError } from './store/storage-error.ts';
import { loadTemplates } from './badges/templates.ts';
import type { BadgeTemplate } from './domain/badge-template.ts';
import { badgeRoutes } from './routes/badges.ts';
import { publicCardRoutes } from './routes/public-card.ts';
import { talkingPointRoutes } from './routes/talking-points.ts';
import { exchangeRoutes } from './routes/exchanges.ts';
import { pairingRoutes, staffKioskRoutes } from './routes/kiosks.ts';
import { LiveEvents } from './services/live-events.ts';
import { KioskPresence } from './services/kiosk-presence.ts';
import { Digests } from './services/digests.ts';
import { digestRoutes } from './routes/digests.ts';
import { exportRoutes } from './routes/exports.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { purgeRoutes } from './routes/purge.ts';
import { topicRoutes } from './routes/topics.ts';
import { claimRoutes } from './routes/claims.ts';
import type { Mailer } from './mail/mailer.ts';

// Without a mailer (tests of other things), sending is refused with a clear message.
const noMailer: Mailer = {
  describe: 'none',
  send: async () => {
    throw new AppError(409, 'no_mailer', 'No mail transport is configured on this server.');
  },
  discardKept: async () => {},
  discardAbout: async () => {},
  close: () => {},
};
import { TalkingPoints, type Meetings } from './services/talking-points.ts';

export interface AppOptions {
  store: Store;
  adminToken: string;
  /** Signs badges and staff sessions; kept in the data folder. */
  secret: string;
  /** Base of badge and personal-link URLs, without a trailing slash. */
  publicUrl: string;
  /** Where the built kiosk/staff/registration bundles are. */
  assetsDir: string;
  /** Badge stocks by name; defaults to the files in badge-templates/. */
  templates?: Map<string, BadgeTemplate>;
  /** Who each attendee has met (for introductions); by default the store's exchanges. */
  meetings?: Meetings;
  /** Talking points over this store; made here when not given (the entry passes one it warmed up). */
  talkingPoints?: TalkingPoints;
  /** Scans and exchanges one kiosk may send a minute (a runaway guard; a busy kiosk does a few). */
  kioskRequestsPerMinute?: number;
  /** Sends the digests (SMTP or the outbox folder); without one, sending is refused. */
  mailer?: Mailer;
  /** Sender of digests; defaults to the event's organizer address. */
  mailFrom?: string;
  /** Waits between retries of a mail the server refused for now (tests shorten them). */
  mailRetryDelaysMs?: number[];
  /** Addresses of reverse proxies whose X-Forwarded-For names the client (TRUST_PROXY). */
  trustProxy?: string[];
  /** Mark cookies Secure (when serving HTTPS). */
  secureCookies?: boolean;
  /** The local CA certificate tablets install, served at /ca.crt (HTTPS with our own CA). */
  caCert?: string;
  now?: () => Date;
  /** Called once a person (or everyone) is erased here, before the answer: the backup copies itself again. */
  afterErasure?: () => Promise<void>;
}

/** What every sub-app is handed. */
export interface AppDeps extends Required<AppOptions> {
  talkingPoints: TalkingPoints;
  digests: Digests;
  live: LiveEvents;
  /** When each kiosk was last heard from (memory only). */
  kioskPresence: KioskPresence;
  sessions: SessionSigner;
  sessionEnded: SessionEnded;
  staffOnly: MiddlewareHandler;
}

// JSON bodies are profiles and settings: a few kilobytes. The CSV import sets its own limit.
const JSON_LIMIT = 64 * 1024;

/**
 * Builds the Badge Exchange app. Serving it is the entry's job (server/index.ts); tests call
 * `app.request()` on a fresh one.
 *
 * @example
 * const app = createApp({ store: memoryStore(), adminToken, secret, publicUrl, assetsDir })
 * const res = await app.request('/health')
 */
export function createApp(options: AppOptions) {
  const now = options.now ?? (() => new Date());
  const sessions = sessionSigner(options.secret, options.adminToken);
  const sessionEnded: SessionEnded = (session) => options.store.staffSessionEnded(session.id, session.generation);
  const meetings = options.meetings ?? ((id: string) => options.store.exchanges.met(id));
  const talkingPoints = options.talkingPoints ?? new TalkingPoints(options.store, meetings);
  const mailer = options.mailer ?? noMailer;
  const mailRetryDelaysMs = options.mailRetryDelaysMs ?? [2_000, 10_000, 30_000];
  const deps: AppDeps = {
    secureCookies: false,
    kioskRequestsPerMinute: 240,
    caCert: '',
    mailFrom: '',
    trustProxy: [],
    afterErasure: async () => {},
    ...options,
    templates: options.templates ?? loadTemplates(),
    meetings,
    now,
    sessions,
    sessionEnded,
    staffOnly: requireStaff(options.adminToken, sessions, sessionEnded, now, options.publicUrl),
    talkingPoints,
    mailer,
    mailRetryDelaysMs,
    digests: new Digests(options.store, talkingPoints, mailer, { from: options.mailFrom || undefined, retryDelaysMs: mailRetryDelaysMs, now }),
    live: new LiveEvents(),
    kioskPresence: new KioskPresence(),
  };

  const app = new Hono();
  app.use(clientAddress(deps.trustProxy));
  app.use(answerHeaders());
  app.use('/api/*', async (c, next) => {
    if (c.req.path === '/api/attendees/import' || c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    // A declared length is judged from the header alone (Node reads no more than it declares).
    // Hono's bodyLimit asks for the body stream first, which makes the Node adapter build a whole
    // web Request around every kiosk tap: a fifth of the exchange route's time.
    const length = c.req.header('content-length');
    if (length !== undefined && /^\d+$/.test(length) && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > JSON_LIMIT) throw new AppError(413, 'body_too_large', `The request body is larger than ${JSON_LIMIT / 1024} KB.`);
      return next();
    }
    return bodyLimit({
      maxSize: JSON_LIMIT,
      onError: () => {
        throw new AppError(413, 'body_too_large', `The request body is larger than ${JSON_LIMIT / 1024} KB.`);
      },
    })(c, next);
  });

  app.get('/health', (c) => c.json({ ok: true }));
  app.get('/ca.crt', (c) => {
    if (!deps.caCert) return c.text('This server does not use its own certificate authority.', 404);
    // The type that makes iOS and Android offer to install it as a certificate profile.
    return c.body(deps.caCert, 200, { 'Content-Type': 'application/x-x509-ca-cert', 'Content-Disposition': 'attachment; filename="badge-exchange-ca.crt"' });
  });
  // Staff-only areas; kiosk, pairing, self-service and public routes guard themselves.
  for (const path of ['/api/attendees/*', '/api/badges.*', '/api/badges/*', '/api/exports/*', '/api/dashboard', '/api/badge-templates', '/api/talking-points', '/api/kiosks/*', '/api/digests/*', '/api/purge', '/api/claims', '/api/claims/*']) {
    app.use(path, deps.staffOnly);
  }
  app.route('/api/attendees', attendeeRoutes(deps));
  app.route('/api', badgeRoutes(deps));
  app.route('/api/talking-points', talkingPointRoutes(deps));
  app.route('/api/kiosks', staffKioskRoutes(deps));
  app.route('/api/kiosk', pairingRoutes(deps));
  app.route('/api', exchangeRoutes(deps));
  app.route('/api/digests', digestRoutes(deps));
  app.route('/api/exports', exportRoutes(deps));
  app.route('/api/dashboard', dashboardRoutes(deps));
  app.route('/api/event', eventRoutes(deps));
  app.route('/api/purge', purgeRoutes(deps));
  app.route('/api/topics', topicRoutes(deps));
  app.route('/api/claims', claimRoutes(deps));
  app.route('/api/session', sessionRoutes(deps));
  app.route('/api', selfServiceRoutes(deps));
  app.route('/', publicCardRoutes(deps));
  app.route('/', pageRoutes(deps));

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/')) {
      return c.json({ error: { code: 'not_found', message: `There is no ${c.req.method} ${c.req.path} route.` } }, 404);
    }
    return c.text('Not found. Try /register or /staff.', 404);
  });

  app.onError((err, c) => {
    if (err instanceof AppError) {
      return c.json({ error: { code: err.code, message: err.message, ...err.details } }, err.status);
    }
    if (err instanceof StorageError) {
      console.error(`Could not save: ${err.message}`);
      const message = err.full
        ? 'The server’s disk is full, so this was not saved. A kiosk keeps the meeting and sends it again; tell the organizer to free space on the laptop.'
        : 'The server could not write to its disk, so this was not saved. A kiosk keeps the meeting and sends it again; tell the organizer.';
      return c.json({ error: { code: err.full ? 'storage_full' : 'storage_failed', message } }, 507);
    }
    if (err instanceof HTTPException && err.status < 500) {
      const malformed = /malformed json/i.test(err.message);
      const code = malformed ? 'malformed_json' : 'bad_request';
      const message = malformed ? 'The body is not valid JSON.' : err.message || 'The request could not be understood.';
      return c.json({ error: { code, message } }, err.status);
    }
    // Our fault, not the client's: log it whole, say little.
    console.error(err);
    return c.json({ error: { code: 'internal', message: 'Something went wrong on the server. Try again; if it keeps happening, tell the organizer.' } }, 500);
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
