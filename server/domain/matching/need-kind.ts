import { boundedMemo } from '../bounded-memo.ts';

/**
 * Whether a need asks for customers: "Startups whose cash flow forecasting is a mess", "SaaS
 * teams with confusing onboarding", "Clients in healthcare". Such a need is met by someone who
 * is one of them, not by an offering that shares its topic: a CFO does not answer "Startups whose
 * cash flow forecasting is a mess", that person is looking for clients like them. The kiosk then
 * asks ("do you know someone who …") rather than claim that an offering may help.
 *
 * Read from the first words: a plural word for a group of organisations or buyers, before any
 * "a"/"an" or hiring word ("Hiring two backend developers", "A designer" ask for a person).
 */
const GROUPS = new Set([
  'startups', 'scaleups', 'companies', 'teams', 'founders', 'clients', 'customers', 'brands', 'businesses', 'firms', 'apps',
  'shops', 'stores', 'retailers', 'smes', 'agencies', 'owners', 'organisations', 'organizations', 'ngos', 'nonprofits',
  'charities', 'schools', 'universities', 'clinics', 'hospitals', 'practices', 'restaurants', 'cafes', 'hotels', 'farms',
  'farmers', 'factories', 'manufacturers', 'labs', 'studios', 'museums', 'banks', 'insurers', 'landlords', 'directors',
  'ctos', 'ceos', 'cfos', 'cmos', 'buyers', 'users', 'councils', 'municipalities', 'hospitals', 'operators', 'fleets',
]);
const FIRST_WORDS = 4;
const PERSON_FIRST = new Set(['a', 'an', 'one', 'hiring', 'hire', 'hires', 'recruiting', 'looking', 'need', 'someone', 'somebody']);

export function asksForCustomers(need: string): boolean {
  const words = need.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  for (const word of words.slice(0, FIRST_WORDS)) {
    if (PERSON_FIRST.has(word)) return false;
    if (GROUPS.has(word)) return true;
  }
  return false;
}

// Words that name a product a person can use (rather than a service someone does for them).
const PRODUCT = new Set(['software', 'tool', 'tools', 'app', 'apps', 'platform', 'crm', 'saas', 'plugin', 'dashboard', 'api', 'system']);
const wordsOf = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * Whether a need asks for a product ("Software that imports bank statements properly", "A tool
 * to manage translation files") that the offering does not name: a fractional CFO shares the
 * topic of bank statements, but is not software that imports them.
 */
export function asksForProductNotOffered(need: string, offering: string): boolean {
  if (!wordsOf(need).some((w) => PRODUCT.has(w))) return false;
  return !wordsOf(offering).some((w) => PRODUCT.has(w));
}

/**
 * What a need asks for, so the kiosk can ask the question that fits it (issue 10, item 5):
 * - `person`: someone to do or supply something: a hire, a professional, a supplier by role;
 * - `customers`: customers, users, buyers, partners or distributors to sell to or work with;
 * - `money`: funding, investors, grants, sponsors;
 * - `advice`: knowledge or advice (how, why, tips, help learning or deciding);
 * - `problem`: an obstacle: something not working, to make better, faster or cheaper, or an
 *   undertaking under way ("Passing our first SOC 2 audit");
 * - `other`: a thing, a place or a service ("A new logo", "Office space").
 */
export type NeedKind = 'person' | 'customers' | 'money' | 'advice' | 'problem' | 'other';

// Openings that say only that something is wanted: "We are looking for two frontend engineers".
const LEAD = new Set(['we', 'i', "we're", "i'm", 'are', 'am', 'looking', 'need', 'needs', 'seeking', 'searching', 'want', 'wanted', 'for', 'trying', 'to', 'find']);
const QUESTION = new Set(['how', 'why', 'what', 'which', 'should', 'is', 'are', 'can', 'could', 'do', 'does', 'where', 'when']);
const ADVICE = new Set(['advice', 'tips', 'tip', 'recipes', 'guidance', 'help']);
// The head of a need ends where what it is for, whom it is with or where begins:
// "Investors | who understand food", "A designer | for our new website".
const BOUNDARY = new Set([
  'for', 'to', 'who', 'whose', 'that', 'which', 'with', 'in', 'at', 'near', 'from', 'before', 'after', 'during', 'on', 'of', 'into',
  'onto', 'than', 'by', 'we', 'i', 'so', 'because', 'when', 'where', 'like', 'but', 'without', 'across', 'around', 'per', 'among',
]);
// Verbs that make a need a statement of how things are: "Our deploys take an hour".
const FINITE = new Set([
  'is', 'are', 'was', 'were', "isn't", "aren't", "wasn't", 'keeps', 'keep', 'take', 'takes', 'took', 'doubled', 'tripled', 'rose',
  'went', 'got', 'get', 'gets', 'live', 'lives', 'works', 'miss', 'misses', 'quit', 'quits', 'hate', 'hates', 'understands',
  'applies', 'stopped', 'broke', 'breaks', 'crash', 'crashes', 'fails', 'failed', 'rots', 'costs', "don't", "doesn't", "can't",
  'cannot', "won't", 'has', 'have', 'had', 'needs', 'feels', 'drop', 'drops',
]);
const NOBODY = new Set(['nobody', 'noone', 'nothing', 'everything', 'everyone', 'too']);
const POSSESSIVE = new Set(['our', 'my', 'their']);
const INTRODUCTIONS = new Set(['introductions', 'introduction', 'intros', 'intro', 'connections', 'access']);
const COMPARATIVE = new Set(['better', 'faster', 'cheaper', 'lower', 'fewer', 'less', 'quicker', 'smoother', 'easier']);
// Words in -ing that name a thing rather than an action when they open a need ("Cleaning staff").
const NOUN_ING = new Set(['funding', 'crowdfunding', 'financing', 'cleaning', 'speaking', 'mentoring', 'coaching', 'building']);
const MONEY = new Set([
  'funding', 'fund', 'funds', 'investor', 'investors', 'investment', 'investments', 'capital', 'grant', 'grants', 'donation',
  'donations', 'donor', 'donors', 'sponsor', 'sponsors', 'sponsorship', 'loan', 'loans', 'financing', 'crowdfunding', 'backers',
  'money', 'seed',
]);
const CUSTOMERS = new Set([
  ...GROUPS, 'customer', 'partner', 'partners', 'distributor', 'distributors', 'reseller', 'resellers', 'wholesalers', 'buyer',
  'testers', 'leads', 'guests', 'diners', 'subscribers', 'stockists', 'importers', 'pilot', 'saas',
]);
// People wanted by what they are, where the word does not end like a role ("a sous chef", "a CFO").
const PERSON = new Set([
  'someone', 'somebody', 'person', 'people', 'staff', 'hire', 'hires', 'expert', 'experts', 'chef', 'founder', 'cofounder', 'cto', 'cfo', 'ceo', 'cmo', 'coo',
  'vp', 'intern', 'interns', 'nurse', 'nurses', 'vet', 'architect', 'architects', 'coach', 'crew',
]);
// Things whose names end like a role's (-er, -or, -ant): "A new tractor" is not a person.
const THING_LIKE_ROLE = new Set([
  'computer', 'printer', 'server', 'container', 'poster', 'paper', 'flyer', 'folder', 'trailer', 'tractor', 'monitor', 'router',
  'charger', 'heater', 'cooler', 'freezer', 'blender', 'mixer', 'laser', 'sticker', 'banner', 'counter', 'scooter', 'sensor',
  'motor', 'generator', 'elevator', 'calculator', 'water', 'power', 'number', 'order', 'winter', 'summer', 'corner', 'cover',
  'dinner', 'letter', 'newsletter', 'roster', 'border', 'floor', 'door', 'colour', 'color', 'error', 'sector', 'factor', 'plant',
  'restaurant', 'player', 'ledger', 'header', 'footer', 'filter', 'master', 'cluster', 'dryer', 'boiler', 'burner',
]);
const ROLE_ENDING = /(?:er|or|ist|ian|ant)$/u;

// Letters and digits, keeping an apostrophe inside a word ("isn't") and dropping a final one ("shoppers'").
const tokens = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’]\p{L}+)*/gu)?.map((w) => w.replace('’', "'")) ?? [];

/**
 * The kind of a head: organisations named first are whom the person wants to reach, whatever
 * they do ("Startups hiring engineers", "Climate founders raising a pre-seed round" are a
 * recruiter's and an investor's customers); otherwise the noun nearest the end that names a kind
 * ("a fund manager" → person).
 */
function kindOfHead(head: string[]): NeedKind | null {
  for (const w of head) {
    if (MONEY.has(w) || PERSON.has(w)) break;
    if (GROUPS.has(w)) return 'customers';
  }
  for (let i = head.length - 1; i >= 0; i--) {
    const w = head[i]!;
    if (MONEY.has(w)) return 'money';
    if (CUSTOMERS.has(w)) return 'customers';
    if (PERSON.has(w)) return 'person';
    const single = w.length > 4 ? w.replace(/s$/u, '') : w;
    // Only the last word may be a role by its ending: in "an explainer video" the video is wanted.
    if (i === head.length - 1 && single.length >= 5 && ROLE_ENDING.test(single) && !THING_LIKE_ROLE.has(single)) return 'person';
  }
  return null;
}

/**
 * The kind of a need, read from its wording alone: no model, no concepts, so a fragment
 * ("hiring!!", "funding") or a need in another industry gets a kind as readily as a sentence.
 * It does not decide claims: the claim rule keeps `asksForCustomers`, tuned on its own data.
 *
 * @example
 * needKind('A designer for our new website')                 // 'person'
 * needKind('Startups whose cash flow forecasting is a mess') // 'customers'
 * needKind('Our cloud bill doubled')                         // 'problem'
 */
export function needKind(text: string): NeedKind {
  // Read again for both people at every tap otherwise; the same words always have the same kind.
  return kinds(text, () => readKind(text));
}

// About one need text per person per need: room for a large event's, bounded all the same.
const KNOWN_KINDS = 100_000;
const kinds = boundedMemo<NeedKind>(KNOWN_KINDS);

function readKind(text: string): NeedKind {
  const all = tokens(text);
  if (!all.length) return 'other';
  if (text.trim().endsWith('?') || QUESTION.has(all[0]!)) return 'advice';
  let start = 0;
  while (start < all.length - 1 && LEAD.has(all[start]!)) start++;
  const words = all.slice(start);
  const first = words[0]!;
  const end = words.findIndex((w, i) => i > 0 && BOUNDARY.has(w));
  const head = end < 0 ? words : words.slice(0, end);

  if (words.some((w) => ADVICE.has(w)) || first === 'mentoring' || first === 'coaching') return 'advice';
  if (words.includes('pilot')) return 'customers';
  if (NOBODY.has(first) || head.slice(1).some((w) => FINITE.has(w))) return 'problem';
  if (POSSESSIVE.has(first)) return kindOfHead(head) ?? 'problem';
  if (first === 'series' && words[1]?.length === 1) return 'money';
  // "Introductions to seed investors": the kind is whom they want to meet.
  if (INTRODUCTIONS.has(first) && words[1] === 'to') {
    const rest = words.slice(2);
    const end = rest.findIndex((w) => BOUNDARY.has(w));
    const kind = kindOfHead(end < 0 ? rest : rest.slice(0, end));
    if (kind) return kind;
  }
  if (first.endsWith('ing') && first.length > 4 && !NOUN_ING.has(first)) return actionKind(first, words);
  // "More demo requests", "More diners": more of whoever comes to them; "More office space" is a thing.
  if (first === 'more') return kindOfHead(head.slice(1)) ?? (head.at(-1)!.endsWith('s') ? 'customers' : 'other');
  if (COMPARATIVE.has(first)) return 'problem';
  return kindOfHead(head) ?? 'other';
}

// A need opened by an action: "Hiring a designer", "Raising a seed round", "Closing our first
// enterprise customers"; any other action is something under way, asked about as an obstacle.
function actionKind(action: string, words: string[]): NeedKind {
  if (action === 'hiring' || action === 'recruiting') return 'person';
  if (action === 'raising' || action === 'fundraising') return 'money';
  if (action === 'learning' || action === 'understanding' || (action === 'finding' && words[1] === 'out')) return 'advice';
  if (['closing', 'winning', 'landing', 'finding', 'getting', 'attracting', 'reaching', 'signing'].includes(action)) {
    const rest = words.slice(1);
    const end = rest.findIndex((w) => BOUNDARY.has(w));
    const kind = kindOfHead(end < 0 ? rest : rest.slice(0, end));
    if (kind === 'customers' || kind === 'money' || kind === 'person') return kind;
  }
  return 'problem';
}
