// A BM25F inverted index in typed arrays. Each posting stores its term's whole field-weighted score for
// that document, computed once at build time, so a query only adds numbers: this keeps a query with
// common words ("zero", "trust") over ten thousand sections well under a millisecond, where a general
// search library spent several building per-document match objects.

/** A term in more than this share of the documents is common (see query). */
export const COMMON_SHARE = 0.1;

export type FieldWeights = Record<string, number>;

type Postings = { docs: Int32Array; scores: Float32Array; short: Uint8Array };

export type Bm25Options = {
  /** Field boosts: a word in a title counts more than the same word in body text. */
  weights: FieldWeights;
  /** Fields whose matches count as "named" (title, aliases, headings) rather than mentioned. */
  shortFields: string[];
  k1?: number;
  b?: number;
};

export type DocFields = Record<string, string[]>;

export class Bm25Index {
  readonly size: number;
  private readonly postings = new Map<string, Postings>();
  // Scratch buffers reused by every query: allocating them per query made the garbage collector the
  // slowest part of a search.
  private readonly score: Float32Array;
  private readonly matched: Uint32Array;
  private readonly named: Uint32Array;
  /** Per document: the summed weights of the concepts it matches, anywhere / in short fields. */
  private readonly cover: Float32Array;
  private readonly namedCover: Float32Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;

  constructor(
    docs: DocFields[],
    private readonly options: Bm25Options,
  ) {
    const { weights, shortFields } = options;
    const k1 = options.k1 ?? 1.2;
    const b = options.b ?? 0.75;
    const fields = Object.keys(weights);
    this.size = docs.length;
    this.score = new Float32Array(docs.length);
    this.matched = new Uint32Array(docs.length);
    this.named = new Uint32Array(docs.length);
    this.cover = new Float32Array(docs.length);
    this.namedCover = new Float32Array(docs.length);
    this.touched = new Int32Array(docs.length);
    const avg: Record<string, number> = {};
    for (const f of fields) avg[f] = docs.reduce((n, d) => n + (d[f]?.length ?? 0), 0) / Math.max(1, docs.length) || 1;

    // term -> doc -> weighted, length-normalised frequency across fields
    const raw = new Map<string, { docs: number[]; tf: number[]; short: number[] }>();
    docs.forEach((doc, id) => {
      const local = new Map<string, { tf: number; short: number }>();
      for (const f of fields) {
        const words = doc[f];
        if (!words?.length) continue;
        const norm = weights[f]! / (1 - b + (b * words.length) / avg[f]!);
        const isShort = shortFields.includes(f) ? 1 : 0;
        for (const w of words) {
          const cur = local.get(w);
          if (cur) {
            cur.tf += norm;
            cur.short |= isShort;
          } else local.set(w, { tf: norm, short: isShort });
        }
      }
      for (const [w, { tf, short }] of local) {
        let p = raw.get(w);
        if (!p) raw.set(w, (p = { docs: [], tf: [], short: [] }));
        p.docs.push(id);
        p.tf.push(tf);
        p.short.push(short);
      }
    });
    const n = docs.length;
    for (const [w, p] of raw) {
      const idf = Math.log(1 + (n - p.docs.length + 0.5) / (p.docs.length + 0.5));
      const scores = new Float32Array(p.tf.length);
      for (let i = 0; i < p.tf.length; i++) scores[i] = (idf * (p.tf[i]! * (k1 + 1))) / (p.tf[i]! + k1);
      this.postings.set(w, { docs: Int32Array.from(p.docs), scores, short: Uint8Array.from(p.short) });
    }
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** Inverse document frequency: how much finding this term says about a document. */
  idf(term: string): number {
    const df = this.docFrequency(term);
    return df ? Math.log(1 + (this.size - df + 0.5) / (df + 0.5)) : 0;
  }

  /** Number of documents a term occurs in. */
  docFrequency(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  terms(): IterableIterator<string> {
    return this.postings.keys();
  }

  /**
   * Scores documents for weighted terms grouped into concepts (at most 31). Gives the touched documents
   * with their raw score, per document bit masks of the concepts matched anywhere / in short fields, and,
   * when each concept's share of the question is given, those shares summed.
   * The arrays are the index's own buffers: read them before the next query.
   */
  query(
    concepts: Map<string, number>[],
    shares: number[] = [],
  ): { docs: Int32Array; score: Float32Array; matched: Uint32Array; named: Uint32Array; cover: Float32Array; namedCover: Float32Array } {
    const { score, matched, named, cover, namedCover, touched } = this;
    for (let i = 0; i < this.touchedCount; i++) {
      const d = touched[i]!;
      score[d] = 0;
      matched[d] = 0;
      named[d] = 0;
      cover[d] = 0;
      namedCover[d] = 0;
    }
    let count = 0;
    const n = Math.min(concepts.length, 31);
    // A common concept ("access", "secure") would touch most documents for little evidence. When the
    // question has a rarer concept, the rare ones pick the documents and the common ones only add to their
    // scores (as Lucene's common-terms query does): the ranking hardly moves, and the work stops growing
    // with every document that merely mentions a common word. A concept is as rare as its rarest own word
    // (weight 0.9 or more: typed or corrected), not as its expansions.
    const commonDf = this.size * COMMON_SHARE;
    const common: boolean[] = [];
    for (let ci = 0; ci < n; ci++) {
      let own = Infinity;
      let any = Infinity;
      for (const [term, weight] of concepts[ci]!) {
        const df = this.postings.get(term)?.docs.length ?? Infinity;
        any = Math.min(any, df);
        if (weight >= 0.9) own = Math.min(own, df);
      }
      common.push((own === Infinity ? any : own) > commonDf);
    }
    const anyRare = common.some((c) => !c);
    for (let pass = 0; pass < 2; pass++) {
      for (let ci = 0; ci < n; ci++) {
        // First pass the rare concepts (all of them when none is rare), then the common ones.
        const late = anyRare && common[ci]!;
        if (late !== (pass === 1)) continue;
        const bit = 1 << ci;
        const share = shares[ci] ?? 0;
        for (const [term, weight] of concepts[ci]!) {
          const p = this.postings.get(term);
          if (!p) continue;
          const { docs: ids, scores, short } = p;
          for (let i = 0; i < ids.length; i++) {
            const d = ids[i]!;
            const m = matched[d]!;
            if (m === 0) {
              if (late) continue;
              touched[count++] = d;
            }
            score[d]! += weight * scores[i]!;
            // Each concept counts once however many of its terms a document has.
            if ((m & bit) === 0) {
              matched[d] = m | bit;
              cover[d]! += share;
            }
            if (short[i] && (named[d]! & bit) === 0) {
              named[d]! |= bit;
              namedCover[d]! += share;
            }
          }
        }
      }
    }
    this.touchedCount = count;
    return { docs: touched.subarray(0, count), score, matched, named, cover, namedCover };
  }
}
