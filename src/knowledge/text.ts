// Normalisation shared by the index and the query, so both sides agree on what a word is.
import { stemmer } from 'stemmer';

/** Words that carry no meaning in a question ("how do we ...", "I'm an ..."). */
export const STOPWORDS = new Set(
  (
    'a an and are as at be been being but by can could do does doing did for from get got had has have how i im ' +
    "i'm if in into is it its it's me my of on or our ours should so than that the their them then there these " +
    'they this those to up us use used using via was we were what when where which who whom why will with would ' +
    'you your yours about any all also am begin best way want need help show tell find give keep make ' +
    'should shall more most much many some such only own same just very too lets let please ' +
    // Chat filler and question padding: never what a question is about.
    'whats hows whos wheres whats dont doesnt cant isnt arent wont ive youre theyre thats theres ' +
    'pls plz thx guys folks anyone someone somebody anybody really actually basically literally stuff ' +
    'thing things something anything wondering question questions quick maybe probably kind sort ' +
    'gonna wanna gotta ok okay hi hey hiya yeah yes idea ideas tips advice suggestions suggest recommend ' +
    'know think looking trying try tell say fit fits'
  ).split(/\s+/),
);

/** Characters of a question that are searched; the rest is ignored. */
export const MAX_QUERY_CHARS = 1000;
/** Words of a question that are searched. */
export const MAX_QUERY_WORDS = 40;
/** Longer "words" are not words (hashes, pasted tokens, a held-down key) and are not searched at all. */
export const MAX_WORD = 40;
/** No word worth correcting is longer; correction costs grow with the square of a word's length. */
export const MAX_TYPO_WORD = 20;

/** Lowercase, no accents, no punctuation (hyphens and slashes split words), single spaces. */
export function normalise(s: string): string {
  // NFKD is slow on long text and only matters for non-ASCII characters.
  // eslint-disable-next-line no-control-regex -- "anything outside ASCII" is the point of this test
  const folded = /[^\x00-\x7f]/.test(s) ? s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : s;
  return folded
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Porter stemming, so that "integrating", "integration" and "integrate" meet, with guards for the
 * vocabulary of this field: short words, acronyms and words with digits ("aws", "devops", "e5", "ot")
 * stay as typed, because stemming them merges words that users keep apart.
 */
const KEEP = /^(devops|devsecops|secops|kubernetes|aws|ios|macos|windows|teams|access|analysis|status|sentinel)$/;
const stems = new Map<string, string>();

export function stem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    s = word.length <= 3 || /\d/.test(word) || KEEP.test(word) ? word : stemmer(word);
    if (stems.size < 200_000) stems.set(word, s);
  }
  return s;
}

/** Words of a text, normalised and stemmed; stopwords kept (the index decides). */
export function words(s: string): string[] {
  const n = normalise(s);
  return n ? n.split(' ').map(stem) : [];
}

/** Words of a query, without stopwords (unless nothing else is left). */
export function queryWords(s: string): string[] {
  return typedWords(s).map(stem);
}

/** Words of a query as typed (normalised, not stemmed), without stopwords unless nothing else is left. */
export function typedWords(s: string): string[] {
  const all = normalise(s.length > MAX_QUERY_CHARS ? s.slice(0, MAX_QUERY_CHARS) : s)
    .split(' ')
    .filter((w) => w && w.length <= MAX_WORD)
    .slice(0, MAX_QUERY_WORDS);
  const kept = all.filter((w) => !STOPWORDS.has(w));
  return kept.length ? kept : all;
}

/** Damerau-Levenshtein distance with an early exit once it exceeds max. */
/** The word with one letter left out, each way. */
export function deletes(w: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) out.push(w.slice(0, i) + w.slice(i + 1));
  return out;
}

export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1);
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j]!;
    prev = cur;
  }
  return prev[b.length]!;
}
