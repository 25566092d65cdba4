// Brings the copy of Microsoft's Zero Trust docs under DATA_DIR/docs up to date with what is published now.
//   npm run docs:sync
// Reads DATA_DIR, DOCS_SOURCE_URL, DOCS_RAW_URL, DOCS_BRANCH and GITHUB_TOKEN (environment or .env).
// Runs whatever DOCS_REFRESH_HOURS says: that setting is for the bot's own refresh.
// Exit code: 0 synced or already current, 1 the sync failed (the last good copy stays), 2 bad settings.
import { cliConfig } from '../config.js';
import { syncDocs } from '../knowledge/docs-sync.js';

const config = cliConfig();

const token = config.docsToken;
console.log(`docs sync: ${config.docsSourceUrl} (${config.docsBranch}) into ${config.dataDir}${token ? ', with GITHUB_TOKEN' : ''}`);
const result = await syncDocs({
  dataDir: config.dataDir,
  sourceUrl: config.docsSourceUrl,
  rawUrl: config.docsRawUrl,
  branch: config.docsBranch,
  token,
});
const requests = `${result.requests} request(s), ${result.apiRequests} to the API`;

if (result.ok) {
  if (result.changed) {
    console.log(
      `synced commit ${result.commit}: ${result.files} files (${result.downloaded} downloaded, ${result.kept} kept, ${result.removed} removed), ${result.redirects} redirects`,
    );
  } else {
    console.log(`already current: commit ${result.commit}, ${result.files} files, synced at ${result.syncedAt}`);
  }
  console.log(`${requests}; copy in ${result.dir}`);
  for (const w of result.warnings) console.warn(`warning: ${w}`);
  process.exit(0);
}

console.error(`docs sync failed (${result.failure.kind}): ${result.failure.message}`);
if (result.downloaded || result.kept)
  console.error(`discarded the unfinished copy (${result.downloaded} downloaded, ${result.kept} carried over before it stopped)`);
console.error(result.commit ? `kept the last good copy: commit ${result.commit}, synced at ${result.syncedAt}` : 'there is no copy yet');
console.error(requests);
process.exit(1);
