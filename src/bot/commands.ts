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
  /** Whole phrases people use instead of the command word; a first capture group is the argument. */
  phrases?: RegExp[];
  /** Lines of the help card: how to type it, and what it does. */
  help: { usage: string; what: string }[];
  /** The command in the app manifest's command lists (Teams shows them in the compose box). */
  manifest: { title: string; description: string };
};

/** "for ransomware", "on data protection": the words that join a command to what it is about. */
const ABOUT = String.raw`(?:\s+(?:for|on|about|of|from))?`;

export const COMMANDS: CommandSpec[] = [
  {
    name: 'help',
    words: ['help', 'commands', 'menu', '?'],
    args: 'none',
    phrases: [/^what (?:can|do) you do$/, /^what can i (?:ask|do|type)(?: you| here)?$/, /^how (?:does this|do i use (?:this|you)|can you help(?: me)?)$/, /^(?:what are )?(?:your|the) (?:commands|options)$/],
    help: [{ usage: 'help', what: 'This list' }],
    manifest: { title: 'help', description: 'What I can do and how to ask' },
  },
  {
    name: 'roles',
    words: ['roles', 'role', 'onboarding', 'onboard'],
    args: 'optional',
    phrases: [/^(?:what|which) roles?(?: are there| do you know)?$/, /^(?:choose|pick|select|set) (?:a |my )?role$/],
    help: [
      { usage: 'roles', what: 'Pick your role and get its reading list' },
      { usage: 'role …', what: 'One role, e.g. “role security architect”' },
    ],
    manifest: { title: 'roles', description: 'Pick your role and get its reading list' },
  },
  {
    name: 'pillars',
    words: ['pillars', 'walkthrough'],
    args: 'none',
    phrases: [/^(?:what are )?(?:the )?(?:seven |7 )?(?:zero trust )?(?:technology )?pillars$/, /^walk me through the pillars$/],
    help: [{ usage: 'pillars', what: 'The three principles and the seven technology pillars' }],
    manifest: { title: 'pillars', description: 'The three principles and seven pillars' },
  },
  {
    name: 'pillar',
    words: ['pillar'],
    args: 'required',
    phrases: [/^(?:the )?(\w+) pillar$/],
    help: [{ usage: 'pillar …', what: 'One pillar and its deployment objectives, e.g. “pillar identity”' }],
    manifest: { title: 'pillar', description: 'pillar <name>: one pillar and its objectives, step by step' },
  },
  {
    name: 'ramp',
    words: ['ramp', 'rapid modernization plan'],
    args: 'optional',
    phrases: [/^(?:the )?ramp steps?$/, /^rapid modernization plan$/],
    help: [
      { usage: 'ramp', what: 'The Rapid Modernization Plan: initiatives and steps' },
      { usage: 'ramp 1–6', what: 'One RaMP step, e.g. “ramp 2”' },
    ],
    manifest: { title: 'ramp', description: 'ramp [step]: Rapid Modernization Plan initiatives and steps' },
  },
  {
    name: 'azure',
    words: ['azure'],
    args: 'none',
    phrases: [/^azure services?$/],
    help: [{ usage: 'azure', what: 'Zero Trust for Azure services' }],
    manifest: { title: 'azure', description: 'Zero Trust guidance for Azure services' },
  },  {
    name: 'about',
    words: ['about', 'version', 'licence', 'license', 'source'],
    args: 'none',
    phrases: [/^(?:who|what) are you$/, /^about (?:this|the|you) bot$/, /^who (?:made|built|wrote) you$/, /^where (?:does|do) (?:your|the) (?:answers|information|content) come from$/],
    help: [{ usage: 'about', what: 'Sources, licence and version' }],
    manifest: { title: 'about', description: 'Sources, licence and version' },
  },  {
    name: 'checklist',
    words: ['checklist', 'checklists'],
    args: 'optional',
    phrases: [new RegExp(String.raw`^(?:post|share|put up|run|start|begin|open|bring up|get)(?: us| me)? (?:a |the |our )?(?:ramp )?checklists?${ABOUT}(?: (?:the )?(.+?))?(?: checklist)?(?: here| in this channel)?$`)],
    help: [
      { usage: 'checklist …', what: 'Post a RaMP checklist for the team to work through, e.g. “checklist ransomware”' },
    ],
    manifest: { title: 'checklist', description: 'checklist <step>: post a RaMP checklist to work through together' },
  },
  {
    name: 'progress',
    words: ['progress', 'status'],
    args: 'none',
    phrases: [/^(?:our|team|the team s|the teams|checklist|checklists) (?:progress|status)$/, /^how far (?:are we|have we got|along are we)(?: with (?:the |our )?checklists?)?$/, /^(?:where|how) are we (?:at|with (?:the |our )?checklists?)$/],
    help: [{ usage: 'progress', what: 'How far this team is with each checklist, and the latest changes' }],
    manifest: { title: 'progress', description: 'How far this team is with its checklists' },
  },
  {
    name: 'export',
    words: ['export', 'report'],
    args: 'optional',
    phrases: [/^(?:download|export|send me) (?:the |our )?(?:progress|checklist) (?:report|summary|csv|as csv)$/],
    help: [{ usage: 'export', what: 'The team’s checklist progress as Markdown and CSV' }],
    manifest: { title: 'export', description: "Export this team's checklist progress" },
  },


];

/** Every line of the help card, in the table's order: one source for the parser, help and the manifest. */
export const HELP_LINES = COMMANDS.flatMap((c) => c.help);

/** The command list each scope of the app manifest shows. */
export const MANIFEST_COMMANDS = COMMANDS.map((c) => c.manifest);

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
