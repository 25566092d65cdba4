// The shape of an entry of the command table (./commands.ts).
import type { Turn } from './turn.js';

export type CommandSpec<Name extends string = string> = {
  /** What the parser calls the command (ParsedCommand.name); names are unique. */
  name: Name;
  /** Words that name the command; a typo of one letter is forgiven for words of four letters or more. */
  words: string[];
  /** Whether words after the command are its argument ("pillar identity") or make it a question. */
  args: 'none' | 'optional' | 'required';
  /** Whole phrases people use instead of the command word; a first capture group is the argument. */
  phrases?: RegExp[];
  /** Lines of the help card: how to type it, and what it does. */
  help: { usage: string; what: string }[];
  /**
   * The command in the app manifest's command lists: Teams shows them in the compose box, at most 10 per list.
   * `npm run manifest` and `npm run package` write those lists from this table (src/package/command-lists.ts).
   * Without it the command still works, and is in the help card, but not in that menu.
   */
  manifest?: { title: string; description: string };
  /** What it does. */
  run: (turn: Turn, args: string) => Promise<void>;
};

/** The table as written, each entry's name kept as its literal type, so CommandName is read off the table itself. */
export const commandTable = <const Name extends string>(commands: CommandSpec<Name>[]): readonly CommandSpec<Name>[] => commands;
