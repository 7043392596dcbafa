import type { Attendee } from './attendee.ts';
import { needKind, type NeedKind } from './matching/need-kind.ts';
import { earnsClaim, mayEarnClaim } from './matching/need-matcher.ts';
import type { ProfileIndex } from './matching/profile-index.ts';
import { clip, FSI, isolate, PDI, userTextIn } from './user-text.ts';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.ts';
import { phrasesFor } from './talking-point-phrases.ts';
import { topicLabel } from './topic-labels.ts';

/** One thing to say or ask, as the contract gives it. */
export interface TalkingPoint {
  kind: 'need-match' | 'need' | 'goal' | 'comment' | 'intro' | 'open';
  text: string;
  /** The other person's need, exactly as they wrote it. */
  need?: string;
  /** The evidence linking an offering to that need. */
  matched?: string[];
  /** For an introduction: the id of the person to introduce. */
  via?: string;
  score?: number;
}

// Counted as the string's length, the isolate marks included, so `text.length <= 160` holds for clients.
const MAX_LENGTH = 160;
// A name in a sentence: room for "Bartholomew" and then some, never for a hundred unbroken letters.
const NAME_IN_TEXT = 24;
const FULL_NAME_IN_TEXT = 40;
const KIND_ORDER: TalkingPoint['kind'][] = ['need-match', 'intro', 'need', 'goal', 'comment', 'open'];

/** "Dana Whitfield" → "Dana"; names without spaces ("李小龍") stay whole. */
export function callName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** A person's words, quoted: outer spaces and shouting punctuation trimmed ("hiring!!" → "hiring"). */
function words(text: string): string {
  return text.trim().replace(/[\s.!?]+$/u, '');
}

/**
 * Fits a point into MAX_LENGTH by shortening the quoted part, never the frame around it. The quote
 * goes through `user` (FSI…PDI), so whatever direction it has or sets (an Arabic need, an unclosed
 * override stored before validation dropped them) stays inside it.
 */
function fit(make: (quote: string) => string, quote: string, user: (text: string) => string): string {
  let q = quote;
  // Each phrase is formatted once per try: most fit at once, and formatting is most of the cost.
  let text = make(user(q));
  while (text.length > MAX_LENGTH && q.length > 8) {
    q = `${[...q].slice(0, Math.max(8, [...q].length - 4)).join('').trimEnd()}…`;
    text = make(user(q));
  }
  return text;
}

// Phrasings vary from pair to pair so a kiosk does not repeat itself; the choice is stable for a pair.
function pick<T>(options: T[], seed: string): T {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return options[(h >>> 0) % options.length]!;
}

/** Whether staff marked wrong the claim that the offering of `offeredBy` helps with `need` of `neededBy`. */
export type MarkedWrong = (offeredBy: string, neededBy: string, need: string) => boolean;
const noneMarked: MarkedWrong = () => false;

/**
 * What A could raise with B, drawn from B's profile: where A's offering meets one of B's needs,
 * whom A has met who could help B, B's other needs and goal, B's offering, and open questions
 * when the profile says little. Most useful first.
 *
 * Written in `lang`, the language of whoever reads them (the kiosk's, the recipient's); the
 * people's own words are quoted as typed.
 *
 * @param metByA people A met before (for introductions), B excluded by the caller or here.
 */
export function talkingPointsFor(
  a: Attendee,
  b: Attendee,
  index: ProfileIndex,
  metByA: readonly Attendee[],
  markedWrong: MarkedWrong = noneMarked,
  lang: Language = DEFAULT_LANGUAGE,
): TalkingPoint[] {
  const say = phrasesFor(lang);
  const user = userTextIn(lang);
  const pa = index.get(a.id);
  const pb = index.get(b.id);
  const name = user(clip(callName(b.name), NAME_IN_TEXT));
  const seed = `${a.id}:${b.id}`;
  const points: TalkingPoint[] = [];
  const matchedNeeds = new Set<number>();

  if (pa && pb) {
    pb.needs.forEach((need, i) => {
      const m = index.matcher.match(pa.offering, need);
      if (!earnsClaim(m, need, pa.offering, pb.offering) || markedWrong(a.id, b.id, need.text)) return;
      matchedNeeds.add(i);
      // The evidence: a shipped topic, named in the reader's language; else a word of theirs or an
      // event's topic as staff typed it, user text like the rest (so isolated, and clipped).
      const evidence = (m.linked[0] !== undefined && topicLabel(m.linked[0], lang)) || m.matched[0];
      const field = evidence ? user(clip(evidence, NAME_IN_TEXT)) : say.yourOffering;
      const phrase = pick(m.basis === 'topic' ? say.topicMatch : say.needMatch, `${seed}:m${i}`);
      points.push({ kind: 'need-match', need: b.needs[i], matched: m.matched, score: m.score, text: fit((q) => phrase({ b: name, need: q, field }), words(b.needs[i]!), user) });
    });

    // Introductions: someone A met offers what B needs; the best such person per need.
    pb.needs.forEach((need, i) => {
      let best: { who: Attendee; score: number; matched: string[] } | null = null;
      for (const m of metByA) {
        if (m.id === b.id || m.id === a.id) continue;
        const pm = index.get(m.id);
        if (!pm || !mayEarnClaim(pm.offering, need, pb.offering)) continue;
        const r = index.matcher.match(pm.offering, need);
        if (earnsClaim(r, need, pm.offering, pb.offering) && !markedWrong(m.id, b.id, need.text) && (!best || r.score > best.score)) best = { who: m, score: r.score, matched: r.matched };
      }
      if (!best) return;
      const phrase = pick(say.intro, `${seed}:i${i}`);
      const who = user(clip(best.who.name, FULL_NAME_IN_TEXT));
      points.push({ kind: 'intro', need: b.needs[i], via: best.who.id, matched: best.matched, score: best.score, text: fit((q) => phrase({ m: who, b: name, need: q }), words(b.needs[i]!), user) });
    });
  }

  b.needs.forEach((need, i) => {
    if (matchedNeeds.has(i)) return;
    const phrase = pick(say.need[needKind(need)], `${seed}:n${i}`);
    points.push({ kind: 'need', need, text: fit((q) => phrase({ b: name, need: q }), words(need), user) });
  });
  if (b.goal) points.push({ kind: 'goal', text: fit((q) => pick(say.goal, `${seed}:g`)({ b: name, goal: q }), words(b.goal), user) });
  if (b.offering) points.push({ kind: 'comment', text: fit((q) => pick(say.comment, `${seed}:c`)({ b: name, offering: q }), words(b.offering), user) });
  // Open questions fill in when the profile gives little to go on.
  const wanted = Math.max(0, 3 - points.length);
  const start = say.open.indexOf(pick(say.open, `${seed}:o`));
  for (let k = 0; k < wanted; k++) points.push({ kind: 'open', text: say.open[(start + k) % say.open.length]!({ b: name }) });

  return points.sort((x, y) => KIND_ORDER.indexOf(x.kind) - KIND_ORDER.indexOf(y.kind) || (y.score ?? 0) - (x.score ?? 0));
}
