// The Teams app manifest: ${{VAR}} placeholders, offline schema validation against the schemas bundled
// in @microsoft/app-manifest, and the Teams rules the schema does not express. Plain TypeScript.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseEnv } from 'node:util';
import { type AppManifest, AppManifestUtils } from '@microsoft/app-manifest';
import { MAX_COMMANDS_PER_LIST } from './command-lists.js';

/** `${{NAME}}`, as the Microsoft 365 Agents Toolkit writes them. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** Reads KEY=VALUE lines (comments, quotes and `export` as dotenv reads them). */
export function parseEnvText(text: string): Record<string, string> {
  return parseEnv(text.replace(/^\s*export\s+/gm, '')) as Record<string, string>;
}

export type Fill = { text: string; missing: string[]; sources: Record<string, 'environment' | 'file'> };

/**
 * Fills every `${{NAME}}` from `env` first (usually process.env), then from `file`; an empty value counts
 * as unset. Values are escaped for a JSON string, since placeholders sit inside manifest strings.
 */
export function fillPlaceholders(text: string, env: Record<string, string | undefined>, file: Record<string, string>): Fill {
  const missing: string[] = [];
  const sources: Fill['sources'] = {};
  for (const name of placeholdersIn(text)) {
    if (env[name]?.trim()) sources[name] = 'environment';
    else if (file[name]?.trim()) sources[name] = 'file';
    else missing.push(name);
  }
  const filled = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = sources[name] === 'environment' ? env[name]! : sources[name] === 'file' ? file[name]! : undefined;
    return value === undefined ? whole : JSON.stringify(value.trim()).slice(1, -1);
  });
  return { text: filled, missing, sources };
}

const SCHEMA_URL = (version: string) => `https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`;

function schemasDir(): string {
  const entry = createRequire(import.meta.url).resolve('@microsoft/app-manifest');
  return join(dirname(entry), 'json-schemas', 'teams');
}

/** The Teams manifest versions whose schema ships inside @microsoft/app-manifest, oldest first. */
export function bundledManifestVersions(): string[] {
  return readdirSync(schemasDir())
    .filter((d) => /^v\d+\.\d+$/.test(d) && existsSync(join(schemasDir(), d, 'MicrosoftTeams.schema.json')))
    .map((d) => d.slice(1))
    .sort((a, b) => {
      const [a1, a2] = a.split('.').map(Number) as [number, number];
      const [b1, b2] = b.split('.').map(Number) as [number, number];
      return a1 - b1 || a2 - b2;
    });
}

export function latestBundledManifestVersion(): string {
  return bundledManifestVersions().at(-1)!;
}

function loadBundledSchema(version: string): object | undefined {
  const file = join(schemasDir(), `v${version}`, 'MicrosoftTeams.schema.json');
  if (!existsSync(file)) return undefined;
  // The published schemas contain "\a" and "\v" escapes that JSON does not allow (the package does the same).
  return JSON.parse(readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as object;
}

export type Problem = { path: string; message: string };

function valueAt(root: unknown, pointer: string): unknown {
  let at: unknown = root;
  for (const key of pointer.split('/').slice(1)) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return at;
}

/** Turns the package's "<instancePath> <message>. Details: <params>" strings into a path and a sentence. */
function schemaProblem(raw: string, manifest: unknown): Problem {
  const m = /^(\S*) (.*?)(?:\. Details: (.*))?$/s.exec(raw);
  if (!m) return { path: '(manifest)', message: raw };
  const path = m[1] ?? '';
  let message = m[2] ?? raw;
  let params: Record<string, unknown> = {};
  try {
    params = m[3] ? (JSON.parse(m[3]) as Record<string, unknown>) : {};
  } catch {
    // keep the sentence as it is
  }
  if (typeof params.missingProperty === 'string') return { path: `${path}/${params.missingProperty}`, message: 'is required but missing' };
  if (typeof params.additionalProperty === 'string')
    return { path: `${path}/${params.additionalProperty}`, message: 'is not allowed here (not in the schema)' };
  if (Array.isArray(params.allowedValues)) {
    const value = valueAt(manifest, path);
    const near = typeof value === 'string' ? params.allowedValues.find((v) => typeof v === 'string' && v.toLowerCase() === value.toLowerCase()) : undefined;
    message = `${JSON.stringify(value)} is not one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}`;
  } else if ('allowedValue' in params) {
    message = `must be ${JSON.stringify(params.allowedValue)}, is ${JSON.stringify(valueAt(manifest, path))}`;
  } else if (typeof params.limit === 'number') {
    message = `${message} (found ${JSON.stringify(valueAt(manifest, path))?.slice(0, 80)})`;
  }
  return { path: path || '(root)', message };
}

/**
 * Validates against the schema of the manifest's own `manifestVersion`, loaded from the schemas bundled in
 * @microsoft/app-manifest: never from the network. `$schema` must name that same version.
 */
export async function validateManifestSchema(manifest: Record<string, unknown>): Promise<Problem[]> {
  const version = manifest.manifestVersion;
  if (typeof version !== 'string') return [{ path: '/manifestVersion', message: 'is required but missing' }];
  const schema = loadBundledSchema(version);
  if (!schema) {
    return [
      {
        path: '/manifestVersion',
        message: `no schema for ${version} is bundled in @microsoft/app-manifest (bundled: ${bundledManifestVersions().join(', ')})`,
      },
    ];
  }
  const problems: Problem[] = [];
  const expected = SCHEMA_URL(version);
  const declared = typeof manifest.$schema === 'string' ? manifest.$schema.replace('/en-us/json-schemas/', '/json-schemas/') : undefined;
  if (declared !== expected) problems.push({ path: '/$schema', message: `should be ${expected} (the manifestVersion is ${version})` });
  const raw = await AppManifestUtils.validateAgainstSchema(
    manifest as unknown as AppManifest,
    schema as Parameters<typeof AppManifestUtils.validateAgainstSchema>[1],
  );
  problems.push(...raw.map((r) => schemaProblem(r, manifest)));
  return problems;
}

type Obj = Record<string, unknown>;
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asObj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** Teams rules beyond the schema: command counts, one bot id throughout, bare domains. */
export function checkTeamsRules(manifest: Obj): Problem[] {
  const problems: Problem[] = [];
  const bots = asArray(manifest.bots).map(asObj);
  bots.forEach((bot, b) => {
    asArray(bot.commandLists)
      .map(asObj)
      .forEach((list, l) => {
        const commands = asArray(list.commands).map(asObj);
        if (commands.length > MAX_COMMANDS_PER_LIST) {
          problems.push({
            path: `/bots/${b}/commandLists/${l}/commands`,
            message: `has ${commands.length} commands; Teams shows at most ${MAX_COMMANDS_PER_LIST} per list`,
          });
        }
        const seen = new Set<string>();
        commands.forEach((c, i) => {
          const title = String(c.title ?? '').toLowerCase();
          if (seen.has(title)) problems.push({ path: `/bots/${b}/commandLists/${l}/commands/${i}/title`, message: `"${c.title}" is listed twice` });
          seen.add(title);
        });
      });
  });
  const botIds = bots.map((b) => b.botId);
  asArray(manifest.composeExtensions)
    .map(asObj)
    .forEach((ext, e) => {
      if ((ext.composeExtensionType ?? 'botBased') !== 'botBased') return;
      if (!botIds.includes(ext.botId)) {
        problems.push({
          path: `/composeExtensions/${e}/botId`,
          message: `${JSON.stringify(ext.botId)} does not match the bot's id ${botIds.map((x) => JSON.stringify(x)).join(', ') || '(no bot)'}`,
        });
      }
      const commands = asArray(ext.commands);
      if (commands.length > MAX_COMMANDS_PER_LIST)
        problems.push({ path: `/composeExtensions/${e}/commands`, message: `has ${commands.length} commands; at most ${MAX_COMMANDS_PER_LIST}` });
    });
  asArray(manifest.validDomains).forEach((d, i) => {
    if (typeof d === 'string' && (d.includes('://') || d.includes('/'))) {
      problems.push({ path: `/validDomains/${i}`, message: `${JSON.stringify(d)} should be a bare host name (no scheme, no path)` });
    }
  });
  return problems;
}
