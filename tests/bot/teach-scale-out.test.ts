// Two instances of the bot sharing Azure Blob storage (Azurite), each with its own store object, as when the
// bot is scaled out: a phrase taught on one answers on the other within TAUGHT_REFRESH_SECONDS (here 1 s),
// and on the one it was taught on at once; a removal travels the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerKind } from '../../src/cards/answer.js';
import type { Knowledge } from '../../src/knowledge/index.js';
import { teamsMessage } from '../../src/testkit/activities.js';
import { type FakeConnector, cardText, cardsOf, startFakeConnector } from '../../src/testkit/fake-connector.js';
import { type Azurite, startAzurite } from '../helpers/azurite.js';
import { type TestApp, startTestApp } from '../helpers/app.js';

const ADMIN = '7d3c2a1b-0c4e-4a8e-9d55-3f1f2a6e9c10';
const QUESTION = 'tell me about security stuff';
const REFRESH_SECONDS = 1;

let azurite: Azurite;
let connector: FakeConnector;
let a: TestApp;
let b: TestApp;
let ka: Knowledge;
let kb: Knowledge;

beforeAll(async () => {
  azurite = await startAzurite();
  connector = await startFakeConnector();
  const env = {
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    AZURE_STORAGE_CONTAINER: 'teach-scale-out',
    ADMIN_IDS: ADMIN,
    TAUGHT_REFRESH_SECONDS: String(REFRESH_SECONDS),
  };
  [a, b] = await Promise.all([startTestApp(env), startTestApp(env)]);
  [ka, kb] = await Promise.all([a.ready, b.ready]);
}, 60_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await connector?.close();
  await azurite?.stop();
});

const post = (app: TestApp, text: string, admin = false) => {
  const m = teamsMessage({ serviceUrl: connector.url, scope: 'channel', mentionBot: true, text, userId: admin ? '29:ada' : '29:alice' });
  return app.post(admin ? { ...m, from: { id: '29:ada', name: 'Ada Admin', aadObjectId: ADMIN } } : m);
};

/** Milliseconds until `k` gives `id` as the top result of the question (or gives it no longer, with `not`). */
async function waitForTop(k: Knowledge, id: string, not = false, limitMs = 10_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const isTop = k.search(QUESTION, { limit: 4 }).results[0]?.id === id;
    if (isTop !== not) return Date.now() - started;
    if (Date.now() - started > limitMs) throw new Error(`not within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('two instances on Azure Blob storage (Azurite)', () => {
  it('a phrase taught on one answers on the other within TAUGHT_REFRESH_SECONDS', async () => {
    expect(answerKind(kb.search(QUESTION, { limit: 4 }))).toBe('did-you-mean');
    connector.reset();
    await post(a, 'teach security stuff => ramp:overview', true);
    expect(connector.sent[0]!.activity.text).toMatch(/^Taught: /);
    // At once on the instance it was taught on.
    expect(ka.search(QUESTION, { limit: 4 }).results[0]!.id).toBe('ramp:overview');
    // On the other within the refresh period (and a little for the store's round trip).
    const ms = await waitForTop(kb, 'ramp:overview');
    expect(ms).toBeLessThanOrEqual(REFRESH_SECONDS * 1000 + 500);

    // Someone asking the other instance gets the taught page.
    connector.reset();
    await post(b, QUESTION);
    expect(cardText(cardsOf(connector.sent[0]!)[0])).toContain(kb.entry('ramp:overview')!.title);
  }, 30_000);

  it('a phrase removed on the other is gone on the first within the same time', async () => {
    connector.reset();
    await post(b, 'teach remove security stuff', true);
    expect(connector.sent[0]!.activity.text).toBe('Removed “security stuff” (it led to `ramp:overview`).');
    expect(kb.search(QUESTION, { limit: 4 }).results[0]!.id).not.toBe('ramp:overview');
    const ms = await waitForTop(ka, 'ramp:overview', true);
    expect(ms).toBeLessThanOrEqual(REFRESH_SECONDS * 1000 + 500);
  }, 30_000);
});
