// Reads a message as a command of the table in ./commands.ts, or as no command (then it is a question).
import { deletes, editDistance, normalise } from '../knowledge/text.js';
import { type CommandName, COMMANDS } from './commands.js';

export type ParsedCommand = { name: CommandName; args: string };

// Most messages are questions, and this runs on every one of them: the tables below rule a question out
// with one pattern test and a few set lookups, before any per-command work.

/** Every command phrase in one pattern. */
const ANY_PHRASE = new RegExp(
  COMMANDS.flatMap((c) => c.phrases ?? [])
    .map((p) => `(?:${p.source})`)
    .join('|'),
);
/** Command words of one word, as typed exactly. */
const ONE_WORD = new Set(COMMANDS.flatMap((c) => c.words).filter((w) => !w.includes(' ')));
/** Command words of several words ("rapid modernization plan"): they must start the message. */
const MULTI_WORD = COMMANDS.flatMap((c) => c.words).filter((w) => w.includes(' '));
/**
 * The command words that forgive a typo, with each of their one-letter deletions. A word one edit away from
 * one of them (a letter added, dropped, changed or two swapped) shares a key with it, so the first word of
 * most questions is ruled out by a few lookups instead of an edit distance against every command word.
 */
const TYPO_KEYS = new Set([...ONE_WORD].filter((w) => w.length >= 4).flatMap((w) => [w, ...deletes(w)]));
/** The longest command word: a word longer by two letters or more cannot be one letter off any of them. */
const LONGEST = Math.max(...[...ONE_WORD].map((w) => w.length));
const mayBeTypoOfCommand = (word: string) =>
  word.length >= 4 && word.length <= LONGEST + 1 && (TYPO_KEYS.has(word) || deletes(word).some((d) => TYPO_KEYS.has(d)));
const startsWithWords = (t: string, w: string) => t === w || t.startsWith(`${w} `);

/** Polite wrappers that do not change the command: "please show me the pillars" is "pillars". */
const FILLER = /^(?:(?:please|pls|can you|could you|show(?: me)?|list|give me|open|start|go to|the|all|me)\s+)+/;

export function parseCommand(text: string): ParsedCommand | undefined {
  if (text.trim() === '?') return { name: 'help', args: '' };
  const t = normalise(text).replace(FILLER, '').trim();
  if (!t) return undefined;
  if (ANY_PHRASE.test(t)) {
    for (const c of COMMANDS) {
      for (const p of c.phrases ?? []) {
        const m = p.exec(t);
        if (m) return { name: c.name, args: (m[1] ?? '').trim() };
      }
    }
  }
  const space = t.indexOf(' ');
  const first = space < 0 ? t : t.slice(0, space);
  const typo = mayBeTypoOfCommand(first);
  if (!typo && !ONE_WORD.has(first) && !MULTI_WORD.some((w) => startsWithWords(t, w))) return undefined;
  const args = space < 0 ? '' : t.slice(space + 1);
  for (const c of COMMANDS) {
    const hit = c.words.some((w) => {
      if (w.includes(' ')) return startsWithWords(t, w);
      return first === w || (typo && w.length >= 4 && editDistance(first, w, 1) <= 1);
    });
    if (!hit) continue;
    const multi = c.words.find((w) => w.includes(' ') && startsWithWords(t, w));
    const a = multi ? t.slice(multi.length).trim() : args;
    if (c.args === 'none' && a) continue;
    if (c.args === 'required' && !a) continue;
    return { name: c.name, args: a };
  }
  return undefined;
}
