// Builds the Teams app package: fill the manifest's ${{VAR}} placeholders and its command lists (from the
// command table), validate it offline, check the icons, and write a flat zip (manifest.json + the two icons).
// Plain TypeScript; the CLI is src/cli/package.ts.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import AdmZip from 'adm-zip';
import { COMMANDS } from '../bot/commands.js';
import { CommandListError, type ListableCommand, withCommandLists } from './command-lists.js';
import { decodePng, PngError, readPngInfo } from './png.js';
import { checkTeamsRules, fillPlaceholders, parseEnvText, type Problem, validateManifestSchema } from './manifest.js';

export type BuildOptions = {
  /** Folder with manifest.json and the icons. */
  appDir: string;
  /** Where the zip goes. */
  outDir: string;
  /** Environment name: the zip is appPackage.<env>.zip and variables come from <envDir>/.env.<env>. */
  env: string;
  envDir: string;
  /** Variables that win over the env file (process.env in the CLI). */
  environment?: Record<string, string | undefined>;
  /** The command table the command lists are written from: the bot's own (src/bot/commands.ts) unless given. */
  commands?: readonly ListableCommand[];
};

export type BuildResult =
  { ok: true; zipPath: string; manifest: Record<string, unknown>; envFile?: string; warnings: string[] } | { ok: false; errors: string[]; warnings: string[] };

export const ICON_SIZES = { color: 192, outline: 32 } as const;

/** Teams wants the outline icon white on transparent: every visible pixel must be (near) white. */
function checkOutlinePixels(file: string, buf: Buffer): string[] {
  const img = decodePng(buf);
  if (!img) return [];
  let transparent = 0;
  let coloured = 0;
  for (let i = 0; i < img.width * img.height; i++) {
    const [r, g, b, a] = [img.data[i * 4]!, img.data[i * 4 + 1]!, img.data[i * 4 + 2]!, img.data[i * 4 + 3]!];
    if (a === 0) transparent++;
    else if (a > 16 && Math.min(r, g, b) < 230) coloured++;
  }
  const errors: string[] = [];
  if (transparent === 0) errors.push(`${file}: no transparent pixels; the outline icon must be white on a transparent background`);
  if (coloured > 0) errors.push(`${file}: ${coloured} visible pixels are not white; the outline icon must be white only`);
  return errors;
}

function checkIcon(appDir: string, role: 'color' | 'outline', ref: unknown): string[] {
  if (typeof ref !== 'string' || !ref) return []; // the schema reports a missing icon
  if (ref.includes('/') || ref.includes('\\')) return [`/icons/${role}: "${ref}" must be a file next to manifest.json (the package is flat)`];
  const file = join(appDir, ref);
  if (!existsSync(file)) return [`/icons/${role}: ${ref} not found in ${appDir}`];
  const buf = readFileSync(file);
  let info;
  try {
    info = readPngInfo(buf);
  } catch (err) {
    return [`${ref}: ${err instanceof PngError ? err.message : String(err)}`];
  }
  const want = ICON_SIZES[role];
  const errors: string[] = [];
  if (info.width !== want || info.height !== want) {
    errors.push(`${ref}: is ${info.width}x${info.height} pixels, the ${role} icon must be ${want}x${want}`);
  }
  if (role === 'outline') {
    if (!info.hasAlphaChannel) {
      errors.push(`${ref}: PNG colour type ${info.colorType} has no alpha channel; the outline icon must be transparent (colour type 4 or 6)`);
    } else {
      try {
        errors.push(...checkOutlinePixels(ref, buf));
      } catch (err) {
        errors.push(`${ref}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  return errors;
}

const show = (p: Problem) => `${p.path}: ${p.message}`;

export async function buildAppPackage(opts: BuildOptions): Promise<BuildResult> {
  const warnings: string[] = [];
  const manifestFile = join(opts.appDir, 'manifest.json');
  if (!existsSync(manifestFile)) return { ok: false, errors: [`manifest not found: ${manifestFile}`], warnings };

  const envFile = resolve(opts.envDir, `.env.${opts.env}`);
  const fileVars = existsSync(envFile) ? parseEnvText(readFileSync(envFile, 'utf8')) : {};
  if (!existsSync(envFile)) warnings.push(`no env file ${envFile}; using the process environment only`);

  const template = readFileSync(manifestFile, 'utf8');
  const fill = fillPlaceholders(template, opts.environment ?? {}, fileVars);
  if (fill.missing.length) {
    return {
      ok: false,
      errors: fill.missing.map(
        (name) => `cannot fill \${{${name}}}: ${name} is not set in the environment nor in ${envFile}${existsSync(envFile) ? '' : ' (no such file)'}`,
      ),
      warnings,
    };
  }
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(fill.text) as Record<string, unknown>;
  } catch (err) {
    return { ok: false, errors: [`${manifestFile} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`], warnings };
  }
  try {
    manifest = withCommandLists(manifest, opts.commands ?? COMMANDS, manifestFile);
  } catch (err) {
    if (err instanceof CommandListError) return { ok: false, errors: [err.message], warnings };
    throw err;
  }

  const errors = [...(await validateManifestSchema(manifest)).map((p) => `schema ${show(p)}`), ...checkTeamsRules(manifest).map(show)];
  const icons = (manifest.icons ?? {}) as Record<string, unknown>;
  errors.push(...checkIcon(opts.appDir, 'color', icons.color), ...checkIcon(opts.appDir, 'outline', icons.outline));
  if (errors.length) return { ok: false, errors, warnings };

  const zip = new AdmZip();
  // A fixed time stamp, so the same inputs give the same zip.
  const stamp = new Date(2020, 0, 1, 0, 0, 0);
  const add = (name: string, data: Buffer) => {
    zip.addFile(name, data);
    zip.getEntry(name)!.header.time = stamp;
  };
  add('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  for (const ref of new Set([icons.color, icons.outline] as string[])) add(basename(ref), readFileSync(join(opts.appDir, ref)));
  mkdirSync(opts.outDir, { recursive: true });
  const zipPath = resolve(opts.outDir, `appPackage.${opts.env}.zip`);
  zip.writeZip(zipPath);
  return { ok: true, zipPath, manifest, envFile: existsSync(envFile) ? envFile : undefined, warnings };
}
