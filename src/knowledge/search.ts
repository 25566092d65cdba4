// The search engine: BM25 (minisearch) over every entry with names and titles weighted above body text,
// acronym and synonym expansion from content/synonyms.yaml, typo correction with fuse.js over the words of
// short fields, and one result per page.
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import type { Synonym } from './schema.js';
import type { Entry, EntryKind } from './entries.js';
import { STOPWORDS, editDistance, normalise, queryWords, stem, words } from './text.js';

export type SearchResult = {
  id: string;
  kind: EntryKind;
  title: string;
  url: string;
  originalUrl?: string;
  retired: boolean;
  summary?: string;
  context?: string;
  date?: string;
  score: number;
  /** 0..1: how sure the engine is that this is what was asked for. */
  confidence: number;
};

export type SearchResponse = {
  query: string;
  /** Typed words that were read as other words: "conditonal" -> "conditional". */
  corrections: Record<string, string>;
  /** Acronyms and synonyms that were expanded. */
  expanded: string[];
  results: SearchResult[];
};

export type SearchOptions = { limit?: number; kinds?: EntryKind[] };

/** Below this, callers should offer "did you mean" rather than answer. */
export const CONFIDENT = 0.5;

const FIELD_BOOST = { title: 6, aliases: 5, heading: 2.5, about: 1, body: 1 } as const;
const SHORT_FIELDS = ['title', 'aliases', 'heading'] as const;

/** Curated entries are written to be answers; a body-text hit in a long article is weaker evidence. */
const KIND_PRIOR: Record<EntryKind, number> = {
  principle: 1.2,
  pillar: 1.35,
  objective: 1.05,
  ramp: 1.3,
  'ramp-initiative': 1.15,
  'ramp-step': 1.3,
  checklist: 1.25,
  'checklist-item': 0.8,
  'doc-set': 1.3,
  role: 1.3,
  'azure-article': 1.3,
  article: 1.15,
  section: 0.85,
};

type Concept = { source: string; terms: Map<string, number> };

type Expansion = { words: string[]; means: string[][] };

export class SearchIndex {
  private readonly mini: MiniSearch<Entry>;
  private readonly byId = new Map<string, Entry>();
  private readonly vocabulary = new Map<string, number>();
  private readonly shortVocabulary: string[];
  private readonly fuseByInitial = new Map<string, Fuse<string>>();
  private fuseAll: Fuse<string> | undefined;
  private readonly expansions = new Map<string, Expansion[]>();
  private readonly corrections = new Map<string, string | null>();
  private readonly entryWords = new Map<string, { names: string[][]; short: Set<string> }>();

  constructor(entries: Entry[], synonyms: Synonym[]) {
    const short = new Set<string>();
    for (const e of entries) {
      this.byId.set(e.id, e);
      const names = [e.fields.title, ...e.fields.aliases.split(' · ')]
        .map((n) => words(n).filter((w) => !STOPWORDS.has(w)))
        .filter((n) => n.length);
      const shortWords = new Set([...names.flat(), ...words(e.fields.heading)]);
      this.entryWords.set(e.id, { names, short: shortWords });
      for (const w of shortWords) short.add(w);
      for (const w of new Set([...shortWords, ...words(e.fields.about), ...words(e.fields.body)])) {
        this.vocabulary.set(w, (this.vocabulary.get(w) ?? 0) + 1);
      }
    }
    for (const s of synonyms) {
      const termWords = normalise(s.term).split(' ').filter(Boolean).map(stem);
      if (!termWords.length) continue;
      const list = this.expansions.get(termWords[0]!) ?? [];
      list.push({ words: termWords, means: s.means.map((m) => queryWords(m)) });
      this.expansions.set(termWords[0]!, list);
      for (const w of termWords) short.add(w);
    }
    this.shortVocabulary = [...short].filter((w) => w.length >= 3 && !/^\d+$/.test(w));
    this.mini = new MiniSearch<Entry>({
      idField: 'id',
      fields: ['title', 'aliases', 'heading', 'about', 'body'],
      storeFields: [],
      extractField: (doc, field) => (field === 'id' ? doc.id : doc.fields[field as keyof Entry['fields']]),
      tokenize: (text) => words(text).filter((w) => !STOPWORDS.has(w)),
      processTerm: (t) => t,
      searchOptions: { tokenize: (t) => t.split(' '), processTerm: (t) => t },
    });
    this.mini.addAll(entries);
  }

  get size(): number {
    return this.byId.size;
  }

  entry(id: string): Entry | undefined {
    return this.byId.get(id);
  }

  /** The closest word of titles, names and aliases, or null when nothing is close enough to trust. */
  correct(word: string): string | null {
    const cached = this.corrections.get(word);
    if (cached !== undefined) return cached;
    const maxDistance = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
    const pick = (fuse: Fuse<string> | undefined) => {
      if (!fuse) return null;
      let best: { w: string; d: number; f: number } | null = null;
      for (const hit of fuse.search(word, { limit: 12 })) {
        const d = editDistance(word, hit.item, maxDistance);
        if (d > maxDistance) continue;
        const f = this.vocabulary.get(hit.item) ?? 0;
        if (!best || d < best.d || (d === best.d && f > best.f)) best = { w: hit.item, d, f };
      }
      return best?.w ?? null;
    };
    // Most typos keep the first letter: search that letter's words first (fast), then all words.
    let result = pick(this.fuseFor(word[0]!));
    if (!result) {
      this.fuseAll ??= new Fuse(this.shortVocabulary, { includeScore: true, threshold: 0.4, ignoreLocation: true });
      result = pick(this.fuseAll);
    }
    if (this.corrections.size > 5000) this.corrections.clear();
    this.corrections.set(word, result);
    return result;
  }

  private fuseFor(initial: string): Fuse<string> | undefined {
    let fuse = this.fuseByInitial.get(initial);
    if (!fuse) {
      const list = this.shortVocabulary.filter((w) => w[0] === initial);
      if (!list.length) return undefined;
      fuse = new Fuse(list, { includeScore: true, threshold: 0.4, ignoreLocation: true });
      this.fuseByInitial.set(initial, fuse);
    }
    return fuse;
  }

  /** Reads the query into concepts: each typed word (or corrected word) plus what it stands for. */
  private concepts(query: string): { concepts: Concept[]; corrections: Record<string, string>; expanded: string[] } {
    const typed = queryWords(query);
    const corrections: Record<string, string> = {};
    const expanded: string[] = [];
    const concepts: Concept[] = [];
    for (let i = 0; i < typed.length; i++) {
      // Longest multi-word synonym first ("azure ad", "zero trust maturity model").
      const candidates = (this.expansions.get(typed[i]!) ?? []).filter((x) =>
        x.words.every((w, k) => typed[i + k] === w),
      );
      candidates.sort((a, b) => b.words.length - a.words.length);
      const syn = candidates[0];
      if (syn) {
        const terms = new Map<string, number>();
        for (const w of syn.words) if (this.vocabulary.has(w)) terms.set(w, 1);
        for (const m of candidates.filter((x) => x.words.length === syn.words.length).flatMap((x) => x.means)) {
          for (const w of m) if (!terms.has(w) && !STOPWORDS.has(w)) terms.set(w, 0.8 / Math.sqrt(m.length));
        }
        expanded.push(syn.words.join(' '));
        concepts.push({ source: syn.words.join(' '), terms });
        i += syn.words.length - 1;
        continue;
      }
      const w = typed[i]!;
      if (this.vocabulary.has(w) || w.length < 4 || /\d/.test(w)) {
        concepts.push({ source: w, terms: new Map([[w, 1]]) });
        continue;
      }
      const fixed = this.correct(w);
      if (fixed) {
        corrections[w] = fixed;
        const again = this.expansions.get(fixed)?.find((x) => x.words.length === 1);
        const terms = new Map([[fixed, 0.9]]);
        if (again) for (const m of again.means) for (const t of m) if (!terms.has(t)) terms.set(t, 0.7 / Math.sqrt(m.length));
        concepts.push({ source: w, terms });
      } else {
        concepts.push({ source: w, terms: new Map() });
      }
    }
    return { concepts, corrections, expanded };
  }

  search(query: string, options: SearchOptions = {}): SearchResponse {
    const limit = options.limit ?? 5;
    const { concepts, corrections, expanded } = this.concepts(query);
    const weights = new Map<string, number>();
    for (const c of concepts) for (const [t, w] of c.terms) weights.set(t, Math.max(weights.get(t) ?? 0, w));
    const response: SearchResponse = { query, corrections, expanded, results: [] };
    if (!weights.size) return response;

    const terms = [...weights.keys()];
    const kinds = options.kinds ? new Set(options.kinds) : undefined;
    const raw = this.mini.search(terms.join(' '), {
      boost: FIELD_BOOST,
      combineWith: 'OR',
      boostTerm: (t) => weights.get(t) ?? 1,
      ...(kinds ? { filter: (r) => kinds.has(this.byId.get(r.id as string)!.kind) } : {}),
    });

    const known = concepts.filter((c) => c.terms.size > 0);
    const phrase = known.map((c) => c.source);
    const scored = raw.slice(0, 300).map((r) => {
      const e = this.byId.get(r.id as string)!;
      const matched = new Set(r.terms);
      const { names, short } = this.entryWords.get(e.id)!;
      let covered = 0;
      let coveredShort = 0;
      for (const c of known) {
        const hit = [...c.terms.keys()].filter((t) => matched.has(t));
        if (hit.length) covered++;
        if (hit.some((t) => short.has(t))) coveredShort++;
      }
      const coverage = known.length ? covered / known.length : 0;
      const shortCoverage = known.length ? coveredShort / known.length : 0;
      let score = r.score * KIND_PRIOR[e.kind] * (0.35 + coverage) ** 2 * (1 + 0.5 * shortCoverage);
      if (phrase.length) {
        const flat = phrase.flatMap((x) => x.split(' '));
        if (names.some((n) => n.length === flat.length && containsRun(n, flat))) score *= 2.2;
        else if (names.some((n) => containsRun(n, flat))) score *= 1.5;
      }
      return { e, score, coverage, shortCoverage };
    });
    scored.sort((a, b) => b.score - a.score);

    const seenPages = new Set<string>();
    const top: typeof scored = [];
    for (const s of scored) {
      if (seenPages.has(s.e.page)) continue;
      seenPages.add(s.e.page);
      top.push(s);
      if (top.length >= limit) break;
    }
    const best = top[0]?.score ?? 0;
    const second = top[1]?.score ?? 0;
    const unknownShare = (concepts.length - known.length) / Math.max(concepts.length, 1);
    const corrected = Object.keys(corrections).length > 0;
    response.results = top.map((s, i) => {
      const margin = i === 0 && best > 0 ? (best - second) / best : 0;
      let confidence = 0.45 * s.coverage + 0.35 * s.shortCoverage + 0.2 * Math.min(1, margin * 2);
      confidence *= 1 - unknownShare;
      if (corrected) confidence *= 0.9;
      if (i > 0) confidence *= s.score / best;
      const e = s.e;
      return {
        id: e.id,
        kind: e.kind,
        title: e.title,
        url: e.url,
        ...(e.originalUrl ? { originalUrl: e.originalUrl } : {}),
        retired: e.retired,
        ...(e.summary ? { summary: e.summary } : {}),
        ...(e.context ? { context: e.context } : {}),
        ...(e.date ? { date: e.date } : {}),
        score: Math.round(s.score * 1000) / 1000,
        confidence: Math.round(confidence * 1000) / 1000,
      };
    });
    return response;
  }
}

/** True when `needle` appears as consecutive words in `hay`. */
function containsRun(hay: string[], n: string[]): boolean {
  outer: for (let i = 0; i + n.length <= hay.length; i++) {
    for (let k = 0; k < n.length; k++) if (hay[i + k] !== n[k]) continue outer;
    return true;
  }
  return false;
}
