import { createStore, del, entries, set } from 'idb-keyval';
import type { Language } from '../../server/i18n/languages.ts';

/** A meeting the kiosk could not send yet: both scanned payloads and the idempotency key. */
export interface QueuedExchange {
  key: string;
  a: string;
  b: string;
  at: string;
  /** The language the kiosk showed when it was recorded (absent in meetings queued before languages). */
  language?: Language;
}

// IndexedDB survives a reload or a tablet restart, so a meeting taken offline is not lost.
const store = createStore('badge-exchange-kiosk', 'pending-exchanges');

export const offlineQueue = {
  add: (e: QueuedExchange) => set(e.key, e, store),
  remove: (key: string) => del(key, store),
  all: async (): Promise<QueuedExchange[]> => (await entries<string, QueuedExchange>(store)).map(([, v]) => v).sort((x, y) => x.at.localeCompare(y.at)),
};
