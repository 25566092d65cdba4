// The knowledge base: the validated catalog, optionally a docs checkout, and the search over both.
import type { Catalog } from './content-loader.js';
import { loadCatalog } from './content-loader.js';
import { type DocArticle, loadDocs } from './docs.js';
import { type Entry, articleEntries, catalogEntries, docsEntries } from './entries.js';
import { SearchIndex, type SearchOptions, type SearchResponse } from './search.js';

export type Knowledge = {
  catalog: Catalog;
  entries: Entry[];
  /** Problems met while reading a docs checkout: files skipped, with their names. */
  warnings: string[];
  docsArticles: number;
  search(query: string, options?: SearchOptions): SearchResponse;
  entry(id: string): Entry | undefined;
};

export function buildKnowledge(catalog: Catalog, docs: DocArticle[] = [], warnings: string[] = []): Knowledge {
  // An indexed docs checkout replaces the generated metadata of the articles it has.
  const indexed = new Set(docs.map((d) => `article:${d.path}`));
  const entries = [
    ...catalogEntries(catalog),
    ...articleEntries(catalog).filter((e) => !indexed.has(e.id)),
    ...docsEntries(catalog, docs),
  ];
  const index = new SearchIndex(entries, catalog.synonyms);
  return {
    catalog,
    entries,
    warnings,
    docsArticles: docs.length,
    search: (q, o) => index.search(q, o),
    entry: (id) => index.entry(id),
  };
}

export type KnowledgeSource = { contentDir: string; docsDir?: string | undefined };

export function loadKnowledge({ contentDir, docsDir }: KnowledgeSource): Knowledge {
  const catalog = loadCatalog(contentDir);
  if (!docsDir) return buildKnowledge(catalog);
  const { articles, warnings } = loadDocs(docsDir);
  return buildKnowledge(catalog, articles, warnings);
}

export type { Catalog, Entry, SearchOptions, SearchResponse };
