// Remembers the search response for questions asked before. People in one tenant ask the same things
// ("what is zero trust", "ramp", a did-you-mean choice clicked by several people), and the compose box
// sends the same text again as someone types and deletes; the knowledge base does not change while the
// process runs, so a remembered response is never stale. Responses are frozen because the same object
// goes to every caller: one caller changing it would change the next person's answer.
import { LRUCache } from 'lru-cache';
import { deepFreeze } from '../freeze.js';
import type { SearchOptions, SearchResponse } from './search.js';

export type Search = (query: string, options?: SearchOptions) => SearchResponse;

/** `search` with the last `size` distinct questions remembered; size 0 remembers nothing. */
/** Longer questions are searched every time: they are rarely asked twice, and would fill the cache. */
export const MAX_CACHED_QUERY = 300;

export function cachedSearch(search: Search, size: number): Search {
  if (size <= 0) return search;
  // Bounded by size as well as count: each response holds up to a few results of a few hundred bytes.
  const cache = new LRUCache<string, SearchResponse>({
    max: size,
    maxSize: size * 4 * 1024,
    sizeCalculation: (r, k) => 2 * k.length + 600 * (r.results.length + 1),
  });
  return (query, options = {}) => {
    if (query.length > MAX_CACHED_QUERY) return search(query, options);
    // The exact text is the key: the response repeats it (feedback buttons send it back), so "MFA" and
    // "mfa" are two entries, each answered in the words its asker used.
    const key = `${options.limit ?? ''}|${options.kinds?.join(',') ?? ''}|${options.excerpt ?? ''}|${query}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = deepFreeze(search(query, options));
      cache.set(key, hit);
    }
    return hit;
  };
}
