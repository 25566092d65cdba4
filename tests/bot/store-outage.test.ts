// When the bot's store (Azure Blob, on the Azurite emulator) stops answering or goes away: the user still
// gets a reply within seconds saying what happened, /healthz says 503, and both recover when it returns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsMessage } from '../../src/testkit/activities.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { type Azurite, startAzurite } from '../helpers/azurite.js';
import { type FakeConnector, cardText, cardsOf, startFakeConnector } from '../../src/testkit/fake-connector.js';

let azurite: Azurite;
let app: TestApp;
let connector: FakeConnector;
let n = 0;

beforeAll(async () => {
  azurite = await startAzurite();
  connector = await startFakeConnector();
  app = await startTestApp({ AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: 'outage-test' });
}, 60_000);
afterAll(async () => {
  await app?.stop();
  await connector?.close();
  await azurite?.stop();
});

/** Asks a question in a new chat (so nothing about it is cached) and times the reply. */
async function ask(text: string) {
  connector.reset();
  const started = Date.now();
  const res = await app.post(teamsMessage({ serviceUrl: connector.url, text, scope: 'groupChat', conversationId: `19:outage-${++n}@thread.v2` }));
  const [reply] = await connector.waitFor(1, 10_000);
  return { status: res.status, ms: Date.now() - started, text: cardText(cardsOf(reply!)[0]) };
}

const health = async () => {
  const res = await fetch(`${app.url}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe.each([
  ['stalled (frozen, never answers)', () => azurite.pause(), async () => azurite.resume()],
  ['stopped', () => azurite.down(), () => azurite.up()],
])('with the store %s', (_name, breakIt, mendIt) => {
  it('a question is answered within 5 s, saying the store cannot be reached; /healthz says 503; both recover', async () => {
    expect((await health()).status).toBe(200);
    await breakIt();
    try {
      const down = await ask('what is zero trust');
      expect(down.ms).toBeLessThan(5_000);
      expect(down.text).toMatch(/can’t reach my storage/);
      const h = await health();
      expect(h.status).toBe(503);
      expect(h.body).toMatchObject({ status: 'store-unavailable', store: 'unavailable' });
    } finally {
      await mendIt();
    }
    const deadline = Date.now() + 15_000;
    while ((await health()).status !== 200 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect((await health()).status).toBe(200);
    const up = await ask('what is zero trust');
    expect(up.text).toMatch(/What is Zero Trust/);
  }, 60_000);
});
