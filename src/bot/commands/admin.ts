// The commands for the bot's admins (ADMIN_IDS): insights. Entries of the command table (see
// ../command-spec.ts). They have no help lines (the help card is everyone's) and no `manifest` entry (Teams'
// menu holds 10 commands, all taken); typed, they work for admins and tell anyone else they are for admins.
import { commandTable } from '../command-spec.js';
import { showInsights } from '../handlers/insights.js';

export const ADMIN_COMMANDS = commandTable([
  {
    name: 'insights',
    words: ['insights'],
    args: 'none',
    phrases: [/^(?:bot|admin|usage) insights$/],
    help: [],
    run: showInsights,
  },
]);
