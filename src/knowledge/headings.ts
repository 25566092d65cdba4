// Headings in the generated article metadata (content/articles.json). Short headings are titles and are
// kept as written. A long heading (in words or characters) reads as a sentence of Microsoft's prose, which the repository does not
// copy, so it is kept as its key terms only: the words still find the article, and cards never show it.
import { STOPWORDS } from './text.js';

/** Headings of more words, or more characters, than these are kept as key terms. */
export const MAX_TITLE_WORDS = 12;
export const MAX_TITLE_CHARS = 64;

export type CatalogHeading = { level: number; text: string; anchor: string; terms?: true };

export function catalogHeading(level: number, heading: string, anchor: string): CatalogHeading {
  // An em or en dash joins two clauses ("identity—and configured"): the words either side count apart.
  const words = heading.split(/[\s\u2013\u2014]+/).filter(Boolean);
  if (words.length <= MAX_TITLE_WORDS && heading.length <= MAX_TITLE_CHARS) return { level, text: heading, anchor };
  const terms = words.filter((w) => !STOPWORDS.has(w.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '')));
  return { level, text: terms.join(' '), anchor, terms: true };
}

/** Site names Learn appends to some titles: they say nothing about the page. */
const TITLE_SUFFIX = /\s*(?:\|\s*Microsoft Docs|[-\u2013]\s*Microsoft 365 for enterprise|-\s*Microsoft Secure Future Initiative|\u2013\s*Zero Trust)\s*$/;

/**
 * A page title as the catalog keeps it: without the site suffix, and, when longer than MAX_TITLE_CHARS,
 * as its key terms only (cards then show our short name for the page, content/short-titles.yaml).
 */
export function catalogTitle(title: string): { title: string; titleTerms?: true } {
  let t = title.trim();
  for (let prev = ''; prev !== t;) [prev, t] = [t, t.replace(TITLE_SUFFIX, '').trim()];
  if (t.length <= MAX_TITLE_CHARS) return { title: t };
  const terms = t.split(/[\s\u2013\u2014]+/).filter((w) => w && !STOPWORDS.has(w.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '')));
  return { title: terms.join(' '), titleTerms: true };
}
