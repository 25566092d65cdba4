// `npm run package`: the Teams app package. Every run works on a temporary copy of appPackage/ and writes
// its zip to a temporary folder, so the tests never touch appPackage/build.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';
import { describe, it } from 'vitest';
import { COMMANDS } from '../../src/bot/commands.js';
import { type BuildOptions, buildAppPackage } from '../../src/package/build.js';
import { listedCommands } from '../../src/package/command-lists.js';
import { encodePng } from '../../src/package/png.js';
import { VARS, tempFolders } from './fixtures.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const APP = join(ROOT, 'appPackage');

const tempFolder = tempFolders('zt-package-');

type Fixture = { dir: string; app: string; out: string; envDir: string };

/** A temporary copy of appPackage/ and an env folder with `.env.test` holding `vars`. */
function fixture(vars: Record<string, string> = VARS): Fixture {
  const dir = tempFolder();
  const app = join(dir, 'appPackage');
  mkdirSync(app);
  for (const f of ['manifest.json', 'color.png', 'outline.png']) cpSync(join(APP, f), join(app, f));
  const envDir = join(dir, 'env');
  mkdirSync(envDir);
  writeFileSync(
    join(envDir, '.env.test'),
    Object.entries(vars)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
  );
  return { dir, app, out: join(dir, 'out'), envDir };
}

function editManifest(f: Fixture, edit: (m: Record<string, any>) => void): void {
  const file = join(f.app, 'manifest.json');
  const m = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
  edit(m);
  writeFileSync(file, JSON.stringify(m, null, 2));
}

/** Runs the packaging CLI with the placeholder variables removed from the inherited environment. */
function runPackage(f: Fixture, extraEnv: Record<string, string> = {}, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string | undefined> = { ...process.env, ...extraEnv };
  for (const k of Object.keys(VARS)) if (!(k in extraEnv)) delete env[k];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/package.ts', '--env', 'test', '--app-dir', f.app, '--out', f.out, '--env-dir', f.envDir, ...args],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** buildAppPackage as the CLI calls it, with its problems joined the way the CLI prints them. */
async function build(f: Fixture, more: Partial<BuildOptions> = {}) {
  const r = await buildAppPackage({ appDir: f.app, outDir: f.out, envDir: f.envDir, env: 'test', environment: {}, ...more });
  return { code: r.ok ? 0 : 1, stderr: r.ok ? '' : r.errors.join('\n') };
}

const zipOf = (f: Fixture) => join(f.out, 'appPackage.test.zip');

describe('npm run package', () => {
  it('builds a flat zip with the manifest filled in and both icons', async ({ expect }) => {
    const f = fixture();
    const r = await runPackage(f);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(zipOf(f));

    const zip = new AdmZip(zipOf(f));
    const names = zip
      .getEntries()
      .map((e) => e.entryName)
      .sort();
    expect(names).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(zip.getEntries().every((e) => !e.isDirectory)).toBe(true);

    const text = zip.readAsText('manifest.json');
    expect(text).not.toContain('${{');
    const m = JSON.parse(text);
    expect(m.id).toBe(VARS.TEAMS_APP_ID);
    expect(m.bots[0].botId).toBe(VARS.BOT_ID);
    expect(m.composeExtensions[0].botId).toBe(VARS.BOT_ID);
    expect(m.validDomains).toEqual([VARS.BOT_DOMAIN, 'learn.microsoft.com']);
    expect(m.developer.websiteUrl).toBe(`https://${VARS.BOT_DOMAIN}/`);
    // The command lists come from the command table.
    for (const list of m.bots[0].commandLists) expect(list.commands).toEqual(listedCommands(COMMANDS));
    expect(m.bots[0].commandLists[0].commands.length).toBeGreaterThan(0);
    expect(zip.readFile('color.png')!.equals(readFileSync(join(APP, 'color.png')))).toBe(true);
    expect(zip.readFile('outline.png')!.equals(readFileSync(join(APP, 'outline.png')))).toBe(true);
  });

  it('takes a variable from the environment before the env file', async ({ expect }) => {
    const f = fixture();
    const botId = 'abcdefab-cdef-4abc-8def-abcdefabcdef';
    const r = await runPackage(f, { BOT_ID: botId });
    expect(r.code).toBe(0);
    const m = JSON.parse(new AdmZip(zipOf(f)).readAsText('manifest.json'));
    expect(m.bots[0].botId).toBe(botId);
    expect(m.composeExtensions[0].botId).toBe(botId);
    expect(m.id).toBe(VARS.TEAMS_APP_ID);
  });

  it('names every variable it cannot fill, and writes nothing', async ({ expect }) => {
    const { BOT_DOMAIN: _drop, ...rest } = VARS;
    const f = fixture({ ...rest, BOT_ID: '' });
    const r = await runPackage(f);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('${{BOT_DOMAIN}}');
    expect(r.stderr).toContain('${{BOT_ID}}');
    expect(r.stderr).not.toContain('TEAMS_APP_ID');
    expect(existsSync(zipOf(f))).toBe(false);
  });

  it('reports a missing required field with its path', async ({ expect }) => {
    const f = fixture();
    editManifest(f, (m) => delete m.developer);
    const r = await runPackage(f);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\/developer: is required but missing/);
    expect(existsSync(zipOf(f))).toBe(false);
  });

  it('rejects the "groupchat" scope and points at it', async ({ expect }) => {
    const f = fixture();
    editManifest(f, (m) => {
      m.bots[0].scopes = ['personal', 'team', 'groupchat'];
    });
    const r = await runPackage(f);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/bots/0/scopes/2');
    expect(r.stderr).toContain('"groupchat"');
    expect(r.stderr).toContain('did you mean "groupChat"');
  });

  it('rejects an icon of the wrong size, naming the file and both sizes', async ({ expect }) => {
    const f = fixture();
    writeFileSync(join(f.app, 'color.png'), encodePng({ width: 64, height: 64, data: Buffer.alloc(64 * 64 * 4, 0x80) }));
    const r = await runPackage(f);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/color\.png: is 64x64 pixels, the color icon must be 192x192/);
  });

  it('refuses a bad environment name', async ({ expect }) => {
    const f = fixture();
    const r = await runPackage(f, {}, ['--env', '../x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad environment name');
  });
});

// The finer rules, checked in-process (same code as the CLI, without a process per case).
describe('buildAppPackage', () => {
  it('rejects an outline icon without an alpha channel', async ({ expect }) => {
    const f = fixture();
    writeFileSync(join(f.app, 'outline.png'), encodePng({ width: 32, height: 32, data: Buffer.alloc(32 * 32 * 4, 0xff) }, { alpha: false }));
    const r = await build(f);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/outline\.png: PNG colour type 2 has no alpha channel/);
  });

  it('rejects an outline icon that is not white on transparent', async ({ expect }) => {
    const f = fixture();
    const data = Buffer.alloc(32 * 32 * 4);
    for (let i = 0; i < 32 * 16; i++) data.set([200, 30, 30, 255], i * 4); // red top half
    writeFileSync(join(f.app, 'outline.png'), encodePng({ width: 32, height: 32, data }));
    const r = await build(f);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/outline\.png: 512 visible pixels are not white/);
  });

  it('rejects a command table with more than 10 commands for the Teams menu, naming the table', async ({ expect }) => {
    const f = fixture();
    const eleven = [...COMMANDS.filter((c) => c.manifest), { name: 'extra', manifest: { title: 'extra', description: 'one too many' } }];
    expect(eleven.length).toBeGreaterThan(10);
    const r = await build(f, { commands: eleven });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`src/bot/commands.ts gives ${eleven.length} commands a \`manifest\` entry`);
    expect(r.stderr).toContain('Teams shows at most 10 in a command list');
    expect(existsSync(zipOf(f))).toBe(false);
    // Without a manifest entry the same command is not listed, and the package builds.
    const fine = await build(f, { commands: [...COMMANDS, { name: 'extra' }] });
    expect(fine.stderr).toBe('');
  });

  it('rejects commands written into the template by hand, and a compose extension on another bot id', async ({ expect }) => {
    const f = fixture();
    editManifest(f, (m) => {
      m.bots[0].commandLists[1].commands.push({ title: 'extra', description: 'by hand' });
    });
    const r = await build(f);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(f.app, 'manifest.json')} lists commands by hand in /bots/0/commandLists/1/commands`);
    expect(r.stderr).toContain('src/bot/commands.ts');

    const g = fixture();
    editManifest(g, (m) => {
      m.composeExtensions[0].botId = '00000000-0000-4000-8000-000000000000';
    });
    const s = await build(g);
    expect(s.code).toBe(1);
    expect(s.stderr).toContain('/composeExtensions/0/botId: "00000000-0000-4000-8000-000000000000" does not match the bot\'s id');
  });

  it('rejects a $schema that does not match the manifest version', async ({ expect }) => {
    const f = fixture();
    editManifest(f, (m) => {
      m.$schema = 'https://developer.microsoft.com/json-schemas/teams/v1.16/MicrosoftTeams.schema.json';
    });
    const r = await build(f);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\/\$schema: should be https:\/\/developer\.microsoft\.com\/json-schemas\/teams\/v\d+\.\d+\/MicrosoftTeams\.schema\.json/);
  });
});
