/**
 * When each kiosk was last heard from: every kiosk request (a scan, a meeting, the settings it
 * asks for every few seconds) counts. Kept in memory only: writing it to the store on every
 * request would rewrite db.json a few times a second for nothing a restart needs.
 */
export class KioskPresence {
  readonly #seen = new Map<string, number>();
  readonly #queued = new Map<string, number>();

  /** A kiosk heard from within this long is online. */
  static readonly ONLINE_MS = 60_000;

  seen(kioskId: string, at: Date): void {
    this.#seen.set(kioskId, at.getTime());
  }

  /** ISO time of the last request, or null when not heard from since the server started. */
  lastSeen(kioskId: string): string | null {
    const at = this.#seen.get(kioskId);
    return at === undefined ? null : new Date(at).toISOString();
  }

  /** What a kiosk said it holds: meetings recorded while the server was away, not yet sent. */
  reportQueue(kioskId: string, meetings: number): void {
    this.#queued.set(kioskId, meetings);
  }

  /**
   * Meetings the kiosk last said it holds, or null when it never said (an older kiosk page, or
   * not heard from since the server started). A kiosk that cannot reach the server cannot say
   * more: the figure is its last word, beside its last seen.
   */
  queued(kioskId: string): number | null {
    return this.#queued.get(kioskId) ?? null;
  }

  online(kioskId: string, now: Date): boolean {
    const at = this.#seen.get(kioskId);
    return at !== undefined && now.getTime() - at <= KioskPresence.ONLINE_MS;
  }
}
