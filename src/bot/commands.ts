// The commands, in one table: what each matches, its lines of the help card, its entry in Teams' command
// menu (the app manifest's command lists, written from here), and what it does (run). Anything that matches
// no command is a question. Adding a command is one entry in one of the groups below: the parser, the help
// card and the manifest read this table.
import { commandTable } from './command-spec.js';
import { ADMIN_COMMANDS } from './commands/admin.js';
import { CHECKLIST_COMMANDS } from './commands/checklist.js';
import { GUIDE_COMMANDS } from './commands/guide.js';

export const COMMANDS = commandTable([...GUIDE_COMMANDS, ...CHECKLIST_COMMANDS, ...ADMIN_COMMANDS]);

/** The name of a command of the table. */
export type CommandName = (typeof COMMANDS)[number]['name'];
