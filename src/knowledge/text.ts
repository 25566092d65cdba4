// Normalisation shared by the index and the query, so both sides agree on what a word is.

/** Words that carry no meaning in a question ("how do we ...", "I'm an ..."). */
export const STOPWORDS = new Set(
  (
    'a an and are as at be been being but by can could do does doing did for from get got had has have how i im ' +
    "i'm if in into is it its it's me my of on or our ours should so than that the their them then there these " +
    'they this those to up us use used using via was we were what when where which who whom why will with would ' +
    'you your yours about any all also am begin best way want need help show tell find give keep make ' +
    'start started should shall more most much many some such only own same just very too lets let please'
  ).split(/\s+/),
);

/** Lowercase, no accents, no punctuation (hyphens and slashes split words), single spaces. */
export function normalise(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A light English stemmer for plurals and a few common endings. Deliberately conservative: the
 * vocabulary is technical ("access", "analysis", "devops", "kubernetes") and over-stemming merges words
 * that users keep apart.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (/(ss|us|is|os|ys|ops)$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|xes|sses|zzes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Words of a text, normalised and stemmed; stopwords kept (the index decides). */
export function words(s: string): string[] {
  const n = normalise(s);
  return n ? n.split(' ').map(stem) : [];
}

/** Words of a query, without stopwords (unless nothing else is left). */
export function queryWords(s: string): string[] {
  const all = normalise(s).split(' ').filter(Boolean);
  const kept = all.filter((w) => !STOPWORDS.has(w));
  return (kept.length ? kept : all).map(stem);
}

/** Damerau-Levenshtein distance with an early exit once it exceeds max. */
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
