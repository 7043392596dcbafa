import type { AttendeeFields } from '../server/domain/attendee.ts';
import type { staffView, ownProfile } from '../server/domain/attendee-view.ts';
import type { ImportResult } from '../server/services/attendee-import.ts';
import type { EventInfo } from '../server/store/schema.ts';
import type { DigestProgress } from '../server/services/digests.ts';
import type { Language } from '../server/i18n/languages.ts';
import type { Dashboard } from '../server/domain/dashboard.ts';

/** An attendee as staff see it. */
export type StaffAttendee = ReturnType<typeof staffView>;
/**
 * An attendee's own profile, through their personal link, with the event's name, the time zone
 * its times are shown in ('' is UTC) and the language they chose (absent: none yet).
 */
export type OwnProfile = ReturnType<typeof ownProfile> & { event: string; timeZone: string };
export type { ImportResult, EventInfo, DigestProgress, Dashboard };

/** The editable fields of a profile, as the forms send them: every field present but the language (the page's when left out). */
export type ProfileInput = Required<Omit<AttendeeFields, 'language'>> & Pick<AttendeeFields, 'language'>;

/** The event as staff see and set it, with why mail cannot go out yet (null when it can). */
export type EventSettings = EventInfo & { mailFrom: string | null; senderProblem: string | null };

/** A topic people can confirm for their offering or a need. */
export interface TopicView {
  id: string;
  label: string;
  source: 'shipped' | 'event';
}

/** A topic as the console's Topics page shows it: what is behind it and whom it reaches. */
export interface TopicDetail extends TopicView {
  terms: { offers: string[]; needs: string[]; topic: string[] };
  examples: { offers: string[]; needs: string[] };
  reach: { found: number; confirmed: number };
}

/** A "your offering may help" claim made at a kiosk, as staff review them. */
export interface ClaimView {
  exchangeId: string;
  at: string;
  offeredBy: { id: string; name: string; company: string; offering: string };
  neededBy: { id: string; name: string; company: string; offering: string };
  need: string;
  matched: string[];
  score: number;
  text: string;
}

/** A claim staff marked wrong. */
export interface WrongClaimView {
  offeredBy: string;
  neededBy: string;
  need: string;
  offering: string;
  markedAt: string;
  offeredByName: string;
  neededByName: string;
}

/** A badge stock as the console offers it. */
export interface BadgeTemplateInfo {
  name: string;
  label: string;
  perPage: number;
  zpl: boolean;
}

/** A kiosk as staff see it. */
export interface KioskInfo {
  id: string;
  name: string;
  /** Reads badges with its camera; false for a scanner-only kiosk. */
  camera: boolean;
  /** The language its screens start in, and the one staff chose (null: it follows the event's). */
  language: Language;
  ownLanguage: Language | null;
  paired: boolean;
  revokedAt: string | null;
  pairingCode: string | null;
  expiresAt: string | null;
  pairingUrl: string | null;
  /** When it was last heard from (since the server started), and whether that was within a minute. */
  lastSeenAt: string | null;
  online: boolean;
}

/** Which badges to print, as the badge routes take it. */
export interface PrintQuery {
  template: string;
  ids?: string[];
  unprinted?: boolean;
  q?: string;
  preview?: boolean;
  /** Open the file in the browser (to print it from there) rather than download it. */
  inline?: boolean;
}

/**
 * URL of the badges of a selection in a format. A GET of it only shows them (a preview link); a
 * POST (`printBadges`) prints and marks them printed.
 */
export function badgesUrl(format: 'pdf' | 'html' | 'zpl', p: PrintQuery): string {
  const params = new URLSearchParams({ template: p.template });
  if (p.ids?.length) params.set('ids', p.ids.join(','));
  if (p.unprinted) params.set('unprinted', '1');
  if (p.q) params.set('q', p.q);
  if (p.preview) params.set('preview', '1');
  if (p.inline) params.set('inline', '1');
  return `/api/badges.${format}?${params}`;
}

/**
 * Prints a selection: a form POST, so the browser downloads the file (or opens the print view in
 * a new tab) as a navigation would, with this page's Origin, and the server marks them printed.
 */
export function printBadges(format: 'pdf' | 'html' | 'zpl', p: PrintQuery, target: string = '_self'): void {
  const form = document.createElement('form');
  form.method = 'post';
  form.action = badgesUrl(format, { ...p, preview: false });
  form.target = target;
  form.hidden = true;
  document.body.append(form);
  form.submit();
  form.remove();
}

/** The stock chosen last on this device, so reprints at the desk use it too. */
export const lastTemplate = {
  get: (): string | null => localStorage.getItem('bx-template'),
  set: (name: string) => localStorage.setItem('bx-template', name),
};

/** Where the walk-up desk prints, kept on this device: each desk has its own printer. */
export interface DeskPrinter {
  /** `pdf`: the badge's PDF opens for the browser's print dialog; `zebra`: ZPL to a printer on the LAN. */
  kind: 'pdf' | 'zebra';
  /** The Zebra printer's address (host or host:port), for `zebra`. */
  address: string;
  template: string;
}

export const deskPrinter = {
  get: (): DeskPrinter | null => {
    try {
      const saved = JSON.parse(localStorage.getItem('bx-desk-printer') ?? 'null') as DeskPrinter | null;
      return saved && (saved.kind === 'pdf' || saved.kind === 'zebra') ? saved : null;
    } catch {
      return null;
    }
  },
  set: (p: DeskPrinter) => localStorage.setItem('bx-desk-printer', JSON.stringify(p)),
};

/** The server's `{error: {code, message}}`, with per-field messages where it gave them. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Errors for a form: per field when the server named fields, else one message for the whole form. */
export function formErrors(err: unknown): Record<string, string> {
  if (err instanceof ApiError && Object.keys(err.fields).length) return err.fields;
  return { _: err instanceof Error ? err.message : String(err) };
}

async function call<T>(method: string, path: string, body?: unknown, contentType = 'application/json', auth?: string): Promise<T> {
  let res: Response;
  try {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': contentType };
    if (auth) headers.authorization = `Bearer ${auth}`;
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined ? undefined : contentType === 'application/json' ? JSON.stringify(body) : (body as BodyInit),
    });
  } catch {
    throw new ApiError(0, 'offline', 'The server cannot be reached. Check the network and try again.');
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string; fields?: Record<string, string> } };
  if (!res.ok) {
    const e = data.error;
    throw new ApiError(res.status, e?.code ?? 'unknown', e?.message ?? `The server answered ${res.status}.`, e?.fields);
  }
  return data as T;
}

/** The one typed client of the server's API used by every page. */
export const api = {
  session: () => call<{ staff: boolean }>('GET', '/api/session'),
  signIn: (token: string) => call<{ staff: boolean }>('POST', '/api/session', { token }),
  signOut: () => call<{ staff: boolean }>('DELETE', '/api/session'),
  signOutEverywhere: () => call<{ staff: boolean }>('DELETE', '/api/session?everywhere=1'),

  event: () => call<Pick<EventInfo, 'name' | 'date' | 'registrationOpen'> & { timeZone: string }>('GET', '/api/event'),
  eventSettings: () => call<EventSettings>('GET', '/api/event/settings'),
  updateEvent: (changes: Partial<EventInfo>) => call<EventSettings>('PATCH', '/api/event', changes),

  attendees: (q = '', limit = 500, filters: { printed?: boolean; digest?: boolean } = {}) =>
    call<{ attendees: StaffAttendee[]; total: number }>(
      'GET',
      `/api/attendees?q=${encodeURIComponent(q)}&limit=${limit}` +
        (['printed', 'digest'] as const).map((f) => (filters[f] === undefined ? '' : `&${f}=${filters[f] ? 1 : 0}`)).join(''),
    ),
  createAttendee: (p: ProfileInput) => call<StaffAttendee>('POST', '/api/attendees', p),
  updateAttendee: (id: string, p: Partial<ProfileInput>) => call<StaffAttendee>('PATCH', `/api/attendees/${id}`, p),
  eraseAttendee: (id: string) => call<void>('DELETE', `/api/attendees/${id}`),
  kiosks: () => call<{ kiosks: KioskInfo[] }>('GET', '/api/kiosks'),
  addKiosk: (name: string) => call<KioskInfo>('POST', '/api/kiosks', { name }),
  newPairingCode: (id: string) => call<KioskInfo>('POST', `/api/kiosks/${id}/pairing-code`),
  unpairKiosk: (id: string) => call<void>('DELETE', `/api/kiosks/${id}`),
  updateKiosk: (id: string, changes: Partial<Omit<KioskSettings, 'language'>> & { language?: Language | null }) => call<KioskInfo>('PATCH', `/api/kiosks/${id}`, changes),
  digests: () => call<DigestProgress & { log: { sent: number; failed: number } }>('GET', '/api/digests'),
  dashboard: () => call<Dashboard>('GET', '/api/dashboard'),
  digestRecipients: (noMeetings: 'skip' | 'note') =>
    call<{ recipients: number; asked: number; noEmail: number; metNobody: number; sentBefore: number; senderProblem: string | null; windowProblem: string | null }>('GET', `/api/digests/recipients?noMeetings=${noMeetings}`),
  sendDigests: (run: { dryRun?: boolean; force?: boolean; noMeetings?: 'skip' | 'note' }) => call<DigestProgress>('POST', '/api/digests/send', run),
  testDigest: (attendee: string, email: string) => call<{ sent: boolean }>('POST', '/api/digests/test', { attendee, email }),
  purge: (confirm: string) => call<{ erased: number }>('POST', '/api/purge', { confirm }),
  reissueBadge: (id: string) => call<StaffAttendee>('POST', `/api/attendees/${id}/badge/reissue`),
  badgeTemplates: () => call<BadgeTemplateInfo[]>('GET', '/api/badge-templates'),
  /** ZPL straight to a Zebra printer on the LAN (the server sends it); marks the badges printed. */
  printToPrinter: (p: { template: string; ids: string[]; printer: string }) => call<{ printed: number; printer: string }>('POST', '/api/badges/print', p),
  /** `offset` picks which page of the preview and of the refused rows comes back (the totals cover the file). */
  importCsv: (file: Blob, dryRun: boolean, offset = 0) =>
    call<ImportResult>('POST', `/api/attendees/import?${new URLSearchParams({ ...(dryRun ? { dryRun: '1' } : {}), offset: String(offset) })}`, file, 'text/csv'),

  /** Every row the file would have refused, as a CSV file (nothing is written). */
  refusedRowsCsv: async (file: Blob): Promise<Blob> => {
    const res = await fetch('/api/attendees/import?dryRun=1&refused=csv', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'text/csv' }, body: file });
    if (!res.ok) throw new ApiError(res.status, 'download_failed', `The refused rows could not be downloaded (the server answered ${res.status}).`);
    return res.blob();
  },
  /** Shipped topics named in `lang` (English without), the event's own as staff typed them. */
  topics: (lang?: Language) => call<{ topics: TopicView[] }>('GET', lang ? `/api/topics?lang=${lang}` : '/api/topics'),
  /** Labels in `language` when given (the page's); the console's in English. */
  proposeTopics: (text: string, side: 'offering' | 'need', language?: Language) =>
    call<{ topics: TopicView[] }>('POST', '/api/topics/propose', { text, side, ...(language ? { language } : {}) }),
  topicDetail: () => call<{ topics: TopicDetail[]; attendees: number }>('GET', '/api/topics/detail'),
  addTopic: (t: { label: string; terms: string[]; offers: string[]; needs: string[] }) => call<TopicView>('POST', '/api/topics', t),
  removeTopic: (id: string) => call<void>('DELETE', `/api/topics/${encodeURIComponent(id)}`),
  claims: (before?: string) =>
    call<{ claims: ClaimView[]; meetingsScanned: number; meetings: number; next: string | null }>('GET', `/api/claims${before ? `?before=${encodeURIComponent(before)}` : ''}`),
  wrongClaims: () => call<{ wrong: WrongClaimView[] }>('GET', '/api/claims/wrong'),
  markClaimWrong: (c: { offeredBy: string; neededBy: string; need: string }) => call<unknown>('POST', '/api/claims/wrong', c),
  unmarkClaim: (c: { offeredBy: string; neededBy: string; need: string }) => call<void>('DELETE', '/api/claims/wrong', c),

  /** 201 a new attendee (their link also mailed), or 202 an email registered before: the link was mailed to it (`email`). */
  register: (p: ProfileInput) => call<{ id: string; name: string; profileUrl: string; mailed: boolean } | { mailed: true; email: string; message: string }>('POST', '/api/register', p),
  /** The talking points of each meeting in `lang`. */
  myMeetings: (key: string, lang: Language) => call<{ meetings: MyMeeting[] }>('GET', `/api/profile/${encodeURIComponent(key)}/meetings?lang=${lang}`),
  saveNote: (key: string, id: string, note: string) => call<{ note: string }>('PUT', `/api/profile/${encodeURIComponent(key)}/notes/${encodeURIComponent(id)}`, { note }),
  suggestions: (key: string) => call<{ suggestions: Suggestion[] }>('GET', `/api/profile/${encodeURIComponent(key)}/suggestions`),
  eraseMe: (key: string) => call<void>('DELETE', `/api/profile/${encodeURIComponent(key)}`, { confirm: 'delete everything about me' }),
  meeting: (token: string, lang: Language) => call<TakeAlong>('GET', `/api/meetings/${encodeURIComponent(token)}?lang=${lang}`),
  mailLink: (id: string) => call<{ mailed: boolean; to: string }>('POST', `/api/attendees/${id}/link/mail`),
  rotateLink: (id: string) => call<StaffAttendee>('POST', `/api/attendees/${id}/link/rotate`),
  profile: (key: string) => call<OwnProfile>('GET', `/api/profile/${encodeURIComponent(key)}`),
  updateProfile: (key: string, p: Partial<ProfileInput>) => call<OwnProfile>('PATCH', `/api/profile/${encodeURIComponent(key)}`, p),
};

/** Someone met, as the attendee's own page shows them. */
export interface MyMeeting {
  person: PublicCard & { email?: string };
  count: number;
  firstAt: string;
  lastAt: string;
  points: TalkingPointView[];
  note: string;
}

/** Someone here whose offering may help with one of my needs. */
export interface Suggestion {
  person: PublicCard;
  need: string;
  matched: string[];
}

/** One meeting's take-along page. */
export interface TakeAlong {
  exchange: { id: string; count: number; firstAt: string; lastAt: string };
  people: { a: PublicCard; b: PublicCard };
  talkingPoints: { forA: TalkingPointView[]; forB: TalkingPointView[] };
}

/** A person as a badge shows them. */
export interface PublicCard {
  id: string;
  name: string;
  title: string;
  company: string;
  offering: string;
}

export interface TalkingPointView {
  kind: 'need-match' | 'need' | 'goal' | 'comment' | 'intro' | 'open';
  text: string;
  need?: string;
  via?: string;
}

export interface ExchangeResult {
  exchange: { id: string; a: string; b: string; count: number; firstAt: string; lastAt: string };
  people: { a: PublicCard; b: PublicCard };
  talkingPoints: { forA: TalkingPointView[]; forB: TalkingPointView[] };
  /** The meeting's take-along page, for the QR on the meeting screen. */
  takeAlongUrl?: string;
}

const KIOSK_TOKEN = 'bx-kiosk-token';
const KIOSK_SETTINGS = 'bx-kiosk-settings';

/** What staff set for one kiosk: its name, whether it reads badges with its camera, the language its screens start in. */
export interface KioskSettings {
  name: string;
  camera: boolean;
  language: Language;
}

function keepSettings(settings: KioskSettings): KioskSettings {
  localStorage.setItem(KIOSK_SETTINGS, JSON.stringify({ name: settings.name, camera: settings.camera, language: settings.language }));
  return settings;
}

/** The kiosk's side of the API, with the token it got at pairing (kept in this browser). */
export const kioskApi = {
  token: (): string | null => localStorage.getItem(KIOSK_TOKEN),
  forget: () => localStorage.removeItem(KIOSK_TOKEN),
  pair: async (code: string) => {
    const r = await call<{ kioskId: string; token: string } & KioskSettings>('POST', '/api/kiosk/pair', { code });
    localStorage.setItem(KIOSK_TOKEN, r.token);
    keepSettings(r);
    return r;
  },
  /** The settings as last heard from the server (kept, so an offline kiosk starts as it was). */
  settings: (): Partial<KioskSettings> => {
    try {
      return JSON.parse(localStorage.getItem(KIOSK_SETTINGS) ?? '{}') as Partial<KioskSettings>;
    } catch {
      return {};
    }
  },
  /** Asks what staff set for this kiosk, telling the dashboard how many meetings it still holds. */
  refreshSettings: async (queued: number) =>
    keepSettings(await call<KioskSettings>('GET', `/api/kiosk/settings?queued=${queued}`, undefined, undefined, kioskApi.token() ?? '')),
  name: (): string => kioskApi.settings().name ?? '',
  scan: (payload: string) => call<PublicCard>('GET', `/api/scan?badge=${encodeURIComponent(payload)}`, undefined, undefined, kioskApi.token() ?? ''),
  /** Records a meeting; its talking points come written in `language` (the one the kiosk shows). */
  exchange: (a: string, b: string, key: string, language?: Language) =>
    call<ExchangeResult>('POST', '/api/exchanges', { a, b, key, language }, 'application/json', kioskApi.token() ?? ''),
};
