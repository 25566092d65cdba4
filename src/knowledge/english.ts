// Whether a word is an English word, so that typo correction leaves real words alone: "stuff" is not a
// misspelt "staff", nor "thanks" a misspelt "think". The list is an-array-of-english-words (about 275,000
// words). It is kept as one sorted string with an offset per word and searched by bisection: a Set of the
// same words would cost several times the memory of the whole search index.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type Lexicon = { text: string; starts: Int32Array };

let lexicon: Lexicon | undefined;

function load(): Lexicon {
  const file = createRequire(import.meta.url).resolve('an-array-of-english-words/index.json');
  const list = JSON.parse(readFileSync(file, 'utf8')) as string[];
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1]! >= list[i]!) {
      list.sort();
      break;
    }
  }
  const starts = new Int32Array(list.length + 1);
  let at = 0;
  list.forEach((w, i) => {
    starts[i] = at;
    at += w.length + 1;
  });
  starts[list.length] = at;
  return { text: list.join('\n') + '\n', starts };
}

/** True for a word of the English word list (lowercase, as `normalise` leaves it). */
export function isEnglishWord(word: string): boolean {
  const { text, starts } = (lexicon ??= load());
  let lo = 0;
  let hi = starts.length - 2;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const w = text.slice(starts[mid]!, starts[mid + 1]! - 1);
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
