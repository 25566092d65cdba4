// Cards that answer, not only point: with the catalog alone (no docs), an acronym is explained, a RaMP step
// lists the first items of its checklist, an objective its key actions, a section our summary of it.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerCard } from '../../src/cards/answer.js';
import { freshness } from '../../src/cards/common.js';
import { docsLine } from '../../src/cards/info.js';
import { loadCatalog } from '../../src/knowledge/content-loader.js';
import { buildKnowledge } from '../../src/knowledge/index.js';
import type { SearchResult } from '../../src/knowledge/search.js';
import { expectTeamsReady, plain, texts } from './helpers.js';

const catalog = loadCatalog(resolve(__dirname, '../../content'));
const k = buildKnowledge(catalog);
const cardFor = (q: string) => answerCard(k.search(q, { limit: 4 }), catalog);
const cardOf = (id: string, query = 'q') => {
  const { page: _p, fields: _f, ...e } = k.entry(id)!;
  return answerCard({ query, corrections: {}, expanded: [], results: [{ ...e, score: 1, confidence: 1 } as SearchResult] }, catalog);
};
const text = (card: object) => plain(texts(card).join('\n')).replace(/\*\*/g, '');

describe('an answer card without docs', () => {
  it.each([
    ['what is PIM', 'PIM', 'Privileged Identity Management'],
    ['CAE', 'CAE', 'continuous access evaluation'],
    ['do we need MCAS', 'MCAS', 'Defender for Cloud Apps'],
  ])('"%s" says what %s stands for and what it does', (q, term, means) => {
    const card = cardFor(q);
    expectTeamsReady(card);
    const does = catalog.synonyms.find((s) => s.term === term && s.does)!.does!;
    expect(text(card)).toContain(`${term} · `);
    expect(text(card)).toContain(means);
    expect(text(card)).toContain(does);
  });

  it('shows a RaMP step with the first items of its checklist', () => {
    const step = catalog.ramp.initiatives.flatMap((i) => i.steps).find((s) => s.checklist)!;
    const list = catalog.checklists.find((l) => l.id === step.checklist)!;
    const t = text(cardOf(`ramp-step:${step.id}`));
    expect(t).toContain('First items of its checklist');
    for (const item of list.areas.flatMap((a) => a.items).slice(0, 3)) expect(t).toContain(item.text);
  });

  it('shows an objective with its key actions', () => {
    const pillar = catalog.pillars[0]!;
    const objective = pillar.objectives[1]!;
    const t = text(cardOf(`objective:${pillar.id}/${objective.id}`));
    expect(t).toContain('Key actions');
    for (const a of objective.actions) expect(t).toContain(a);
  });

  it('shows a section with our summary of it, not "a section of ..."', () => {
    const page = [...catalog.asks.values()].find((p) => p.sections.some((s) => s.summary))!;
    const section = page.sections.find((s) => s.summary)!;
    const t = text(cardOf(`section:${page.path}#${section.anchor}`));
    expect(t).toContain(section.summary!.replace(/\s+/g, ' ').trim().slice(0, 60));
    expect(t).not.toMatch(/A section of the Microsoft Learn article/);
  });

  it('never uses a list of headings as a summary, for any page', () => {
    for (const a of catalog.articles.articles) {
      const t = text(cardOf(`article:${a.path}`));
      expect(t, a.path).not.toMatch(/It covers:/);
      expect(t, a.path).toContain(catalog.asks.get(a.path)!.summary.replace(/\s+/g, ' ').trim().slice(0, 40));
    }
  });
});

describe('freshness on every card', () => {
  const fresh = (id: string, docs?: Parameters<typeof freshness>[2]) => {
    const { page: _p, fields: _f, ...e } = k.entry(id)!;
    return freshness(e, catalog, docs).text;
  };

  it('gives a page its date, and says when it is new since the February 2025 snapshot', () => {
    expect(fresh('article:sfi/secure-future-initiative-overview')).toMatch(
      /^Microsoft Learn page dated \d{1,2} \w+ \d{4}, published since the RaMP snapshot of 18 February 2025\.$/,
    );
    expect(fresh('article:deploy/identity')).toMatch(/^Microsoft Learn page dated \d{1,2} \w+ \d{4}\.$/);
  });

  it('says when a page or RaMP step was retired and where it lives now', () => {
    const step = catalog.ramp.initiatives.flatMap((i) => i.steps).find((s) => k.entry(`ramp-step:${s.id}`)?.retired)!;
    expect(fresh(`ramp-step:${step.id}`)).toMatch(/retired upstream on 27 February 2025.*\[live page\]\(https:\/\/learn\.microsoft\.com\//);
  });

  it('says when the docs were synced, for pages read from a synced copy', () => {
    const synced = { source: 'synced' as const, syncedAt: '2026-12-01T04:05:06.000Z', commit: '4f8843d2e9bc8b00a2db291925e73f5fc16e3588' };
    expect(fresh('article:deploy/identity', synced)).toMatch(/Read from today's docs, synced 1 December 2026, 04:05 UTC\.$/);
    // Our own catalog entries are not "read from today's docs".
    expect(fresh('pillar:identity', synced)).not.toMatch(/synced/);
    expect(docsLine(synced)).toBe('Synced 1 December 2026, 04:05 UTC from MicrosoftDocs/security (commit 4f8843d); excerpts are read from it at run time');
    expect(docsLine({ source: 'none' })).toMatch(/None loaded/);
  });
});
