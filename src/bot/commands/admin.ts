// The commands for the bot's admins (ADMIN_IDS): insights and teach. Entries of the command table (see
// ../command-spec.ts). They have no help lines (the help card is everyone's) and no `manifest` entry (Teams'
// menu holds 10 commands, all taken); typed, they work for admins and tell anyone else they are for admins.
import { commandTable } from '../command-spec.js';
import { showInsights } from '../handlers/insights.js';
import { teach } from '../handlers/teach.js';

export const ADMIN_COMMANDS = commandTable([
  {
    name: 'insights',
    words: ['insights'],
    args: 'none',
    phrases: [/^(?:bot|admin|usage) insights$/],
    help: [],
    run: showInsights,
  },
  {
    // By its phrase only: a command word forgives a typo, and "each" or "reach" starts many a question.
    name: 'teach',
    words: [],
    args: 'optional',
    phrases: [/^teach(?: (.+))?$/],
    help: [],
    run: (turn) => teach(turn),
  },
]);
