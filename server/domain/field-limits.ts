/**
 * The longest each attendee field may be. The server's rules (attendee-rules.ts) refuse longer,
 * and the pages' forms stop there and say so before sending: one list, read by both, with no
 * import that would bring the server's validation library into the pages.
 */
export const LIMITS = {
  name: 100,
  email: 254,
  company: 100,
  title: 100,
  // The offering is read in twenty seconds and printed on a badge in at most two lines.
  offering: 120,
  need: 160,
  needs: 3,
  goal: 200,
  topics: 3,
} as const;
