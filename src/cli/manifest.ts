// Writes the app manifest the Microsoft 365 Agents Toolkit reads (m365agents*.yml run this first):
// appPackage/manifest.json with its command lists written from the command table (src/bot/commands.ts),
// its ${{VAR}} placeholders left for the toolkit to fill, and the two icons copied beside it.
//   npm run manifest                writes appPackage/build/manifest.json, color.png and outline.png
//   --app-dir DIR   folder with the template manifest.json and the icons (default appPackage)
//   --out DIR       where they go (default <app-dir>/build)
// Exit 1 naming the problem: more than 10 commands for Teams' command menu, commands written into the
// template by hand, an icon that is missing or not a file beside the manifest.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { COMMANDS } from '../bot/commands.js';
import { CommandListError, withCommandLists } from '../package/command-lists.js';
import { ROOT } from './args.js';

function usage(message: string): never {
  console.error(`${message}\nusage: npm run manifest -- [--app-dir DIR] [--out DIR]`);
  process.exit(2);
}

function fail(message: string): never {
  console.error(`app manifest not written: ${message}`);
  process.exit(1);
}

let values;
try {
  ({ values } = parseArgs({ options: { 'app-dir': { type: 'string' }, out: { type: 'string' } } }));
} catch (err) {
  usage(err instanceof Error ? err.message : String(err));
}
const appDir = values['app-dir'] ? resolve(values['app-dir']) : resolve(ROOT, 'appPackage');
const outDir = values.out ? resolve(values.out) : resolve(appDir, 'build');
if (outDir === appDir) usage('--out must not be the folder of the template: it would overwrite it');

const templateFile = join(appDir, 'manifest.json');
if (!existsSync(templateFile)) fail(`${templateFile} not found`);
let manifest: Record<string, unknown>;
try {
  manifest = withCommandLists(JSON.parse(readFileSync(templateFile, 'utf8')) as Record<string, unknown>, COMMANDS, templateFile);
} catch (err) {
  if (err instanceof CommandListError || err instanceof SyntaxError) fail(err.message);
  throw err;
}

const icons = (manifest.icons ?? {}) as Record<string, unknown>;
const iconFiles = [...new Set([icons.color, icons.outline])];
for (const ref of iconFiles) {
  if (typeof ref !== 'string' || !ref || ref.includes('/') || ref.includes('\\'))
    fail(`icons must be files beside ${templateFile}, found ${JSON.stringify(ref)}`);
  if (!existsSync(join(appDir, ref))) fail(`${join(appDir, ref)} not found`);
}

mkdirSync(outDir, { recursive: true });
for (const ref of iconFiles as string[]) copyFileSync(join(appDir, ref), join(outDir, ref));
const outFile = join(outDir, 'manifest.json');
writeFileSync(outFile, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(outFile);
