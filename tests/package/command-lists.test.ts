// The bot's command lists in the app manifest are written from the command table (src/bot/commands.ts):
// the generator, and `npm run manifest`, which writes the manifest the Agents Toolkit reads.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/bot/commands.js';
import { parseCommand } from '../../src/bot/command-parser.js';
import { CommandListError, type ListableCommand, listedCommands, withCommandLists } from '../../src/package/command-lists.js';
import { checkTeamsRules, fillPlaceholders, placeholdersIn, validateManifestSchema } from '../../src/package/manifest.js';
import { VARS, tempFolders } from './fixtures.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const APP = join(ROOT, 'appPackage');
const templateText = readFileSync(join(APP, 'manifest.json'), 'utf8');
const template = () => JSON.parse(templateText);

const tempFolder = tempFolders('zt-manifest-');

/** A table of `n` listed commands, for the limits. */
const tableOf = (n: number): ListableCommand[] =>
  Array.from({ length: n }, (_, i) => ({ name: `c${i}`, manifest: { title: `c${i}`, description: `command ${i}` } }));

describe('the command lists, from the command table', () => {
  it('the committed template names no command: each list has only its scopes and an empty commands array', () => {
    const lists = template().bots[0].commandLists;
    expect(lists.map((l: { scopes: string[] }) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    for (const list of lists) expect(list).toEqual({ scopes: list.scopes, commands: [] });
  });

  it("every scope lists the table's manifest entries, in the table's order; the rest of the template is kept", () => {
    const t = template();
    const m = withCommandLists(t, COMMANDS);
    const listed = COMMANDS.flatMap((c) => (c.manifest ? [c.manifest] : []));
    expect(listed.length).toBeGreaterThan(0);
    for (const list of m.bots[0].commandLists) expect(list.commands).toEqual(listed);
    expect(m.bots[0].commandLists.map((l: { scopes: string[] }) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    // Only the commands differ; the placeholders are left for the toolkit; the template is not changed.
    for (const list of m.bots[0].commandLists) list.commands = [];
    expect(m).toEqual(template());
    expect(t).toEqual(template());
    expect(placeholdersIn(JSON.stringify(withCommandLists(t, COMMANDS))).sort()).toEqual(['BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
  });

  it('a listed title is what Teams puts in the compose box: one of its command words, read as that command', () => {
    for (const c of COMMANDS.filter((c) => c.manifest)) {
      expect(c.words, c.name).toContain(c.manifest!.title);
      if (c.args !== 'required') expect(parseCommand(c.manifest!.title)?.name, c.name).toBe(c.name);
    }
  });

  it('a command without a manifest entry is not listed, and works and has its help all the same', () => {
    const [first, ...rest] = COMMANDS;
    const table = [{ ...first!, manifest: undefined }, ...rest];
    const m = withCommandLists(template(), table);
    for (const list of m.bots[0].commandLists) {
      expect(list.commands.map((c: { title: string }) => c.title)).not.toContain(first!.manifest!.title);
      expect(list.commands).toEqual(rest.flatMap((c) => (c.manifest ? [c.manifest] : [])));
    }
    expect(listedCommands(tableOf(3).map((c, i) => (i === 1 ? { name: c.name } : c))).map((c) => c.title)).toEqual(['c0', 'c2']);
  });

  it('lists 10 commands, and refuses 11 naming src/bot/commands.ts and what to do', () => {
    expect(withCommandLists(template(), tableOf(10)).bots[0].commandLists[0].commands).toHaveLength(10);
    const eleven = () => withCommandLists(template(), tableOf(11));
    expect(eleven).toThrow(CommandListError);
    expect(eleven).toThrow(
      /^src\/bot\/commands\.ts gives 11 commands a `manifest` entry \(c0, c1, .*c10\); Teams shows at most 10 in a command list\. Remove `manifest`/,
    );
    // Commands without a manifest entry do not count.
    expect(() => withCommandLists(template(), [...tableOf(10), { name: 'quiet' }])).not.toThrow();
  });

  it('refuses the same title twice, and commands written into the template by hand', () => {
    expect(() => withCommandLists(template(), [...tableOf(2), { name: 'again', manifest: { title: 'C1', description: 'x' } }])).toThrow(
      /src\/bot\/commands\.ts: two commands have the manifest title "C1"/,
    );
    const t = template();
    t.bots[0].commandLists[1].commands.push({ title: 'extra', description: 'by hand' });
    expect(() => withCommandLists(t, COMMANDS, 'appPackage/manifest.json')).toThrow(
      'appPackage/manifest.json lists commands by hand in /bots/0/commandLists/1/commands; leave it empty ([]): the command lists are written from src/bot/commands.ts',
    );
  });
});

function runManifest(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('npm', ['run', '--silent', 'manifest', '--', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('npm run manifest', () => {
  it('appPackage/build/, where it writes by default, is ignored by git', () => {
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8')).toMatch(/^appPackage\/build\/$/m);
  });

  it('writes the manifest with the command lists filled and the placeholders kept, valid once filled, with its icons', async () => {
    const out = tempFolder();
    const r = await runManifest(['--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(join(out, 'manifest.json'));

    const text = readFileSync(join(out, 'manifest.json'), 'utf8');
    expect(JSON.parse(text)).toEqual(withCommandLists(template(), COMMANDS));
    // The same offline checks as `npm run package`, once the toolkit has filled the placeholders.
    const fill = fillPlaceholders(text, {}, VARS);
    expect(fill.missing).toEqual([]);
    const filled = JSON.parse(fill.text);
    expect(await validateManifestSchema(filled)).toEqual([]);
    expect(checkTeamsRules(filled)).toEqual([]);
    for (const icon of ['color.png', 'outline.png']) expect(readFileSync(join(out, icon)).equals(readFileSync(join(APP, icon))), icon).toBe(true);
  });

  it('refuses to write over the template', async () => {
    const r = await runManifest(['--out', APP]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out must not be the folder of the template');
  });
});
