// Builds the Teams app package (appPackage/build/appPackage.<env>.zip): the manifest template with its
// placeholders filled and its command lists written from the command table (src/bot/commands.ts).
//   npm run package                       env "dev": variables from the environment, then env/.env.dev
//   npm run package -- --env NAME         reads env/.env.NAME
//   --app-dir DIR   folder with manifest.json and icons (default appPackage)
//   --out DIR       where the zip goes (default appPackage/build)
//   --env-dir DIR   folder of .env.<name> files (default env)
// Exit 1 with every problem listed: unfilled placeholders, more than 10 commands for Teams' command menu,
// schema errors (offline, the schema bundled in @microsoft/app-manifest), Teams rules, icon sizes and transparency.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAppPackage } from '../package/build.js';
import { ROOT } from './args.js';

function usage(message: string): never {
  console.error(`${message}\nusage: npm run package -- [--env NAME] [--app-dir DIR] [--out DIR] [--env-dir DIR]`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      env: { type: 'string', default: 'dev' },
      'app-dir': { type: 'string' },
      out: { type: 'string' },
      'env-dir': { type: 'string' },
    },
  }));
} catch (err) {
  usage(err instanceof Error ? err.message : String(err));
}
if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(values.env)) usage(`bad environment name: ${JSON.stringify(values.env)}`);

const appDir = values['app-dir'] ? resolve(values['app-dir']) : resolve(ROOT, 'appPackage');
const outDir = values.out ? resolve(values.out) : resolve(appDir, 'build');
const envDir = values['env-dir'] ? resolve(values['env-dir']) : resolve(ROOT, 'env');

const result = await buildAppPackage({ appDir, outDir, envDir, env: values.env, environment: process.env });
for (const w of result.warnings) console.error(`warning: ${w}`);
if (!result.ok) {
  console.error(`Teams app package not built (${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}):`);
  for (const e of result.errors) console.error(`  ${e}`);
  process.exit(1);
}
console.log(result.zipPath);
