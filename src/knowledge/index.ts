// The knowledge base: the validated catalog, optionally a docs checkout, and the search over both.
import type { Catalog } from './content-loader.js';
import { loadCatalog } from './content-loader.js';
import { type DocArticle, loadDocs, loadDocsAsync } from './docs.js';
import { type Entry, type EntryKind, articleEntries, catalogEntries, docsEntries } from './entries.js';
import { docsPathToUrl, fragmentOf, pagePath } from './urls.js';
import { CONFIDENT, GENERAL_WORDS, type EntryWords, SearchIndex, type SearchOptions, type SearchResponse, readEntry } from './search.js';
import { excerpt, plainText, readSection } from './excerpt.js';
import type { Section } from './markdown.js';
import { LRUCache } from 'lru-cache';
import { type Search, cachedSearch } from './answer-cache.js';
import { loadEnglish } from './english.js';
import { queryWords, stem, typedWords, words } from './text.js';
import { type TaughtMatcher, type TaughtSet, taughtMatcher, withTaught } from './taught.js';

/** Where the docs the bot reads come from, for /healthz, the about card and the cards' freshness line. */
export type DocsStatus = {
  source: 'synced' | 'checkout' | 'none';
  /** Synced docs: when they were fetched (ISO time), and the repository commit. */
  syncedAt?: string;
  commit?: string;
};

export type Knowledge = {
  catalog: Catalog;
  docs: DocsStatus;
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
  /**
   * Reads every section of the docs as the first question about it would (see readSection), a slice at a
   * time with pauses between, so turns keep being answered meanwhile; resolves when all are read. Called
   * after warmUp: afterwards no question waits for a section read for the first time.
   */
  readDocs(): Promise<void>;
  /** Whether the guidance uses a word (as typed, lowercase), or knows it as an acronym or other name. */
  knows(word: string): boolean;
  entry(id: string): Entry | undefined;
  /** The entry that best stands for a Learn link (with or without a locale), or undefined outside the guidance. */
  lookupUrl(url: string): Entry | undefined;
};

/** When several entries share a page, the one that says most about where it sits in the guidance wins. */
const PAGE_KIND_ORDER: EntryKind[] = [
  'ramp',
  'ramp-step',
  'checklist',
  'pillar',
  'ramp-initiative',
  'doc-set',
  'azure-article',
  'principle',
  'role',
  'article',
  'objective',
  'section',
  'checklist-item',
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
    const anchored = fragment ? candidates.filter((e) => e.kind !== 'checklist-item' && fragmentOf(e.originalUrl ?? e.url).toLowerCase() === fragment) : [];
    return (
      [...(anchored.length ? anchored : candidates.filter((e) => !fragmentOf(e.originalUrl ?? e.url)))].sort((a, b) => rank(a) - rank(b))[0] ??
      candidates.sort((a, b) => rank(a) - rank(b))[0]
    );
  };
}

export type KnowledgeOptions = {
  /** Questions whose search response is remembered (see answer-cache.ts); 0, the default, remembers none. */
  searchCacheSize?: number;
  /** Redirects of today's docs (a synced copy's redirects.json), by published path: they win over the catalog's. */
  redirects?: Record<string, string>;
  docsStatus?: DocsStatus;
  /**
   * The phrases taught in Teams (src/knowledge/taught.ts): applied with content/taught.yaml's on every
   * search. The same set is handed to every knowledge the bot builds, so a docs refresh keeps them.
   */
  taught?: TaughtSet;
};

/** A docs section as excerpts need it: its source, heading, and where it links. */
type SectionSource = { section: Section; title: string; pageUrl: string; url: string };

/** Every section of the docs by the id of its entry; an article's own id stands for the text above its first H2. */
function sectionSources(docs: DocArticle[]): Map<string, SectionSource> {
  const out = new Map<string, SectionSource>();
  for (const a of docs) {
    for (const s of a.sections) {
      const id = s.level === 1 ? `article:${a.path}` : `section:${a.path}#${s.anchor}`;
      out.set(id, { section: s, title: a.title, pageUrl: a.url, url: s.level === 1 ? a.url : `${a.url}#${s.anchor}` });
    }
  }
  return out;
}

/** Words that say nothing about what was asked: the guidance is all about Zero Trust and security. */
const UNTELLING = new Set([...GENERAL_WORDS, 'secur', 'microsoft', 'us', 'our', 'we', 'need', 'use', 'get', 'set', 'make']);

/**
 * The words of a passage and of the heading it sits under. A section offers a handful of passages, and
 * reading one (markdown to text, every word stemmed) cost more than choosing it: each is read once.
 */
const shownWords = new LRUCache<string, Set<string>>({ max: 2000 });
function wordsShown(passage: string, where: string): Set<string> {
  const key = `${where}\n${passage}`;
  let hit = shownWords.get(key);
  if (!hit) shownWords.set(key, (hit = new Set(words(`${where} ${plainText(passage)}`))));
  return hit;
}

/**
 * Whether a passage (or the heading it sits under) holds a word of the question: a passage of the right page
 * that is about something else ("what is PIM" answered by a paragraph about identities in general) would
 * only look like an answer.
 */
function saysSomethingAsked(passage: string, where: string, question: string, response: SearchResponse): boolean {
  const shown = wordsShown(passage, where);
  // An acronym or product name counts as asked when the passage has it, or all the words of its long form
  // ("PIM", or "Privileged Identity Management"; "identity" alone is not PIM).
  const terms = response.terms ?? [];
  if (terms.some((t) => queryWords(t.term).every((w) => shown.has(w)) || queryWords(t.means).every((w) => shown.has(w)))) return true;
  // The other words of the question, typos read as the search read them.
  let read = question;
  for (const [typed, fixed] of Object.entries(response.corrections)) read = read.replace(typed, fixed);
  const named = new Set(terms.flatMap((t) => queryWords(t.term)));
  const asked = queryWords(read).filter((w) => !UNTELLING.has(w) && !named.has(w));
  if (!asked.length) return !terms.length;
  return asked.some((w) => shown.has(w));
}

/**
 * The response with the passage of today's docs that best answers the question, when the best result is
 * a docs section, or its page has one (the search picks the page's best section). Only for answers: a
 * "did you mean" shows no excerpt, and the compose box asks for none.
 */
function withExcerpt(response: SearchResponse, question: string, sources: Map<string, SectionSource>, options: SearchOptions): SearchResponse {
  const best = response.results[0];
  if (!best || options.excerpt === false || best.confidence < CONFIDENT || !sources.size) return response;
  const source = sources.get(best.kind === 'section' || best.kind === 'article' ? best.id : '') ?? (best.section ? sources.get(best.section) : undefined);
  const picked = (best.kind === 'article' && best.section && sources.get(best.section)) || source;
  if (!picked) return response;
  const found = excerpt(picked.section, question, { pageUrl: picked.pageUrl });
  if (!found || !saysSomethingAsked(found.text, `${picked.title} ${picked.section.heading}`, question, response)) return response;
  return { ...response, excerpt: { text: found.text, kind: found.kind, heading: picked.section.heading, url: picked.url } };
}

/** The entries of the catalog and the docs: an indexed docs checkout replaces the articles' generated metadata. */
function knowledgeEntries(catalog: Catalog, docs: DocArticle[]): Entry[] {
  const indexed = new Set(docs.map((d) => d.path));
  return [
    ...catalogEntries(catalog),
    ...articleEntries(catalog).filter((e) => !indexed.has(e.id.replace(/^(article|section):/, '').split('#')[0]!)),
    ...docsEntries(catalog, docs),
  ];
}

/** Synced redirects win over the catalog's: a page retired since the catalog was built links its new home. */
const withRedirects = (catalog: Catalog, redirects: Record<string, string> | undefined): Catalog =>
  redirects && Object.keys(redirects).length ? { ...catalog, redirects: { ...catalog.redirects, ...redirects } } : catalog;

function assemble(catalog: Catalog, docs: DocArticle[], warnings: string[], options: KnowledgeOptions, entries: Entry[], read?: EntryWords[]): Knowledge {
  const startPages = catalog.startingPoints.map((p) => pagePath(docsPathToUrl(p.path))!);
  const frameworks = catalog.frameworks.map((f) => ({
    pagePrefix: pagePath(docsPathToUrl(f.pages))!,
    namedBy: f.namedBy.map((name) => typedWords(name).map(stem)),
  }));
  const index = new SearchIndex(entries, catalog.synonyms, startPages, frameworks, read);
  const sources = sectionSources(docs);
  return {
    catalog,
    docs: options.docsStatus ?? { source: docs.length ? 'checkout' : 'none' },
    entries,
    warnings,
    docsArticles: docs.length,
    search: taughtSearch(catalog, options, (match) =>
      cachedSearch((q, o = {}) => {
        const found = index.search(q, o);
        const taught = match(q);
        return withExcerpt(taught ? withTaught(found, index.entry(taught), o) : found, q, sources, o);
      }, options.searchCacheSize ?? 0),
    ),
    knows: (word) => index.knows(word),
    warmUp: () => {
      loadEnglish();
      index.warmUp();
    },
    readDocs: async () => {
      let sliceStart = performance.now();
      for (const { section, pageUrl } of sources.values()) {
        readSection(section, pageUrl);
        if (performance.now() - sliceStart < SECTION_SLICE_MS) continue;
        await pause();
        sliceStart = performance.now();
      }
    },
    entry: (id) => index.entry(id),
    lookupUrl: pageLookup(entries),
  };
}

/**
 * The search with the taught phrases (content/taught.yaml's, then those taught in Teams, which win a tie):
 * while the phrases taught in Teams stay the same, one matcher and one cache of responses serve; when they
 * change, both are made again, so no remembered response hides what was just taught.
 */
function taughtSearch(catalog: Catalog, options: KnowledgeOptions, make: (match: TaughtMatcher) => Search): Search {
  const taught = options.taught;
  if (!taught) return make(taughtMatcher(catalog.taught));
  let version = -1;
  let current: Search | undefined;
  return (q, o) => {
    if (!current || version !== taught.version) {
      version = taught.version;
      current = make(taughtMatcher([...catalog.taught, ...taught.phrases()]));
    }
    return current(q, o);
  };
}

export function buildKnowledge(given: Catalog, docs: DocArticle[] = [], warnings: string[] = [], options: KnowledgeOptions = {}): Knowledge {
  const catalog = withRedirects(given, options.redirects);
  return assemble(catalog, docs, warnings, options, knowledgeEntries(catalog, docs));
}

/** Lets other work (turns) run: between slices of a rebuild. */
export const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** How long reading docs sections (Knowledge.readDocs) may hold the event loop before it lets turns run. */
const SECTION_SLICE_MS = 5;

/** Entries read into words per slice: a slice costs a few milliseconds. */
const READ_SLICE = 40;

/**
 * buildKnowledge for a running bot: the same knowledge, built a slice at a time with pauses between, so
 * turns keep being answered while it is built (the index itself, once its words are read, is one step).
 */
export async function buildKnowledgeAsync(
  given: Catalog,
  docs: DocArticle[] = [],
  warnings: string[] = [],
  options: KnowledgeOptions = {},
): Promise<Knowledge> {
  const catalog = withRedirects(given, options.redirects);
  const entries = knowledgeEntries(catalog, docs);
  await pause();
  const read: EntryWords[] = [];
  for (let i = 0; i < entries.length; i += READ_SLICE) {
    for (const e of entries.slice(i, i + READ_SLICE)) read.push(readEntry(e));
    await pause();
  }
  return assemble(catalog, docs, warnings, options, entries, read);
}

export type KnowledgeSource = { contentDir: string; docsDir?: string | undefined } & KnowledgeOptions;

export function loadKnowledge({ contentDir, docsDir, ...options }: KnowledgeSource): Knowledge {
  const catalog = loadCatalog(contentDir);
  if (!docsDir) return buildKnowledge(catalog, [], [], options);
  const { articles, warnings } = loadDocs(docsDir);
  return buildKnowledge(catalog, articles, warnings, options);
}

/** A docs copy to read: a checkout (ZT_DOCS_DIR) or the synced copy, with what the cards say about it. */
export type DocsSource = { dir?: string | undefined; redirects?: Record<string, string>; status: DocsStatus };

/** The options a docs source brings: its redirects, and what the cards say about it. */
const sourceOptions = (source: DocsSource, options: KnowledgeOptions): KnowledgeOptions => ({
  ...options,
  ...(source.redirects ? { redirects: source.redirects } : {}),
  docsStatus: source.status,
});

/** The knowledge over `catalog` and the docs of `source`, at once (start-up). */
export function knowledgeFrom(catalog: Catalog, source: DocsSource, options: KnowledgeOptions = {}): Knowledge {
  const { articles, warnings } = source.dir ? loadDocs(source.dir) : { articles: [], warnings: [] };
  return buildKnowledge(catalog, articles, warnings, sourceOptions(source, options));
}

/** The same, built while the bot keeps answering (see pause): a docs refresh. */
export async function rebuildKnowledge(catalog: Catalog, source: DocsSource, options: KnowledgeOptions = {}): Promise<Knowledge> {
  const { articles, warnings } = source.dir ? await loadDocsAsync(source.dir, pause) : { articles: [], warnings: [] };
  return buildKnowledgeAsync(catalog, articles, warnings, sourceOptions(source, options));
}

export type { Catalog, Entry, SearchOptions, SearchResponse };
