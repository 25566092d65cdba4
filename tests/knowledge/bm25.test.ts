import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../src/knowledge/bm25.js';

// Twenty documents that all say "access"; two of them also say "backup".
const docs = Array.from({ length: 20 }, (_, i) => ({ text: i === 3 || i === 11 ? ['backup', 'access'] : ['access', `word${i}`] }));
const index = new Bm25Index(docs, { weights: { text: 1 }, shortFields: [] });
const touched = (concepts: Map<string, number>[]) =>
  [
    ...index.query(
      concepts,
      concepts.map(() => 1 / concepts.length),
    ).docs,
  ].sort((a, b) => a - b);

describe('the common-terms rule of the index', () => {
  it('lets a rare word pick the documents, and a common one only add to their scores', () => {
    const { docs: found, score, cover } = index.query([new Map([['backup', 1]]), new Map([['access', 1]])], [0.5, 0.5]);
    expect([...found].sort((a, b) => a - b)).toEqual([3, 11]);
    // Both concepts counted for the documents that have both.
    expect(cover[3]).toBeCloseTo(1);
    expect(score[3]).toBeGreaterThan(index.idf('backup'));
  });

  it('still finds every document when the question has nothing but common words', () => {
    expect(touched([new Map([['access', 1]])])).toHaveLength(20);
  });

  it('reads a concept as rare by its own word, not by a rare expansion of it', () => {
    // "access" typed (weight 1) with a rare expansion term: the concept is still common, so it touches all.
    expect(
      touched([
        new Map([
          ['access', 1],
          ['backup', 0.5],
        ]),
      ]),
    ).toHaveLength(20);
  });
});
