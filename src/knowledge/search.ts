// The search engine: BM25F over every entry with names and titles weighted above body text,
// acronym and synonym expansion from content/synonyms.yaml, typo correction with fuse.js over the words of
// short fields, and one result per page.
import Fuse from 'fuse.js';
import { LRUCache } from 'lru-cache';
import type { Synonym } from './schema.js';
import { Bm25Index } from './bm25.js';
import type { Entry, EntryKind } from './entries.js';
import { isEnglishWord } from './english.js';
import { MAX_QUERY_CHARS, MAX_TYPO_WORD, STOPWORDS, deletes, editDistance, normalise, queryWords, stem, typedWords, words } from './text.js';

/** An entry as callers see it: what it is and where it links, without its search fields. */
export type SearchResult = Omit<Entry, 'page' | 'fields'> & {
  score: number;
  /** 0..1: how sure the engine is that this is what was asked for. */
  confidence: number;
  /** For a page, or an entry about a page, with docs indexed: its section that best matches the question. */
  section?: string;
};

export type SearchResponse = {
  query: string;
  /** Typed words that were read as other words: "conditonal" -> "conditional". */
  corrections: Record<string, string>;
  /** Acronyms and synonyms that were expanded. */
  expanded: string[];
  /** Acronyms and product names of the question that the catalog can explain, in the order asked. */
  terms?: TermMeaning[];
  /** With docs indexed: the passage of the best result's section that best answers the question. */
  excerpt?: ResponseExcerpt;
  results: SearchResult[];
};

export type SearchOptions = {
  limit?: number;
  kinds?: EntryKind[];
  /** false: no excerpt of the docs is needed (the compose box shows none). */
  excerpt?: boolean;
};

/** A passage of today's docs, read at run time (CC BY 4.0), and the section it comes from. */
export type ResponseExcerpt = { text: string; kind: 'sentences' | 'steps'; heading: string; url: string };

/** An acronym or product name as the catalog explains it: "PIM", "Privileged Identity Management", what it does. */
export type TermMeaning = { term: string; means: string; does: string };

/** Pages about a named framework: their page paths' prefix, and the words (stems) that name it. */
export type FrameworkPages = { pagePrefix: string; namedBy: string[][] };

/** Below this, callers should offer "did you mean" rather than answer. */
export const CONFIDENT = 0.5;

const FIELD_BOOST = { title: 6, aliases: 5, heading: 2.5, about: 1, body: 1, asks: 3 } as const;
/** How much the best-matching single ask of a page adds to the page's own score (see askScores). */
const ASK_WEIGHT = 1;
/** A second good ask of the same page is some more evidence, not as much again. */
const ASK_SECOND = 0.3;
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

/** A word of the question, or a name it recognised ("azure ad", "mfa"), and the index terms it stands for. */
type Concept = { source: string; terms: Map<string, number>; named?: boolean };

/** A question whose only subject is Zero Trust itself: "what is zero trust", "where do I start". */
export const GENERAL_WORDS: ReadonlySet<string> = new Set([
  'zero',
  'trust',
  'zt',
  'start',
  'begin',
  'beginner',
  'new',
  'basic',
  'intro',
  'introduct',
  'overview',
  'first',
  'step',
  'mean',
  'definit',
  'defin',
  'understand',
  'learn',
  'concept',
  'explain',
  'guidanc',
  'guid',
  'journey',
  'approach',
  'model',
  'framework',
  'strategi',
  'principl',
  'architectur',
  'all',
  'about',
]);
/** Expansion words commoner than this (idf) carry no meaning of their own. */
const MIN_EXPANSION_IDF = 1;
/** How much a starting page counts for a general question (see GENERAL_WORDS). */
const START_BOOST = 2.5;
/** A question whose rarest word is this common (idf) or commoner is vague: answer it, but not confidently. */
const VAGUE_IDF = 1.5;
/** A page about a named framework (CISA, DoD) that the question does not name counts this much. */
const FRAMEWORK_UNNAMED = 0.6;
/** Acronyms and product names are what a question is about; filler around them weighs less. */
const NAMED_WEIGHT = 1.5;

type Expansion = { words: string[]; means: string[][]; meaning?: TermMeaning };

/** How many scored candidates get the finer (phrase) scoring before one result per page is picked. */
const CANDIDATES = 60;

/** An entry read into words: what the index is built from (see readEntry). */
export type EntryWords = {
  /** Title and each alias as space-padded words, for the phrase bonus. */
  names: string[];
  /** For an article: each of its page's asks as words (the asks index and the asks field share them). */
  asks?: string[][];
  doc: Record<'title' | 'aliases' | 'heading' | 'about' | 'body' | 'asks', string[]>;
  /** Typed words of the short fields, targets for typo correction. */
  short: string[];
};

const content = (text: string) => words(text).filter((w) => !STOPWORDS.has(w));

/** Reads one entry into the words the index needs: most of the work of building an index. */
export function readEntry(e: Entry): EntryWords {
  const asks = e.kind === 'article' && e.fields.asks ? e.fields.asks.split(' · ').map(content) : undefined;
  return {
    names: [e.fields.title, ...e.fields.aliases.split(' · ')]
      .map(content)
      .filter((n) => n.length)
      .map((n) => ` ${n.join(' ')} `),
    ...(asks ? { asks } : {}),
    doc: {
      title: content(e.fields.title),
      aliases: content(e.fields.aliases),
      heading: content(e.fields.heading),
      about: content(e.fields.about),
      body: content(e.fields.body),
      asks: asks?.flat() ?? content(e.fields.asks),
    },
    short: typedWords(`${e.fields.title} ${e.fields.aliases} ${e.fields.heading}`),
  };
}

/** Sets a word's bit, one of 64 by a hash of the word (FNV-1a), in the two mask words at bits[at] and bits[at + 1]. */
function setWordBit(bits: Uint32Array, at: number, word: string): void {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  const bit = (h >>> 0) % 64;
  bits[at + (bit >> 5)]! |= 1 << (bit & 31);
}

/** Each value's share of their sum. */
// The first pass keeps its best candidates in a binary min-heap on two typed arrays (entry, score): the
// weakest is at the root, so a better entry replaces it in log(CANDIDATES) steps rather than a scan of
// all of them, which with today's docs (thousands of entries touched) was a tenth of a search.

/** Adds (d, s) at position `at` (the heap's size) and moves it up to its place. */
function siftUp(ids: Int32Array, scores: Float64Array, at: number, d: number, s: number): void {
  let i = at;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (scores[parent]! <= s) break;
    ids[i] = ids[parent]!;
    scores[i] = scores[parent]!;
    i = parent;
  }
  ids[i] = d;
  scores[i] = s;
}

/** Replaces the root (the weakest of a full heap of `size`) with (d, s) and moves it down to its place. */
function siftDown(ids: Int32Array, scores: Float64Array, size: number, d: number, s: number): void {
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && scores[child + 1]! < scores[child]!) child++;
    if (scores[child]! >= s) break;
    ids[i] = ids[child]!;
    scores[i] = scores[child]!;
    i = child;
  }
  ids[i] = d;
  scores[i] = s;
}

function shares(values: number[]): number[] {
  const total = values.reduce((a, b) => a + b, 0) || 1;
  return values.map((x) => x / total);
}

export class SearchIndex {
  private readonly index: Bm25Index;
  private readonly entries: Entry[];
  private readonly byId = new Map<string, Entry>();
  private readonly shortVocabulary: string[];
  private readonly fuseByInitial = new Map<string, Fuse<string>>();
  /** Each short-field word and its one-letter deletions -> the words they came from. */
  private readonly deletions = new Map<string, string[]>();
  private readonly expansions = new Map<string, Expansion[]>();
  /** Typed words already looked at, and what they were read as (null: nothing close enough). */
  private readonly corrections = new LRUCache<string, { to: string | null }>({ max: 5000 });
  /** Title and each alias of an entry as space-padded word strings, for the phrase bonus. */
  private readonly names: string[][];
  /** The same names in one string ("|" between them), so "a name holds the phrase" is one search. */
  private readonly allNames: string[];
  /**
   * Per entry, at 2 * entry, a 64-bit mask (two 32-bit words) of the words of its names (see setWordBit): a
   * name can only be, or hold, the question's phrase when the mask has all of the phrase's bits. Most
   * candidates fail that test on two numbers, so their names, long out of the CPU's caches by the time a
   * question comes, are not read at all; reading them was half of what ranking the candidates cost.
   */
  private readonly nameBits: Uint32Array;
  /** Each entry as a result shows it (no search fields), copied once here rather than on every answer. */
  private readonly shown: Omit<Entry, 'page' | 'fields'>[];
  private readonly priors: Float32Array;
  private readonly isRole: Uint8Array;
  /** Per entry: 1 + the index of the framework its page is about (see FrameworkPages), or 0. */
  private readonly framework: Uint8Array;
  private readonly frameworks: FrameworkPages[];
  /** Scratch for the first pass of every search: the best entries so far and their scores. */
  private readonly candidate = new Int32Array(CANDIDATES);
  private readonly candidateScore = new Float64Array(CANDIDATES);
  /** Scratch: the candidates' places in those two arrays, in ranked order. */
  private readonly order = new Int32Array(CANDIDATES);
  /**
   * Every ask of every page as a document of its own, and the entry (the page) it belongs to. A question
   * put in other words than the page's is usually close to one way of asking, not to all of them at once:
   * matched one by one, a page with many asks on many subjects does not win on scattered words.
   */
  private readonly asks: Bm25Index;
  /** Per ask: the page it belongs to (an index into pages); per entry: its page. */
  private readonly askOwner: Int32Array;
  private readonly pageOf: Int32Array;
  private readonly askScore: Float32Array;
  private readonly askSecond: Float32Array;

  /** Per entry: whether it sits on one of the guidance's starting pages. */
  private readonly starting: Uint8Array;
  /** Words of the roles' names and aliases ("security", "architect", "pm"), as stems. */
  private readonly roleWords = new Set<string>();

  /**
   * `read`: each entry's words, from readEntry, when the caller has read them already (buildSearchIndex
   * reads them a slice at a time, so a rebuild in a running bot never holds the event loop for long).
   */
  constructor(entries: Entry[], synonyms: Synonym[], startPages: Iterable<string> = [], frameworks: FrameworkPages[] = [], read?: EntryWords[]) {
    this.entries = entries;
    const short = new Set<string>();
    const entryWords = read ?? entries.map(readEntry);
    this.names = entryWords.map((w) => w.names);
    this.allNames = this.names.map((n) => n.join('|'));
    this.nameBits = new Uint32Array(entries.length * 2);
    this.names.forEach((names, d) => {
      for (const name of names) for (const w of name.split(' ')) if (w) setWordBit(this.nameBits, 2 * d, w);
    });
    this.shown = entries.map(({ page: _page, fields: _fields, ...shown }) => shown);
    const askWords = entryWords.map((w) => w.asks);
    const docs = entries.map((e, i) => {
      this.byId.set(e.id, e);
      for (const w of entryWords[i]!.short) short.add(w);
      return entryWords[i]!.doc;
    });
    this.index = new Bm25Index(docs, { weights: FIELD_BOOST, shortFields: [...SHORT_FIELDS] });
    // The asks belong to the page, so every entry of the page (its RaMP step, its checklist, its sections)
    // has their evidence, and the entry that says most about it is the one shown.
    const pageIds = new Map<string, number>();
    this.pageOf = Int32Array.from(entries, (e) => {
      let p = pageIds.get(e.page);
      if (p === undefined) pageIds.set(e.page, (p = pageIds.size));
      return p;
    });
    const askDocs: { text: string[] }[] = [];
    const owners: number[] = [];
    askWords.forEach((asks, i) => {
      for (const text of asks ?? []) {
        askDocs.push({ text });
        owners.push(this.pageOf[i]!);
      }
    });
    this.asks = new Bm25Index(askDocs, { weights: { text: 1 }, shortFields: [] });
    this.askOwner = Int32Array.from(owners);
    this.askScore = new Float32Array(pageIds.size);
    this.askSecond = new Float32Array(pageIds.size);
    this.priors = Float32Array.from(entries, (e) => KIND_PRIOR[e.kind]);
    this.isRole = Uint8Array.from(entries, (e) => (e.kind === 'role' ? 1 : 0));
    this.frameworks = frameworks;
    this.framework = Uint8Array.from(entries, (e) => frameworks.findIndex((f) => e.page.startsWith(f.pagePrefix)) + 1);
    for (const e of entries)
      if (e.kind === 'role') for (const w of words(`${e.fields.title} ${e.fields.aliases}`)) if (!STOPWORDS.has(w)) this.roleWords.add(w);
    const starts = new Set(startPages);
    this.starting = Uint8Array.from(entries, (e) => (starts.has(e.page) && (e.kind === 'article' || e.kind === 'ramp') ? 1 : 0));
    for (const s of synonyms) {
      const termWords = normalise(s.term).split(' ').filter(Boolean).map(stem);
      if (!termWords.length) continue;
      const list = this.expansions.get(termWords[0]!) ?? [];
      list.push({
        words: termWords,
        means: s.means.map((m) => queryWords(m)),
        ...(s.does ? { meaning: { term: s.term, means: s.means[0]!, does: s.does } } : {}),
      });
      this.expansions.set(termWords[0]!, list);
      for (const w of normalise(s.term).split(' ')) short.add(w);
      // An acronym's long form means the acronym too: "department of defense" finds the DoD pages.
      if (s.kind !== 'acronym') continue;
      for (const m of s.means) {
        const long = queryWords(m);
        if (long.length < 2) continue;
        const byFirst = this.expansions.get(long[0]!) ?? [];
        byFirst.push({ words: long, means: [termWords] });
        this.expansions.set(long[0]!, byFirst);
      }
    }
    // Typos are corrected to words of four letters or more: a short name (an acronym) is typed as it is,
    // and a short target would swallow words of other languages ("como" is not a typo of "cmo").
    this.shortVocabulary = [...short].filter((w) => w.length >= 4 && !/^\d+$/.test(w));
    for (const w of this.shortVocabulary) {
      for (const d of [w, ...deletes(w)]) {
        const list = this.deletions.get(d);
        if (list) list.push(w);
        else this.deletions.set(d, [w]);
      }
    }
  }

  /** Builds now what the first typo would otherwise build (see Knowledge.warmUp). */
  warmUp(): void {
    for (const w of this.shortVocabulary) this.fuseFor(w[0]!);
  }

  get size(): number {
    return this.entries.length;
  }

  entry(id: string): Entry | undefined {
    return this.byId.get(id);
  }

  /** Whether a typed word (normalised, not stemmed) is one the guidance uses or a name it knows. */
  knows(word: string): boolean {
    return this.known(stem(word));
  }

  private known(word: string): boolean {
    return this.index.has(word) || this.expansions.has(word);
  }

  /**
   * The closest word (as written, before stemming) of titles, names, aliases and headings, or null when
   * nothing is close enough to trust. Typos are matched on written words: "sentinal" is one letter from
   * "sentinel", but its stem is closer to the stem of "sensitive".
   */
  correct(word: string): string | null {
    const cached = this.corrections.get(word);
    if (cached) return cached.to;
    const maxDistance = word.length <= 5 ? 1 : word.length <= 9 ? 2 : 3;
    const closest = (candidates: Iterable<string>) => {
      let best: { w: string; d: number; f: number } | null = null;
      for (const c of candidates) {
        const d = editDistance(word, c, maxDistance);
        if (d > maxDistance) continue;
        const f = this.index.docFrequency(stem(c));
        if (!best || d < best.d || (d === best.d && f > best.f)) best = { w: c, d, f };
      }
      return best?.w ?? null;
    };
    // Fast path: words that share a deletion with the typed word (one or two letters off).
    const near = new Set<string>();
    const probes = new Set([word, ...deletes(word)]);
    if (word.length >= 5) for (const d of [...probes]) for (const dd of deletes(d)) probes.add(dd);
    for (const p of probes) for (const w of this.deletions.get(p) ?? []) near.add(w);
    let result = closest(near);
    // Harder typos: fuse.js over the words that start with the same letter (most typos keep it).
    if (!result) result = closest((this.fuseFor(word[0]!)?.search(word, { limit: 12 }) ?? []).map((h) => h.item));
    this.corrections.set(word, { to: result });
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
  private concepts(query: string): { concepts: Concept[]; corrections: Record<string, string>; expanded: string[]; typed: string[]; terms: TermMeaning[] } {
    const surface = typedWords(query);
    const typed = surface.map(stem);
    const corrections: Record<string, string> = {};
    const expanded: string[] = [];
    const meanings: TermMeaning[] = [];
    const concepts: Concept[] = [];
    const expansionTerms = (means: string[][], weight: number, terms: Map<string, number>) => {
      for (const m of means) {
        for (const w of m) {
          // A word found almost everywhere ("zero", "trust") would make every entry look as if it had the concept.
          if (terms.has(w) || STOPWORDS.has(w) || this.index.idf(w) < MIN_EXPANSION_IDF) continue;
          terms.set(w, weight / Math.sqrt(m.length));
        }
      }
    };
    // Typos first, so a corrected word can still be part of a name ("conditonal access policies").
    const fixedAt = new Set<number>();
    const unknownAt = new Set<number>();
    for (let i = 0; i < typed.length; i++) {
      const w = typed[i]!;
      if (this.known(w) || w.length < 4 || /\d/.test(w)) continue;
      // A real English word is what the user meant, even when the guidance does not use it ("stuff" is not
      // a misspelt "staff"); and no word worth correcting is longer than MAX_TYPO_WORD.
      const word = surface[i]!;
      const typo = word.length <= MAX_TYPO_WORD && !isEnglishWord(word);
      const fixedWord = typo ? this.correct(word) : null;
      if (fixedWord && fixedWord !== word) {
        corrections[word] = fixedWord;
        typed[i] = stem(fixedWord);
        fixedAt.add(i);
      } else unknownAt.add(i);
    }
    for (let i = 0; i < typed.length; i++) {
      // Longest multi-word synonym first ("azure ad", "zero trust maturity model").
      const candidates = (this.expansions.get(typed[i]!) ?? []).filter((x) => x.words.every((w, k) => typed[i + k] === w));
      candidates.sort((a, b) => b.words.length - a.words.length);
      const syn = candidates[0];
      if (syn) {
        const terms = new Map<string, number>();
        for (const w of syn.words) if (this.index.has(w)) terms.set(w, 1);
        expansionTerms(
          candidates.filter((x) => x.words.length === syn.words.length).flatMap((x) => x.means),
          0.8,
          terms,
        );
        expanded.push(syn.words.join(' '));
        const meaning = candidates.find((x) => x.words.length === syn.words.length && x.meaning)?.meaning;
        if (meaning && !meanings.some((t) => t.term === meaning.term)) meanings.push(meaning);
        concepts.push({ source: syn.words.join(' '), terms, named: true });
        i += syn.words.length - 1;
        continue;
      }
      const w = typed[i]!;
      if (unknownAt.has(i)) concepts.push({ source: w, terms: new Map() });
      else concepts.push({ source: w, terms: this.index.has(w) ? new Map([[w, fixedAt.has(i) ? 0.9 : 1]]) : new Map() });
    }
    return { concepts, corrections, expanded, typed, terms: meanings };
  }

  private conceptWeight(c: Concept): number {
    let w = 0;
    for (const [t, tw] of c.terms) w = Math.max(w, this.index.idf(t) * tw);
    return Math.max(w, 0.1) * (c.named ? NAMED_WEIGHT : 1);
  }

  /**
   * Scores every ask against the concepts, weighting each by how much of the question it covers, and gives
   * each page the score of its best ask and of its second best (askScore, askSecond).
   */
  private askScores(concepts: Map<string, number>[], weights: number[]): void {
    const { askScore, askSecond, askOwner } = this;
    askScore.fill(0);
    askSecond.fill(0);
    const { docs, score, cover } = this.asks.query(concepts, weights);
    for (let i = 0; i < docs.length; i++) {
      const a = docs[i]!;
      const c = 0.2 + cover[a]!;
      const s = score[a]! * c * c;
      const o = askOwner[a]!;
      if (s > askScore[o]!) {
        askSecond[o] = askScore[o]!;
        askScore[o] = s;
      } else if (s > askSecond[o]!) askSecond[o] = s;
    }
  }

  search(query: string, options: SearchOptions = {}): SearchResponse {
    const limit = options.limit ?? 5;
    // Text past the limit is not searched: no question needs it, and its cost would grow with its length.
    const { concepts, corrections, expanded, typed, terms: meanings } = this.concepts(query.length > MAX_QUERY_CHARS ? query.slice(0, MAX_QUERY_CHARS) : query);
    const response: SearchResponse = { query, corrections, expanded, ...(meanings.length ? { terms: meanings } : {}), results: [] };
    const known = concepts.filter((c) => c.terms.size > 0);
    if (!known.length) return response;

    // A rare word ("backups") says more about what was asked than a common one ("safe"), so coverage of
    // the question is weighted by each concept's rarity.
    const conceptWeights = known.map((c) => this.conceptWeight(c));
    const weights = shares(conceptWeights);
    const terms = known.map((c) => c.terms);
    this.askScores(terms, weights);
    const { askScore, askSecond, pageOf, priors, starting } = this;
    const { docs, score, cover, namedCover } = this.index.query(terms, weights);
    const kinds = options.kinds ? new Set(options.kinds) : undefined;
    // The words of what the question is about, once: general question, role question, phrase bonus.
    const sources = known.flatMap((c) => c.source.split(' '));
    const general = sources.every((w) => GENERAL_WORDS.has(w));
    // "I'm a security architect, where do I start?": a role and nothing more specific asks for the role.
    const asksRole =
      !general &&
      sources.every((w) => GENERAL_WORDS.has(w) || this.roleWords.has(w)) &&
      sources.some((w) => this.roleWords.has(w) && !GENERAL_WORDS.has(w) && this.index.idf(w) >= MIN_EXPANSION_IDF);
    // First pass: cheap score for every touched entry; keep the best CANDIDATES, in typed arrays (a question
    // touches hundreds of entries, and an object for each was most of what a search allocated).
    const { candidate, candidateScore, framework } = this;
    // Frameworks the question names ("CISA", "DoD auditors"): their pages compete on equal terms.
    const named = this.frameworks.map((f) => f.namedBy.some((name) => name.every((w) => typed.includes(w))));
    let n = 0;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      if (kinds && !kinds.has(this.entries[d]!.kind)) continue;
      const c = 0.35 + cover[d]!;
      const own = score[d]! * c * c * (1 + 0.5 * namedCover[d]!);
      const p = pageOf[d]!;
      let s = (own + ASK_WEIGHT * (askScore[p]! + ASK_SECOND * askSecond[p]!)) * priors[d]!;
      if (general && starting[d]) s *= START_BOOST;
      else if (asksRole && this.isRole[d]) s *= START_BOOST;
      if (framework[d] && !named[framework[d]! - 1]) s *= FRAMEWORK_UNNAMED;
      if (n < CANDIDATES) siftUp(candidate, candidateScore, n++, d, s);
      else if (s > candidateScore[0]!) siftDown(candidate, candidateScore, CANDIDATES, d, s);
    }
    // Second pass, on the heap's arrays: a name that is the question, or holds it word for word, is what
    // was asked for.
    const phrase = ` ${sources.join(' ')} `;
    const phraseBits = new Uint32Array(2);
    for (const w of sources) setWordBit(phraseBits, 0, w);
    const low = phraseBits[0]!;
    const high = phraseBits[1]!;
    const { nameBits } = this;
    for (let k = 0; k < n; k++) {
      const d = candidate[k]!;
      if ((low & ~nameBits[2 * d]!) !== 0 || (high & ~nameBits[2 * d + 1]!) !== 0) continue;
      if (this.names[d]!.includes(phrase)) candidateScore[k]! *= 2.2;
      else if (sources.length > 1 && this.allNames[d]!.includes(phrase)) candidateScore[k]! *= 1.5;
    }
    // The candidates' places in those arrays, best first. Equal scores keep the entries' own order,
    // whatever order they were found in.
    const order = this.order.subarray(0, n);
    for (let k = 0; k < n; k++) order[k] = k;
    order.sort((a, b) => {
      const sa = candidateScore[a]!;
      const sb = candidateScore[b]!;
      return sb > sa ? 1 : sb < sa ? -1 : candidate[a]! - candidate[b]!;
    });

    // One result per page.
    const picked: number[] = [];
    const pages: number[] = [];
    for (const k of order) {
      const p = pageOf[candidate[k]!]!;
      if (pages.includes(p)) continue;
      pages.push(p);
      picked.push(k);
      if (picked.length >= limit) break;
    }
    // The best-scoring section of the best page, where that page's entry is not a section itself: where
    // the passage that answers the question is (see knowledge/excerpts). Sections of a page rank together.
    const firstD = picked.length ? candidate[picked[0]!]! : -1;
    let section: Entry | undefined;
    if (firstD >= 0 && this.entries[firstD]!.kind !== 'section') {
      for (const k of order) {
        // The page first, on a number: only the entries of the best page are read.
        if (pageOf[candidate[k]!] !== pageOf[firstD]) continue;
        const e = this.entries[candidate[k]!]!;
        if (e.kind === 'section') {
          section = e;
          break;
        }
      }
    }
    const best = picked.length ? candidateScore[picked[0]!]! : 0;
    const second = picked.length > 1 ? candidateScore[picked[1]!]! : 0;
    const unknownShare = (concepts.length - known.length) / concepts.length;
    const rarest = Math.max(...conceptWeights);
    const vague = general ? 1 : Math.min(1, rarest / VAGUE_IDF);
    const corrected = Object.keys(corrections).length > 0;
    response.results = picked.map((k, i) => {
      const d = candidate[k]!;
      const s = candidateScore[k]!;
      const margin = i === 0 && best > 0 ? (best - second) / best : 0;
      let confidence = 0.45 * cover[d]! + 0.35 * namedCover[d]! + 0.2 * Math.min(1, margin * 2);
      confidence *= (1 - unknownShare) * vague;
      if (corrected) confidence *= 0.9;
      if (i > 0) confidence *= s / best;
      return {
        ...this.shown[d]!,
        score: Math.round(s * 1000) / 1000,
        confidence: Math.round(confidence * 1000) / 1000,
        ...(i === 0 && section ? { section: section.id } : {}),
      };
    });
    return response;
  }
}
