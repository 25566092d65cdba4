// The answer's excerpt of today's docs: from the best section of the best page, and only when the passage
// holds something that was asked (an acronym counts in its long form, a typo as the search read it).
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/knowledge/content-loader.js';
import { loadDocs } from '../../src/knowledge/docs.js';
import { buildKnowledge } from '../../src/knowledge/index.js';

const catalog = loadCatalog(resolve(__dirname, '../../content'));
const { articles } = loadDocs(resolve(__dirname, '../../../shared/corpus/zero-trust-head'));
const k = buildKnowledge(catalog, articles);

describe('the excerpt an answer carries', () => {
  it('comes from the section that answers a how-to question, with a link to its heading', () => {
    const e = k.search('how do I block legacy authentication', { limit: 4 }).excerpt!;
    expect(e.heading).toMatch(/multifactor authentication|legacy/i);
    expect(e.url).toMatch(/^https:\/\/learn\.microsoft\.com\/security\/zero-trust\/.+#.+/);
    expect(e.text.length).toBeLessThanOrEqual(600);
  });

  it('is left out when the passage is about something other than what was asked', () => {
    expect(k.search('what is PIM', { limit: 4 }).excerpt).toBeUndefined();
  });

  it('reads a typo as the search did', () => {
    const r = k.search('sentinal and xdr integration', { limit: 4 });
    expect(r.corrections).toEqual({ sentinal: 'sentinel' });
    expect(r.excerpt?.text).toMatch(/Sentinel/);
  });

  it('is not made for the compose box, which shows none', () => {
    expect(k.search('how do I block legacy authentication', { limit: 4, excerpt: false }).excerpt).toBeUndefined();
  });

  it('is never made without docs', () => {
    expect(buildKnowledge(catalog).search('how do I block legacy authentication', { limit: 4 }).excerpt).toBeUndefined();
  });
});
