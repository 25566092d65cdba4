// The committed app package sources (manifest template, icons, toolkit project files) and the packaging helpers.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/bot/commands.js';
import { listedCommands, withCommandLists } from '../../src/package/command-lists.js';
import { drawColorIcon, drawOutlineIcon } from '../../src/package/icons.js';
import {
  bundledManifestVersions,
  checkTeamsRules,
  fillPlaceholders,
  latestBundledManifestVersion,
  parseEnvText,
  placeholdersIn,
  validateManifestSchema,
} from '../../src/package/manifest.js';
import { decodePng, encodePng, readPngInfo } from '../../src/package/png.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const template = read('appPackage/manifest.json');
const manifest = JSON.parse(template);

const version = (v: string) => v.split('.').map(Number) as [number, number];

describe('appPackage/manifest.json', () => {
  it('uses the newest manifest schema bundled in @microsoft/app-manifest (1.22 or newer)', () => {
    const [major, minor] = version(manifest.manifestVersion);
    expect(major === 1 && minor >= 22).toBe(true);
    expect(bundledManifestVersions()).toContain(manifest.manifestVersion);
    expect(manifest.manifestVersion).toBe(latestBundledManifestVersion());
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
  });

  it('has exactly the TEAMS_APP_ID, BOT_ID and BOT_DOMAIN placeholders', () => {
    expect(placeholdersIn(template).sort()).toEqual(['BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
  });

  it('is valid against the bundled schema once its placeholders and command lists are filled, and keeps the Teams rules', async () => {
    const fill = fillPlaceholders(
      template,
      {},
      {
        TEAMS_APP_ID: '11111111-2222-4333-8444-555555555555',
        BOT_ID: '99999999-8888-4777-8666-555555555555',
        BOT_DOMAIN: 'bot.example.com',
      },
    );
    expect(fill.missing).toEqual([]);
    const filled = withCommandLists(JSON.parse(fill.text), COMMANDS);
    expect(await validateManifestSchema(filled)).toEqual([]);
    expect(checkTeamsRules(filled)).toEqual([]);
  });

  it('offers the bot in personal, team and group chat scopes, with a command list for each', () => {
    const bot = manifest.bots[0];
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.supportsFiles).toBe(false);
    expect(bot.isNotificationOnly).toBe(false);
    const scopes = bot.commandLists.flatMap((l: { scopes: string[] }) => l.scopes).sort();
    expect(scopes).toEqual(['groupChat', 'personal', 'team']);
    // The command table is the one source: the template names no command, the lists are written from it.
    for (const list of bot.commandLists) expect(list).toEqual({ scopes: list.scopes, commands: [] });
    for (const list of withCommandLists(manifest, COMMANDS).bots[0].commandLists) {
      expect(list.commands).toEqual(listedCommands(COMMANDS));
      expect(list.commands.length).toBeLessThanOrEqual(10);
    }
  });

  it('has a search message extension and link unfurling for Microsoft Learn on the same bot', () => {
    const ext = manifest.composeExtensions[0];
    expect(ext.botId).toBe(manifest.bots[0].botId);
    expect(ext.commands).toHaveLength(1);
    expect(ext.commands[0]).toMatchObject({ id: 'searchGuidance', type: 'query', initialRun: true });
    expect(ext.commands[0].parameters.map((p: { name: string }) => p.name)).toEqual(['query']);
    expect(ext.messageHandlers).toEqual([{ type: 'link', value: { domains: ['learn.microsoft.com'] } }]);
    expect(manifest.validDomains).toEqual(['${{BOT_DOMAIN}}', 'learn.microsoft.com']);
    expect(manifest.permissions).toEqual(['identity', 'messageTeamMembers']);
  });
});

describe('app icons', () => {
  it('color.png is 192x192 and outline.png is 32x32 with an alpha channel', () => {
    const color = readPngInfo(readFileSync(join(ROOT, 'appPackage/color.png')));
    const outline = readPngInfo(readFileSync(join(ROOT, 'appPackage/outline.png')));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.hasAlphaChannel).toBe(true);
  });

  it('are what src/package/icons.ts draws (regenerate with node --import tsx src/package/icons.ts)', () => {
    expect(decodePng(readFileSync(join(ROOT, 'appPackage/color.png')))!.data.equals(drawColorIcon().data)).toBe(true);
    expect(decodePng(readFileSync(join(ROOT, 'appPackage/outline.png')))!.data.equals(drawOutlineIcon().data)).toBe(true);
  });

  it('outline is white on transparent, colour icon is opaque', () => {
    const outline = decodePng(readFileSync(join(ROOT, 'appPackage/outline.png')))!;
    let transparent = 0;
    for (let i = 0; i < 32 * 32; i++) {
      const [r, g, b, a] = outline.data.subarray(i * 4, i * 4 + 4);
      if (a === 0) transparent++;
      else expect([r, g, b]).toEqual([255, 255, 255]);
    }
    expect(transparent).toBeGreaterThan((32 * 32) / 3);
    const color = decodePng(readFileSync(join(ROOT, 'appPackage/color.png')))!;
    for (let i = 0; i < 192 * 192; i++) expect(color.data[i * 4 + 3]).toBe(255);
  });
});

describe('packaging helpers', () => {
  it('PNG encode and decode round-trip, with and without alpha', () => {
    const data = Buffer.alloc(5 * 3 * 4);
    for (let i = 0; i < data.length; i++) data[i] = (i * 37) & 0xff;
    const rgba = decodePng(encodePng({ width: 5, height: 3, data }))!;
    expect(rgba.data.equals(data)).toBe(true);
    const rgb = encodePng({ width: 5, height: 3, data }, { alpha: false });
    expect(readPngInfo(rgb)).toMatchObject({ width: 5, height: 3, colorType: 2, hasAlphaChannel: false });
    const back = decodePng(rgb)!;
    for (let i = 0; i < 15; i++) {
      expect([...back.data.subarray(i * 4, i * 4 + 4)]).toEqual([data[i * 4], data[i * 4 + 1], data[i * 4 + 2], 255]);
    }
    expect(() => readPngInfo(Buffer.from('GIF89a'))).toThrow(/not a PNG/);
  });

  it('fills placeholders environment-first, escapes values for JSON, and lists what is missing', () => {
    const text = '{"a": "${{A}}", "b": "x-${{ B }}", "c": "${{C}}", "d": "${{D}}"}';
    const fill = fillPlaceholders(text, { A: 'from-env', C: '  ' }, { A: 'from-file', B: 'say "hi"', C: 'file-c' });
    expect(fill.missing).toEqual(['D']);
    expect(fill.sources).toEqual({ A: 'environment', B: 'file', C: 'file' });
    expect(fill.text).toBe('{"a": "from-env", "b": "x-say \\"hi\\"", "c": "file-c", "d": "${{D}}"}');
  });

  it('reads env files as dotenv does', () => {
    expect(parseEnvText('# comment\nA=1\nexport B="two words"\nC=\n')).toEqual({ A: '1', B: 'two words', C: '' });
  });

  it('env/.env.dev names every placeholder of the manifest, ships its ids empty for provisioning to fill, and holds no secrets', () => {
    const vars = parseEnvText(read('env/.env.dev'));
    for (const name of placeholdersIn(template)) expect(Object.keys(vars)).toContain(name);
    // Ids a provision would otherwise try to reuse (the toolkit's templates ship them empty too).
    for (const id of ['TEAMS_APP_ID', 'BOT_ID', 'BOT_DOMAIN', 'BOT_ENDPOINT']) expect(vars[id], id).toBe('');
    expect(Object.keys(vars).filter((k) => /SECRET|PASSWORD/i.test(k))).toEqual([]);
  });
});

describe('Microsoft 365 Agents Toolkit project files', () => {
  type Step = { uses: string; with?: Record<string, unknown>; writeToEnvironmentFile?: Record<string, string> };
  const load = (p: string) => yaml.load(read(p)) as { version: string; provision: Step[]; deploy: Step[]; publish?: Step[] };

  it('m365agents.yml provisions the Teams app, the bot app and Azure, then deploys by zip', () => {
    const y = load('m365agents.yml');
    expect(y.version).toMatch(/^v1\.\d+$/);
    expect(y.provision.map((s) => s.uses)).toEqual([
      'cli/runNpmCommand',
      'cli/runNpmCommand',
      'teamsApp/create',
      'arm/deploy',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/validateAppPackage',
      'teamsApp/update',
    ]);
    const arm = y.provision.find((s) => s.uses === 'arm/deploy')!;
    const [tpl] = arm.with!.templates as { path: string; parameters: string }[];
    // The bot is its managed identity: no Entra app and no secret to create, pass or store.
    expect(read(tpl!.path)).toContain("msaAppType: 'UserAssignedMSI'");
    expect(read(tpl!.path)).toContain('output BOT_ID string = identity.properties.clientId');
    const params = JSON.parse(read(tpl!.parameters)).parameters;
    expect(JSON.stringify(params)).not.toMatch(/SECRET|Secret|Password/);
    expect(y.deploy.map((s) => s.uses)).toContain('azureAppService/zipDeploy');
  });

  // The toolkit reads the manifest `npm run manifest` writes (command lists filled from the command table),
  // never the template, and each lifecycle writes it before its first Teams app step.
  for (const file of ['m365agents.yml', 'm365agents.local.yml']) {
    it(`${file} writes the manifest with npm run manifest before using it`, () => {
      const y = load(file) as unknown as Record<string, Step[] | string>;
      const lifecycles = Object.entries(y).filter((e): e is [string, Step[]] => Array.isArray(e[1]) && e[1].some((s) => s.with?.manifestPath));
      expect(lifecycles.map(([name]) => name)).toEqual(file === 'm365agents.yml' ? ['provision', 'publish'] : ['provision']);
      for (const [name, steps] of lifecycles) {
        const writes = steps.findIndex((s) => s.uses === 'cli/runNpmCommand' && s.with?.args === 'run manifest');
        const install = steps.findIndex((s) => s.uses === 'cli/runNpmCommand' && String(s.with?.args).startsWith('install'));
        const firstTeamsApp = steps.findIndex((s) => s.uses.startsWith('teamsApp/'));
        expect(writes, name).toBeGreaterThanOrEqual(0);
        expect(install, name).toBeGreaterThanOrEqual(0);
        expect(install, name).toBeLessThan(writes);
        expect(writes, name).toBeLessThan(firstTeamsApp);
        for (const s of steps) if (s.with?.manifestPath) expect(s.with.manifestPath, `${name} ${s.uses}`).toBe('./appPackage/build/manifest.json');
        // What the toolkit writes stays where it was.
        for (const s of steps.filter((s) => s.uses === 'teamsApp/zipAppPackage')) {
          expect(s.with).toMatchObject({ outputZipPath: './appPackage/build/appPackage.${{TEAMSFX_ENV}}.zip', outputFolder: './appPackage/build' });
        }
      }
    });
  }

  it('the zip deploy ships the compiled bot, its content and production dependencies, not sources or dev files', () => {
    const ignored = read('infra/.webappignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const p of ['src/', 'tests/', 'bench/', 'docs/', 'infra/', 'env/', '.env', 'tsconfig*.json', 'eslint.config.js']) expect(ignored).toContain(p);
    for (const needed of ['dist', 'cards', 'content', 'node_modules', 'package.json']) {
      expect(
        ignored.some((p) => p.replace(/\/$/, '') === needed),
        needed,
      ).toBe(false);
    }
    // The install step drops dev dependencies before the zip is made.
    expect(load('m365agents.yml').deploy.map((s) => (s.with as { args?: string } | undefined)?.args)).toContain('prune --omit=dev --no-audit');
  });

  it('m365agents.playground.yml installs the Agents Playground and runs the bot in local mode, with no ids or secrets', () => {
    const y = yaml.load(read('m365agents.playground.yml')) as { version: string; deploy: Step[] };
    expect(y.version).toBe(load('m365agents.yml').version);
    const install = y.deploy.find((s) => s.uses === 'devTool/install')!;
    expect(install.with!.testTool).toBeTruthy();
    const envFile = y.deploy.find((s) => s.uses === 'file/createOrUpdateEnvironmentFile')!;
    expect((envFile.with!.envs as Record<string, unknown>).MicrosoftAppId).toBe('');
    expect(parseEnvText(read('env/.env.playground'))).toEqual({ TEAMSFX_ENV: 'playground' });
    // What the toolkit writes locally is never committed.
    expect(read('.gitignore')).toMatch(/^\.localConfigs\.\*$/m);
  });

  it('m365agents.local.yml registers the bot at the tunnel endpoint and writes .localConfigs', () => {
    const y = load('m365agents.local.yml');
    const bf = y.provision.find((s) => s.uses === 'botFramework/create')!;
    expect(bf.with!.messagingEndpoint).toBe('${{BOT_ENDPOINT}}/api/messages');
    const envFile = y.deploy.find((s) => s.uses === 'file/createOrUpdateEnvironmentFile')!;
    expect(envFile.with!.target).toBe('./.localConfigs');
    expect(Object.keys(envFile.with!.envs as object)).toEqual(
      expect.arrayContaining(['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId']),
    );
  });

  it('infra/azure.bicep runs the bot as a managed identity, with no secret or storage key in its settings', () => {
    const bicep = read('infra/azure.bicep');
    for (const name of [
      'MicrosoftAppId',
      'MicrosoftAppType',
      'MicrosoftAppTenantId',
      'AZURE_CLIENT_ID',
      'AZURE_STORAGE_ACCOUNT_URL',
      'AZURE_STORAGE_CONTAINER',
    ]) {
      expect(bicep).toContain(`name: '${name}'`);
    }
    for (const secret of ['MicrosoftAppPassword', 'AZURE_STORAGE_CONNECTION_STRING', 'listKeys', '@secure()']) expect(bicep).not.toContain(secret);
    expect(bicep).toContain("value: 'UserAssignedMSI'");
    expect(bicep).toContain("type: 'UserAssigned'");
    expect(bicep).toContain('allowSharedKeyAccess: false');
    // Storage Blob Data Contributor, on the storage account only.
    expect(bicep).toContain("'ba92f5b4-2d11-453d-a403-e96b0029c9fe'");
    expect(bicep).toContain("linuxFxVersion: 'NODE|22-lts'");
    expect(bicep).toContain("name: 'MsTeamsChannel'");
    expect(bicep).toContain('Microsoft.Storage/storageAccounts/blobServices/containers');
    // every parameter the parameters file sets is declared, and every required one is set
    const declared = [...bicep.matchAll(/^param (\w+) \w+( =)?/gm)];
    const set = Object.keys(JSON.parse(read('infra/azure.parameters.json')).parameters);
    for (const p of set) expect(declared.map((d) => d[1])).toContain(p);
    for (const d of declared.filter((d) => !d[2])) expect(set).toContain(d[1]);
  });
});
