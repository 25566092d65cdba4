// The knowledge base: the validated catalog, optionally a docs checkout, and the search over both.
import type { Catalog } from './content-loader.js';
import { loadCatalog } from './content-loader.js';
import { type DocArticle, loadDocs } from './docs.js';
import { type Entry, type EntryKind, articleEntries, catalogEntries, docsEntries } from './entries.js';
import { docsPathToUrl, fragmentOf, pagePath } from './urls.js';
import { SearchIndex, type SearchOptions, type SearchResponse } from './search.js';
import { cachedSearch } from './answer-cache.js';
import { loadEnglish } from './english.js';
import { stem, typedWords } from './text.js';

export type Knowledge = {
  catalog: Catalog;
  entries: Entry[];
  /** Problems met while reading a docs checkout: files skipped, with their names. */
  warnings: string[];
  docsArticles: number;
  search(query: string, options?: SearchOptions): SearchResponse;
  /**
   * Loads and builds what the first questions would otherwise wait for (the English word list, the typo
   * indexes): called right after the bot is healthy, so neither start-up nor a user pays for it.
   */
  warmUp(): void;
  /** Whether the guidance uses a word (as typed, lowercase), or knows it as an acronym or other name. */
  knows(word: string): boolean;
  entry(id: string): Entry | undefined;
  /** The entry that best stands for a Learn link (with or without a locale), or undefined outside the guidance. */
  lookupUrl(url: string): Entry | undefined;
};

/** When several entries share a page, the one that says most about where it sits in the guidance wins. */
const PAGE_KIND_ORDER: EntryKind[] = [
  'ramp', 'ramp-step', 'checklist', 'pillar', 'ramp-initiative', 'doc-set', 'azure-article', 'principle', 'role',
  'article', 'objective', 'section', 'checklist-item',
];

function pageLookup(entries: Entry[]): (url: string) => Entry | undefined {
  const own = new Map<string, Entry[]>();
  const live = new Map<string, Entry[]>();
  const add = (map: Map<string, Entry[]>, key: string | undefined, e: Entry) => {
    if (!key) return;
    const list = map.get(key);
    if (list) list.push(e);
    else map.set(key, [e]);
  };
  for (const e of entries) {
    add(own, e.page, e);
    if (e.retired) add(live, pagePath(e.url), e);
  }
  const rank = (e: Entry) => PAGE_KIND_ORDER.indexOf(e.kind);
  return (url) => {
    const path = pagePath(url);
    if (!path) return undefined;
    const fragment = fragmentOf(url).toLowerCase();
    const candidates = own.get(path) ?? live.get(path) ?? [];
    // A link to a heading means that objective or section; checklist items share their area's heading, so
    // for those the page's own entry says more than an arbitrary item.
    const anchored = fragment
      ? candidates.filter((e) => e.kind !== 'checklist-item' && fragmentOf(e.originalUrl ?? e.url).toLowerCase() === fragment)
      : [];
    return [...(anchored.length ? anchored : candidates.filter((e) => !fragmentOf(e.originalUrl ?? e.url)))]
      .sort((a, b) => rank(a) - rank(b))[0] ?? candidates.sort((a, b) => rank(a) - rank(b))[0];
  };
}

export type KnowledgeOptions = {
  /** Questions whose search response is remembered (see answer-cache.ts); 0, the default, remembers none. */
  searchCacheSize?: number;
};

export function buildKnowledge(catalog: Catalog, docs: DocArticle[] = [], warnings: string[] = [], options: KnowledgeOptions = {}): Knowledge {
  // An indexed docs checkout replaces the generated metadata of the articles it has.
  const indexed = new Set(docs.map((d) => d.path));
  const entries = [
    ...catalogEntries(catalog),
    ...articleEntries(catalog).filter((e) => !indexed.has(e.id.replace(/^(article|section):/, '').split('#')[0]!)),
    ...docsEntries(catalog, docs),
  ];
  const startPages = catalog.startingPoints.map((p) => pagePath(docsPathToUrl(p.path))!);
  const frameworks = catalog.frameworks.map((f) => ({
    pagePrefix: pagePath(docsPathToUrl(f.pages))!,
    namedBy: f.namedBy.map((name) => typedWords(name).map(stem)),
  }));
  const index = new SearchIndex(entries, catalog.synonyms, startPages, frameworks);
  return {
    catalog,
    entries,
    warnings,
    docsArticles: docs.length,
    search: cachedSearch((q, o) => index.search(q, o), options.searchCacheSize ?? 0),
    knows: (word) => index.knows(word),
    warmUp: () => {
      loadEnglish();
      index.warmUp();
    },
    entry: (id) => index.entry(id),
    lookupUrl: pageLookup(entries),
  };
}

export type KnowledgeSource = { contentDir: string; docsDir?: string | undefined } & KnowledgeOptions;

export function loadKnowledge({ contentDir, docsDir, ...options }: KnowledgeSource): Knowledge {
  const catalog = loadCatalog(contentDir);
  if (!docsDir) return buildKnowledge(catalog, [], [], options);
  const { articles, warnings } = loadDocs(docsDir);
  return buildKnowledge(catalog, articles, warnings, options);
}

export type { Catalog, Entry, SearchOptions, SearchResponse };
