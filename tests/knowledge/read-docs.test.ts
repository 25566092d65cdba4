// After start-up the bot reads every docs section as the first question about it would (Knowledge.readDocs):
// in slices, so turns keep being answered, and with the same excerpts afterwards.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/knowledge/content-loader.js';
import { loadDocs } from '../../src/knowledge/docs.js';
import { buildKnowledge } from '../../src/knowledge/index.js';

const catalog = loadCatalog(resolve(__dirname, '../../content'));
const { articles } = loadDocs(resolve(__dirname, '../../../shared/corpus/zero-trust-head'));
const QUESTIONS = [
  'how do I block legacy authentication',
  'what is PIM',
  'how to classify and label sensitive data',
  'segment the network with Azure Firewall',
];

describe('reading the docs sections after start-up', () => {
  it('lets other work run between slices, and leaves every excerpt as it was', async () => {
    const unread = buildKnowledge(
      catalog,
      articles.map((a) => ({ ...a, sections: a.sections.map((s) => ({ ...s })) })),
    );
    const before = QUESTIONS.map((q) => unread.search(q, { limit: 4 }).excerpt);
    expect(before.filter(Boolean).length).toBeGreaterThan(0);

    const k = buildKnowledge(catalog, articles);
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 0);
    await k.readDocs();
    clearInterval(ticking);
    // Timers ran while the sections were read: the event loop was never held for the whole of it.
    expect(ticks).toBeGreaterThan(2);
    expect(QUESTIONS.map((q) => k.search(q, { limit: 4 }).excerpt)).toEqual(before);
  });

  it('has nothing to read without docs', async () => {
    await expect(buildKnowledge(catalog).readDocs()).resolves.toBeUndefined();
  });
});
