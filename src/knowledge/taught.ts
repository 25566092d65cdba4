// Phrases the admins taught (`teach <phrase> => <page>`, kept in the store; or committed in
// content/taught.yaml): a question that holds every word of a taught phrase gets the taught entry as its top
// result, with high confidence, and the search's other results below it.
//
// A phrase matches as a set of words, not as a run of words: its words are normalised and stemmed as the
// search reads a question (small words of grammar left out), and a question matches when it holds all of
// them, in any order. People put the same words in different orders ("backup strategy", "what strategy for
// our backups"), with other words between them; an admin who teaches "backup strategy" means those words
// together, wherever they stand. When several phrases match, the one with the most words (the most specific) wins,
// and of equally long ones the one taught last.
import type { Entry } from './entries.js';
import type { SearchOptions, SearchResponse, SearchResult } from './search.js';
import { MAX_QUERY_CHARS, normalise, stem, words } from './text.js';
import { pagePath } from './urls.js';

/** Phrases kept at most. */
export const MAX_TAUGHT = 500;
/** Characters of a phrase at most. */
export const MAX_PHRASE = 200;
/** The confidence of a taught answer: an admin said so, well above "did you mean" and the low-confidence band. */
export const TAUGHT_CONFIDENCE = 0.95;

/** A phrase and the entry id it answers with. */
export type TaughtPhrase = { phrase: string; entry: string };

/**
 * Small words of grammar a phrase is matched without ("how do I block legacy auth" is "block legacy auth").
 * Only these: the search's longer stop-word list has words an admin may mean ("stuff", "tips", "ideas").
 */
const GRAMMAR = new Set(
  'a an the of to for and or in on at by with from is are be do does did can how what which who why when where we our us i im me my you your it its this that these those'.split(
    ' ',
  ),
);

/** The words a phrase is matched by (normalised, stemmed, without GRAMMAR unless nothing else is left), each once. */
export function phraseWords(phrase: string): string[] {
  const all = normalise(phrase.slice(0, MAX_PHRASE * 2))
    .split(' ')
    .filter(Boolean);
  const kept = all.filter((w) => !GRAMMAR.has(w));
  return [...new Set((kept.length ? kept : all).map(stem))];
}

/** Two phrases of the same words are the same phrase: teaching it again changes where it leads. */
export const phraseKey = (phrase: string): string => phraseWords(phrase).sort().join(' ');

/** The entry id the best matching phrase leads to, for a question; undefined when none matches. */
export type TaughtMatcher = (query: string) => string | undefined;

export function taughtMatcher(phrases: readonly TaughtPhrase[]): TaughtMatcher {
  // Later phrases of the same words replace earlier ones.
  const byKey = new Map<string, { words: string[]; entry: string; order: number }>();
  phrases.forEach((p, order) => {
    const words = phraseWords(p.phrase);
    if (!words.length) return;
    const key = [...words].sort().join(' ');
    byKey.delete(key);
    byKey.set(key, { words, entry: p.entry, order });
  });
  // Most words first, then the latest: the first that matches wins.
  const compiled = [...byKey.values()].sort((a, b) => b.words.length - a.words.length || b.order - a.order);
  if (!compiled.length) return () => undefined;
  return (query) => {
    const asked = new Set(words(query.length > MAX_QUERY_CHARS ? query.slice(0, MAX_QUERY_CHARS) : query));
    return compiled.find((c) => c.words.every((w) => asked.has(w)))?.entry;
  };
}

/** An entry as a result: what it is and where it links. */
export const entryResult = ({ page: _page, fields: _fields, ...e }: Entry, score: number, confidence: number): SearchResult => ({ ...e, score, confidence });

/**
 * The response with the taught entry on top (its own result when the search found it, keeping its best
 * section), the other pages' results below it, within the limit. An entry of a kind not asked for, or one
 * this knowledge does not have (a docs section gone since), changes nothing.
 */
export function withTaught(response: SearchResponse, entry: Entry | undefined, options: SearchOptions = {}): SearchResponse {
  if (!entry || (options.kinds && !options.kinds.includes(entry.kind))) return response;
  const first = response.results[0];
  const found = response.results.find((r) => r.id === entry.id);
  const score = Math.max(found?.score ?? 0, (first?.score ?? 0) + 1);
  const confidence = Math.max(TAUGHT_CONFIDENCE, first?.confidence ?? 0);
  const top = found ? { ...found, score, confidence } : entryResult(entry, score, confidence);
  const others = response.results.filter((r) => r.id !== entry.id && pagePath(r.originalUrl ?? r.url) !== entry.page);
  const limit = Math.max(1, options.limit ?? 5);
  // The excerpt was chosen for the former best result: withExcerpt chooses again for this one.
  const { excerpt: _excerpt, ...rest } = response;
  return { ...rest, results: [top, ...others].slice(0, limit) };
}

/**
 * The phrases taught in Teams as this instance knows them: replaced whenever the store's record changes
 * (polled) or this instance teaches or removes one. The knowledge reads it on every search, so a docs
 * refresh that swaps the knowledge keeps applying it; `version` tells searches' caches to start again.
 */
export class TaughtSet {
  private current: TaughtMatcher = () => undefined;
  private list: readonly TaughtPhrase[] = [];
  version = 0;

  set(phrases: readonly TaughtPhrase[]): void {
    this.list = phrases;
    this.current = taughtMatcher(phrases);
    this.version++;
  }

  phrases(): readonly TaughtPhrase[] {
    return this.list;
  }

  match(query: string): string | undefined {
    return this.current(query);
  }
}
