// Headings in the generated article metadata (content/articles.json). Short headings are titles and are
// kept as written. A long heading reads as a sentence of Microsoft's prose, which the repository does not
// copy, so it is kept as its key terms only: the words still find the article, and cards never show it.
import { STOPWORDS } from './text.js';

/** Headings of more words than this are kept as key terms. */
export const MAX_TITLE_WORDS = 12;

export type CatalogHeading = { level: number; text: string; anchor: string; terms?: true };

export function catalogHeading(level: number, heading: string, anchor: string): CatalogHeading {
  // An em or en dash joins two clauses ("identity—and configured"): the words either side count apart.
  const words = heading.split(/[\s\u2013\u2014]+/).filter(Boolean);
  if (words.length <= MAX_TITLE_WORDS) return { level, text: heading, anchor };
  const terms = words.filter((w) => !STOPWORDS.has(w.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '')));
  return { level, text: terms.join(' '), anchor, terms: true };
}
