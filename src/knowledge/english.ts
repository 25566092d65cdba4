// Whether a word is an English word, so that typo correction leaves real words alone: "stuff" is not a
// misspelt "staff", nor "thanks" a misspelt "think". The list is an-array-of-english-words (about 275,000
// words). It is kept as one sorted string with an offset per word and searched by bisection: a Set of the
// same words would cost several times the memory of the whole search index.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type Lexicon = { text: string; starts: Int32Array };

let lexicon: Lexicon | undefined;

/**
 * Keeps the list's JSON text (["a","aa",...]: sorted, plain lowercase words, no escapes) as it is and notes
 * where each word starts. JSON.parse would make 275,000 strings: tens of MB that the process keeps as
 * resident memory long after they are collected. Word i runs from starts[i] to starts[i + 1] - 3 (the
 * '","' between two words).
 */
function load(): Lexicon {
  const file = createRequire(import.meta.url).resolve('an-array-of-english-words/index.json');
  const text = readFileSync(file, 'utf8');
  const positions: number[] = [];
  let open = false;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 34) continue;
    if (!open) positions.push(i + 1);
    open = !open;
  }
  const starts = new Int32Array(positions.length + 1);
  starts.set(positions);
  starts[positions.length] = text.lastIndexOf('"') + 3;
  return { text, starts };
}

/** True for a word of the English word list (lowercase, as `normalise` leaves it). */
export function isEnglishWord(word: string): boolean {
  const { text, starts } = (lexicon ??= load());
  let lo = 0;
  let hi = starts.length - 2;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const w = text.slice(starts[mid]!, starts[mid + 1]! - 3);
    if (w === word) return true;
    if (w < word) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Reads the list now rather than on the first question that needs it. */
export function loadEnglish(): void {
  lexicon ??= load();
}
