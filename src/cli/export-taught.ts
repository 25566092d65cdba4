// Writes the phrases taught in Teams as content/taught.yaml, to review and commit:
//   npm run content:export-taught [-- --out FILE]
// Reads the store the bot is configured with (DATA_DIR files, or Azure Blob storage through
// AZURE_STORAGE_ACCOUNT_URL / AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_CONTAINER; environment or
// .env) and CONTENT_DIR. Exit code: 0 written, 1 the store or the content could not be read, 2 bad settings.
import { join, resolve } from 'node:path';
import { cliConfig } from '../config.js';
import { TAUGHT_FILE, loadCatalog } from '../knowledge/content-loader.js';
import { writeTaught } from '../insights/taught-export.js';
import { createStore, storeSettings } from '../storage/index.js';
import { taughtStore } from '../storage/taught.js';

const config = cliConfig();
const i = process.argv.indexOf('--out');
const out = i > 0 && process.argv[i + 1] ? resolve(process.argv[i + 1]!) : join(config.contentDir, TAUGHT_FILE);

try {
  const store = await createStore(storeSettings(config));
  // Reading needs no salt: who taught a phrase is not written to the file.
  const stored = (await taughtStore(store, () => Promise.resolve('')).read())?.value.phrases ?? [];
  const result = writeTaught(out, config.contentDir, loadCatalog(config.contentDir), stored);
  for (const s of result.skipped) console.warn(`left out "${s.phrase}": its entry "${s.entry}" is not in the catalog (a page of the docs only)`);
  console.log(`${out}: ${result.written} phrase(s), ${result.fromStore} from the store, ${result.kept} kept from the file`);
  // The catalog must load with the file as written.
  loadCatalog(config.contentDir);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
