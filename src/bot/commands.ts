// What each command matches, declared in one table. Anything that matches no command is a question.
// Plain TypeScript: the bot decides what to do with a match.
import { deletes, editDistance, normalise } from '../knowledge/text.js';

export type CommandName = 'help' | 'roles' | 'pillars' | 'pillar' | 'ramp' | 'azure' | 'about' | 'checklist' | 'progress' | 'export';

type CommandSpec = {
  name: CommandName;
  /** Words that name the command; a typo of one letter is forgiven for words of four letters or more. */
  words: string[];
  /** Whether words after the command are its argument ("pillar identity") or make it a question. */
  args: 'none' | 'optional' | 'required';
  /** Whole phrases people use instead of the command word. */
  phrases?: RegExp[];
};

export const COMMANDS: CommandSpec[] = [
  { name: 'help', words: ['help', 'commands', 'menu', '?'], args: 'none', phrases: [/^what can you do$/, /^how does this work$/, /^how do i use (this|you)$/] },
  { name: 'roles', words: ['roles', 'role', 'onboarding', 'onboard'], args: 'optional', phrases: [/^(?:what|which) roles?(?: are there)?$/, /^(?:choose|pick|select) (?:a |my )?role$/] },
  { name: 'pillars', words: ['pillars', 'walkthrough'], args: 'none', phrases: [/^(?:what are )?(?:the )?(?:seven |7 )?(?:technology )?pillars$/] },
  { name: 'pillar', words: ['pillar'], args: 'required' },
  { name: 'ramp', words: ['ramp', 'rapid modernization plan'], args: 'optional', phrases: [/^ramp steps?$/, /^rapid modernization plan$/] },
  { name: 'azure', words: ['azure'], args: 'none', phrases: [/^azure services?$/] },
  { name: 'checklist', words: ['checklist', 'checklists'], args: 'optional', phrases: [/^(?:post|share) (?:a |the )?checklists?$/] },
  { name: 'progress', words: ['progress', 'status'], args: 'none', phrases: [/^(?:our|team|the team s) progress$/, /^how far are we$/] },
  { name: 'export', words: ['export', 'report'], args: 'optional' },
  { name: 'about', words: ['about', 'version', 'licence', 'license', 'source'], args: 'none', phrases: [/^(?:who|what) are you$/, /^about (?:this|the) bot$/] },
];

export type ParsedCommand = { name: CommandName; args: string };

// Most messages are questions, and this runs on every one of them: the tables below rule a question out
// with one pattern test and a few set lookups, before any per-command work.

/** Every command phrase in one pattern. */
const ANY_PHRASE = new RegExp(COMMANDS.flatMap((c) => c.phrases ?? []).map((p) => `(?:${p.source})`).join('|'));
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
const mayBeTypoOfCommand = (word: string) => word.length >= 4 && (TYPO_KEYS.has(word) || deletes(word).some((d) => TYPO_KEYS.has(d)));
const startsWithWords = (t: string, w: string) => t === w || t.startsWith(`${w} `);

/** Polite wrappers that do not change the command: "please show me the pillars" is "pillars". */
const FILLER = /^(?:(?:please|pls|can you|could you|show(?: me)?|list|give me|open|start|go to|the|all|me)\s+)+/;

export function parseCommand(text: string): ParsedCommand | undefined {
  if (text.trim() === '?') return { name: 'help', args: '' };
  const t = normalise(text).replace(FILLER, '').trim();
  if (!t) return undefined;
  if (ANY_PHRASE.test(t)) for (const c of COMMANDS) if (c.phrases?.some((p) => p.test(t))) return { name: c.name, args: '' };
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
