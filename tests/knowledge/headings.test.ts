// Article headings in content/articles.json: titles as written, long sentence-like headings as key terms.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TITLE_WORDS, catalogHeading } from '../../src/knowledge/headings.js';
import { loadCatalog } from '../../src/knowledge/content-loader.js';
import { summaryOf } from '../../src/cards/answer.js';

describe('catalog headings', () => {
  it('keeps a heading that reads as a title as written', () => {
    expect(catalogHeading(2, 'Step 3: Secure the hub network', 'step-3')).toEqual({ level: 2, text: 'Step 3: Secure the hub network', anchor: 'step-3' });
  });

  it('keeps only the key terms of a heading long enough to be a sentence, and marks it', () => {
    const h = catalogHeading(3, 'How the team should go about turning on the sign-in checks for every one of the apps', 'how');
    expect(h.terms).toBe(true);
    expect(h.text).toBe('team go turning sign-in checks every one apps');
    expect(h.anchor).toBe('how');
  });

  it('counts the words either side of a dash apart, so two clauses joined by one are not taken for a title', () => {
    // Twelve words as spaces divide them, thirteen as they read.
    const h = catalogHeading(3, 'IV. Every team is given a review board—and signed off and audited', 'iv');
    expect(h.terms).toBe(true);
    expect(h.text).toBe('IV. Every team given review board signed off audited');
    expect(catalogHeading(2, 'Identity—the control plane', 'id').terms).toBeUndefined();
  });

  it('no heading in the generated metadata is a long sentence, and cards never show the term lists', () => {
    const file = JSON.parse(readFileSync(resolve(__dirname, '../../content/articles.json'), 'utf8')) as {
      articles: { headings: { text: string; terms?: boolean }[] }[];
    };
    const headings = file.articles.flatMap((a) => a.headings);
    expect(headings.some((h) => h.terms)).toBe(true);
    for (const h of headings) if (!h.terms) expect(h.text.split(/[\s\u2013\u2014]+/).length).toBeLessThanOrEqual(MAX_TITLE_WORDS);

    const catalog = loadCatalog(resolve(__dirname, '../../content'));
    const article = catalog.articles.articles.find((a) => a.headings.some((h) => h.level === 2 && h.terms))!;
    const summary = summaryOf(
      { id: `article:${article.path}`, kind: 'article', title: article.title, url: article.url, score: 1, confidence: 1 } as never,
      catalog,
    );
    for (const h of article.headings.filter((x) => x.terms)) expect(summary).not.toContain(h.text);
  });
});
