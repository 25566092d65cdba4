// A name that is the question, word for word, is what was asked for: the search weighs it 2.2 times an
// entry that has the same words in another order. Checked over many words, so that whatever part of the
// engine's word masks their hashes fall on (see SearchIndex.nameBits), the bonus is the same.
import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/knowledge/entries.js';
import { SearchIndex } from '../../src/knowledge/search.js';

const entry = (id: string, title: string): Entry => ({
  id: `article:${id}`,
  kind: 'article',
  title,
  url: `https://learn.microsoft.com/security/zero-trust/${id}`,
  retired: false,
  page: id,
  fields: { title, aliases: '', heading: '', about: '', body: '', asks: '' },
});

// Made-up words, so that no stemming or stop word gets in the way.
const WORDS = Array.from({ length: 80 }, (_, i) => `zq${i.toString(36)}x${(i * 7919).toString(36)}`);

describe('the phrase bonus', () => {
  it('weighs an exact name 2.2 times the same words in another order, whatever the words', () => {
    const pairs = WORDS.slice(0, 40).map((w, i) => [w, WORDS[40 + i]!] as const);
    // Each pair is a title of its own (a b) and of a twin in the other order (b a); filler titles keep
    // every word rare enough to be searched.
    const entries = pairs.flatMap(([a, b], i) => [entry(`p${i}`, `${a} ${b}`), entry(`q${i}`, `${b} ${a}`)]);
    for (let i = 0; i < 40; i++) entries.push(entry(`filler${i}`, `filler${i} words`));
    const index = new SearchIndex(entries, []);
    for (const [i, [a, b]] of pairs.entries()) {
      const results = index.search(`${a} ${b}`, { limit: 10 }).results;
      const exact = results.find((r) => r.id === `article:p${i}`);
      const reversed = results.find((r) => r.id === `article:q${i}`);
      expect(exact, a).toBeDefined();
      expect(reversed, a).toBeDefined();
      expect(exact!.score / reversed!.score, `${a} ${b}`).toBeCloseTo(2.2, 2);
    }
  });
});
