// The shape of an entry of the command table (./commands.ts).
import type { Turn } from './turn.js';

export type CommandName = 'help' | 'roles' | 'pillars' | 'pillar' | 'ramp' | 'azure' | 'about' | 'checklist' | 'progress' | 'export';

export type CommandSpec = {
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
  /** What it does. */
  run: (turn: Turn, args: string) => Promise<void>;
};
