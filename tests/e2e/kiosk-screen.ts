import type { Page } from 'playwright-core';

/**
 * What the kiosk's browser tests share: the people they meet (the demo's, and the longest profile
 * the layout must hold), how a badge is fed in without a camera, and how the screen's leaves are
 * measured.
 */

/** An element people read or tap, as measured on the page. */
export interface Box {
  what: string;
  /** The start of its words, to name it in a failure. */
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The element's content is cut (it scrolls or is clipped inside its own box). */
  clipped: boolean;
  /** It is cut on purpose, and shows so: an ellipsis or a line clamp. */
  ellipsis: boolean;
  fontSize: number;
}

/** [what, the host element's tag, a selector inside its shadow root] */
export type Leaf = [string, string, string];

// The leaves people read: no two may overlap (a card and the name inside it are not both listed).
export const KIOSK_LEAVES: Leaf[] = [
  ['kiosk name', 'bx-kiosk-app', 'header .name'],
  ['status', 'bx-status-light', 'span[role=status]'],
  ['title', 'bx-kiosk-app', 'h1.big'],
  ['words', 'bx-kiosk-app', 'p.sub'],
  ['notice', 'bx-kiosk-app', 'p.notice'],
  ['camera', 'bx-kiosk-app', '.stage .camera'],
  ['met before', 'bx-kiosk-app', 'p.met'],
  ['button', 'bx-kiosk-app', 'button'],
  ['hint', 'bx-kiosk-app', '.foot .hint'],
  ['name', 'bx-attendee-card', 'h2'],
  ['title and company', 'bx-attendee-card', '.role'],
  ['offering', 'bx-attendee-card', '.offering'],
  ['points heading', 'bx-talking-points', 'h3'],
  ['talking point', 'bx-talking-points', 'li'],
];

// In the page, as a string (the test's bundler would wrap named functions in a helper the page
// does not have): every visible element matching a selector inside the shadow root of a host
// element of the given tag.
const COLLECT = `(selectors) => {
  const out = [];
  const walk = (root) => {
    for (const [what, host, selector] of selectors) {
      if (!root.host || root.host.localName !== host) continue;
      for (const el of root.querySelectorAll(selector)) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
        if (el.closest('.visually-hidden')) continue;
        const style = getComputedStyle(el);
        out.push({ what, text: el.textContent.trim().slice(0, 40), x: r.x, y: r.y, width: r.width, height: r.height,
          clipped: el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1,
          ellipsis: style.textOverflow === 'ellipsis' || (style.webkitLineClamp || 'none') !== 'none',
          fontSize: parseFloat(style.fontSize) });
      }
    }
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
  };
  walk(document);
  return out;
}`;

/** Every visible element of `leaves` on the page now. */
export async function collectBoxes(page: Page, leaves: Leaf[] = KIOSK_LEAVES): Promise<Box[]> {
  return (await page.evaluate(`(${COLLECT})(${JSON.stringify(leaves)})`)) as Box[];
}

export const overlaps = (a: Box, b: Box) => a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;

/** A badge read by a USB scanner: it types the payload and Enter. */
export async function scan(page: Page, url: string): Promise<void> {
  await page.keyboard.type(url, { delay: 0 });
  await page.keyboard.press('Enter');
}

/** The longest a profile can be: a name with no space to break at, a full title, the longest offering. */
export const LONGEST_PROFILE = {
  name: 'Maximiliane-Theodora Wolkenstein-Rabenau-Oberhollenzer',
  email: 'max@example.org',
  company: 'Rabenau Industrial Automation & Robotics Consulting GmbH',
  title: 'Head of Partnerships and Business Development',
  offering: 'Retrofitting older factory lines with sensors and predictive maintenance so unplanned stops drop by half within a year',
  needs: ['Plant managers in food and beverage who lose hours to unplanned stops', 'A data engineer who has worked with OPC UA and time series databases', 'Introductions to insurers who price machine breakdown risk'],
  goal: 'Ten pilot plants signed before the summer',
};

export type Person = { id: string; badgeUrl: string };

/** Six of the demo's people by first name, and `Long`: the longest profile, added through the API. */
export async function kioskPeople(staff: (path: string, init?: RequestInit) => Promise<Response>): Promise<Record<string, Person>> {
  const people: Record<string, Person> = {};
  const { attendees } = (await (await staff('/api/attendees?limit=100')).json()) as { attendees: (Person & { name: string })[] };
  for (const first of ['Aisha', 'Dana', 'Sam', 'Priya', 'Wojciech', 'Hannah']) people[first] = attendees.find((a) => a.name.startsWith(first))!;
  people.Long = (await (await staff('/api/attendees', { method: 'POST', body: JSON.stringify(LONGEST_PROFILE) })).json()) as Person;
  return people;
}
