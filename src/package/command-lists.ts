// The bot's command lists in the Teams app manifest, written from the command table (src/bot/commands.ts).
// appPackage/manifest.json, the template, gives each list only its scopes and an empty `commands`; every
// list gets the table's entries that have a `manifest` field, in the table's order. Used by `npm run
// manifest` (the manifest the Agents Toolkit reads) and `npm run package` (the zip). Plain TypeScript with
// no file access, and no import of the schema validator, so it stays cheap to load.
import type { CommandSpec } from '../bot/command-spec.js';

/** Teams shows at most this many commands in a command list (and a message extension). */
export const MAX_COMMANDS_PER_LIST = 10;

/** Where the table is, for the errors: the fix is made there. */
export const COMMAND_TABLE_FILE = 'src/bot/commands.ts';

export type ManifestCommand = { title: string; description: string };

/** What the lists need of a table entry. */
export type ListableCommand = Pick<CommandSpec, 'name' | 'manifest'>;

/** A table or template the command lists cannot be written from; the message says what to change. */
export class CommandListError extends Error {
  override readonly name = 'CommandListError';
}

/** The commands Teams lists, in the table's order: the entries with a `manifest` field. */
export function listedCommands(table: readonly ListableCommand[]): ManifestCommand[] {
  const listed = table.flatMap((c) => (c.manifest ? [{ title: c.manifest.title, description: c.manifest.description }] : []));
  if (listed.length > MAX_COMMANDS_PER_LIST) {
    const names = table.filter((c) => c.manifest).map((c) => c.name);
    throw new CommandListError(
      `${COMMAND_TABLE_FILE} gives ${listed.length} commands a \`manifest\` entry (${names.join(', ')}); Teams shows at most ` +
        `${MAX_COMMANDS_PER_LIST} in a command list. Remove \`manifest\` from the ones that need not be in the compose-box menu ` +
        '(they still work when typed, and stay in the help card).',
    );
  }
  const seen = new Set<string>();
  for (const c of listed) {
    const title = c.title.toLowerCase();
    if (seen.has(title)) throw new CommandListError(`${COMMAND_TABLE_FILE}: two commands have the manifest title "${c.title}"; Teams lists each title once.`);
    seen.add(title);
  }
  return listed;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The manifest with every command list of every bot filled from `table`; everything else, `${{VAR}}`
 * placeholders included, is as in `template` (which is not changed). A list in the template that already
 * holds commands is an error: they would be lost, and the table is where commands are added. `source`
 * names the template in that error.
 */
export function withCommandLists<T extends Obj>(template: T, table: readonly ListableCommand[], source = 'the manifest template'): T {
  const commands = listedCommands(table);
  const manifest: Obj = structuredClone(template);
  if (!Array.isArray(manifest.bots)) return manifest as T;
  manifest.bots.forEach((bot: unknown, b) => {
    if (!isObj(bot) || !Array.isArray(bot.commandLists)) return;
    bot.commandLists = bot.commandLists.map((list: unknown, l) => {
      if (!isObj(list)) return list;
      if (Array.isArray(list.commands) && list.commands.length > 0) {
        throw new CommandListError(
          `${source} lists commands by hand in /bots/${b}/commandLists/${l}/commands; leave it empty ([]): ` +
            `the command lists are written from ${COMMAND_TABLE_FILE}, add a command there.`,
        );
      }
      return { ...list, commands: commands.map((c) => ({ ...c })) };
    });
  });
  return manifest as T;
}
