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
