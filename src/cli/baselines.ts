// The two searches a newcomer would build over the docs' sections in an afternoon, for the evaluation to
// compare against: fuse.js with its default options, and MiniSearch's BM25 with title and heading boosts,
// fuzzy matching and prefix search. Each answers like our engine (one result per page, best first), so one
// scorer measures all three.
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import type { DocArticle } from '../knowledge/docs.js';
import type { SearchResponse, SearchResult } from '../knowledge/search.js';

type SectionDoc = { id: number; url: string; page: string; title: string; heading: string; text: string };

function sectionDocs(articles: DocArticle[]): SectionDoc[] {
  return articles
    .flatMap((a) =>
      a.sections.map((s) => ({
        id: 0,
        url: a.url,
        page: a.path,
        title: a.title,
        heading: s.level === 1 ? '' : [s.heading, ...s.subheadings].join(' '),
        text: s.text,
      })),
    )
    .map((d, i) => ({ ...d, id: i }));
}

function onePerPage(query: string, docs: SectionDoc[], limit = 5): SearchResponse {
  const seen = new Set<string>();
  const results: SearchResult[] = [];
  for (const d of docs) {
    if (seen.has(d.page)) continue;
    seen.add(d.page);
    results.push({ id: `article:${d.page}`, kind: 'article', title: d.title, url: d.url, retired: false, score: 0, confidence: 0 });
    if (results.length >= limit) break;
  }
  return { query, corrections: {}, expanded: [], results };
}

export type Baseline = { name: string; search: (q: string) => SearchResponse };

export function fuseBaseline(articles: DocArticle[]): Baseline {
  const docs = sectionDocs(articles);
  const fuse = new Fuse(docs, { keys: ['title', 'heading', 'text'] });
  return {
    name: 'fuse.js defaults (sections)',
    search: (q) =>
      onePerPage(
        q,
        fuse.search(q, { limit: 50 }).map((h) => h.item),
      ),
  };
}

export function miniSearchBaseline(articles: DocArticle[]): Baseline {
  const docs = sectionDocs(articles);
  const mini = new MiniSearch<SectionDoc>({ fields: ['title', 'heading', 'text'], storeFields: ['page'] });
  mini.addAll(docs);
  const options = { boost: { title: 3, heading: 2 }, fuzzy: 0.2, prefix: true };
  return {
    name: 'MiniSearch BM25 (sections)',
    search: (q) =>
      onePerPage(
        q,
        mini
          .search(q, options)
          .slice(0, 50)
          .map((h) => docs[h.id as number]!),
      ),
  };
}
