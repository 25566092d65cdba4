// The bot keeps itself on today's docs: it starts with its catalog, syncs the docs from (a local stand-in
// for) GitHub, rebuilds its index in the background and answers from the new copy; a failed sync keeps the
// last good copy; a restart while offline starts from it; a removed page and a new redirect take effect.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsMessage } from '../../src/testkit/activities.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { type DocsSource, startDocsSource } from '../helpers/docs-source.js';
import { type FakeConnector, cardLinks, cardText, cardsOf, startFakeConnector } from '../../src/testkit/fake-connector.js';

const CORPUS = resolve(__dirname, '../../../shared/corpus');

let source: DocsSource;
let connector: FakeConnector;
let app: TestApp;
const dataDir = mkdtempSync(join(tmpdir(), 'zt-docs-refresh-'));
const settings = (s: DocsSource) => ({ DATA_DIR: dataDir, DOCS_SOURCE_URL: s.sourceUrl, DOCS_RAW_URL: s.rawUrl, DOCS_REFRESH_HOURS: '24' });

beforeAll(async () => {
  source = await startDocsSource({ docsDir: join(CORPUS, 'zero-trust-head'), redirectsFile: join(CORPUS, 'redirects-zero-trust.json') });
  connector = await startFakeConnector();
  app = await startTestApp(settings(source));
});
afterAll(async () => {
  await app?.stop();
  await connector?.close();
  await source?.close();
});

async function ask(text: string) {
  connector.reset();
  await app.post(teamsMessage({ serviceUrl: connector.url, scope: 'groupChat', mentionBot: true, text }));
  const [reply] = await connector.waitFor(1);
  return cardsOf(reply!)[0]!;
}
const health = async () => (await (await fetch(`${app.url}/healthz`)).json()).docs;

describe('a bot that keeps itself on today’s docs', () => {
  it('answers from its catalog before the first sync', async () => {
    expect(await health()).toMatchObject({ source: 'none' });
    const card = await ask('how do I block legacy authentication');
    expect(cardText(card)).not.toMatch(/Excerpt from Microsoft Learn/);
  });

  it('syncs, swaps the new index in, and answers with an excerpt of the docs and the time of the sync', async () => {
    const result = await app.syncDocsNow();
    expect(result).toMatchObject({ ok: true, changed: true });
    const docs = await health();
    expect(docs).toMatchObject({ source: 'synced', commit: source.head(), lastSync: { ok: true } });
    const card = await ask('how do I block legacy authentication');
    const text = cardText(card);
    expect(text).toMatch(/Excerpt from Microsoft Learn/);
    expect(text).toMatch(/Read from today's docs, synced \d{1,2} \w+ \d{4}, \d{2}:\d{2} UTC/);
    expect(cardText(await ask('about'))).toMatch(/Synced .* from MicrosoftDocs\/security \(commit [0-9a-f]{7}\)/);
  });

  it('keeps the last good copy when a sync fails, and says so on /healthz', async () => {
    const before = await health();
    source.setFile('deploy/identity.md', 'changed\n');
    source.inject({ type: 'status', on: { file: 'deploy/identity.md' }, status: 500 });
    const result = await app.syncDocsNow();
    source.clearFaults();
    expect(result).toMatchObject({ ok: false });
    const after = await health();
    expect(after).toMatchObject({ source: 'synced', commit: before.commit, lastSync: { ok: false } });
    expect(after.lastSync.problem).toMatch(/deploy\/identity\.md/);
    expect(cardText(await ask('how do I block legacy authentication'))).toMatch(/Excerpt from Microsoft Learn/);
  });

  it('takes a removed page and a new redirect into account after the next sync', async () => {
    source.removeFile('deploy/identity.md');
    source.addRedirect({
      source_path: 'security-docs/zero-trust/deploy/identity.md',
      redirect_url: '/security/zero-trust/deploy/overview',
      redirect_document_id: false,
    });
    expect(await app.syncDocsNow()).toMatchObject({ ok: true, changed: true });
    // A question, and the pillar command: both link where the page lives now.
    for (const card of [await ask('securing identity with zero trust'), await ask('pillar identity')]) {
      expect(cardLinks(card).some((l) => l.endsWith('/security/zero-trust/deploy/overview'))).toBe(true);
      expect(cardLinks(card).some((l) => l.endsWith('/security/zero-trust/deploy/identity'))).toBe(false);
    }
    expect(cardText(await ask('securing identity with zero trust'))).toMatch(/retired/i);
  });

  it('starts from the last synced copy when it cannot reach the source', async () => {
    await app.stop();
    app = await startTestApp({ ...settings(source), DOCS_SOURCE_URL: 'http://127.0.0.1:9/api/repos/x/y', DOCS_RAW_URL: 'http://127.0.0.1:9/raw/x/y' });
    expect(await health()).toMatchObject({ source: 'synced', commit: source.head() });
    expect(cardText(await ask('how do I block legacy authentication'))).toMatch(/Excerpt from Microsoft Learn/);
    const result = await app.syncDocsNow();
    expect(result).toMatchObject({ ok: false });
    expect(await health()).toMatchObject({ source: 'synced', commit: source.head() });
  });
});
