// The real server over HTTP, with a fake Bot Connector on loopback standing in for Teams.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server.js';
import { silentLog } from '../../src/log.js';
import { installationAdd, teamsMessage } from '../../src/testkit/activities.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { type FakeConnector, cardLinks, cardText, cardsOf, startFakeConnector } from '../../src/testkit/fake-connector.js';

let connector: FakeConnector;
let app: TestApp;

beforeAll(async () => {
  connector = await startFakeConnector();
  app = await startTestApp({ MAX_BODY_BYTES: '65536' });
});
afterAll(async () => {
  await app?.stop();
  await connector?.close();
});
beforeEach(() => connector.reset());

describe('a question in a channel', () => {
  it('@mentioning the bot gets one card with the right link, as a reply in the thread', async () => {
    const activity = teamsMessage({ serviceUrl: connector.url, scope: 'channel', mentionBot: true, text: 'how do we protect against ransomware' });
    const res = await app.post(activity);
    expect(res.status).toBe(200);
    const [reply] = await connector.waitFor(1);
    expect(reply!.conversationId).toBe('19:channel@thread.tacv2;messageid=1');
    expect(reply!.replyToId).toBe(activity.id);
    const [card] = cardsOf(reply!);
    expect(card.version).toBe('1.5');
    expect(cardLinks(card)[0]).toMatch(/\/security\/ransomware\/protect-against-ransomware|data-compliance-gov-ransomware-recovery-readiness/);
    expect(cardText(card)).toMatch(/Microsoft Learn, CC BY 4\.0/);
  });

  it("links Learn in the asker's language (Teams sends it as the activity's locale)", async () => {
    for (const [locale, segment] of [
      ['fr-FR', 'fr-fr'],
      ['pt', 'pt-br'],
      ['xx-YY', 'en-us'],
    ] as const) {
      connector.reset();
      await app.post({
        ...teamsMessage({ serviceUrl: connector.url, scope: 'channel', mentionBot: true, text: 'how do we protect against ransomware' }),
        locale,
      });
      const [reply] = await connector.waitFor(1);
      const links = cardLinks(cardsOf(reply!)[0]!).filter((l) => l.includes('learn.microsoft.com'));
      expect(links.length, locale).toBeGreaterThan(0);
      for (const l of links) expect(l, locale).toContain(`https://learn.microsoft.com/${segment}/`);
    }
  });

  it('welcomes the team when the bot is installed', async () => {
    expect((await app.post(installationAdd(connector.url))).status).toBe(200);
    const [reply] = await connector.waitFor(1);
    expect(cardText(cardsOf(reply!)[0])).toMatch(/Zero Trust/);
  });
});

describe('bad requests get a short 4xx and change nothing', () => {
  const cases: [string, () => Promise<Response>, number][] = [
    ['malformed JSON', () => app.post('{"type": "message", '), 400],
    ['a body that is not JSON', () => fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello bot' }), 415],
    ['a JSON array', () => app.post([1, 2, 3]), 400],
    ['an object without a type', () => app.post({ text: 'hi' }), 400],
    ['a type that is not a string', () => app.post({ type: 42 }), 400],
    ['a conversation that is not an object', () => app.post({ type: 'message', conversation: 'x', text: 'hi' }), 400],
    ['a body over the size limit', () => app.post({ type: 'message', text: 'x'.repeat(70_000) }), 413],
    // Local mode has no authentication: it must not be made to post to someone else's server.
    [
      'a serviceUrl off this machine, in local mode',
      () => app.post(teamsMessage({ serviceUrl: 'https://smba.example.invalid/', scope: 'groupChat', text: 'hi' })),
      400,
    ],
    [
      'a conversation id that is a path',
      () => app.post({ ...teamsMessage({ serviceUrl: connector.url, scope: 'groupChat', text: 'hi' }), conversation: { id: '../../../../etc/passwd' } }),
      400,
    ],
  ];
  for (const [name, send, status] of cases) {
    it(`${name} -> ${status} with a JSON error`, async () => {
      const res = await send();
      expect(res.status).toBe(status);
      const body = await res.json();
      expect(body.error.message).toEqual(expect.any(String));
      expect(connector.sent).toHaveLength(0);
    });
  }

  it('an unknown activity type is accepted and ignored', async () => {
    const res = await app.post({ ...teamsMessage({ serviceUrl: connector.url }), type: 'somethingNew', text: undefined });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(connector.sent).toHaveLength(0);
  });

  it('the server is still healthy afterwards', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('ok');
    expect(body.pillars).toBe(7);
    expect(body.checklists).toBe(3);
  });
});

describe('when a turn fails', () => {
  it('the user gets a short friendly card with a correlation id, not silence', async () => {
    // The connector refuses the answer (as it does for a card it cannot deliver): the turn fails.
    connector.failNext({ status: 400 });
    const res = await app.post(teamsMessage({ serviceUrl: connector.url, scope: 'groupChat', text: 'what is conditional access' }));
    expect(res.status).toBeLessThan(500);
    const [reply] = await connector.waitFor(1);
    const text = cardText(cardsOf(reply!)[0]);
    expect(text).toMatch(/could not finish|try again/i);
    expect(text).toMatch(/[0-9a-f]{8}/);
  });
});

describe('a failed turn in the middle of a walkthrough', () => {
  it('is logged with the correlation id the user sees, and the next message starts clean', async () => {
    const logged: Record<string, unknown>[] = [];
    const log = { info: () => {}, warn: () => {}, error: (event: string, f: Record<string, unknown> = {}) => logged.push({ event, ...f }) };
    const own = await startTestApp({}, log);
    try {
      const say = (text: string) => own.post(teamsMessage({ serviceUrl: connector.url, scope: 'groupChat', userId: '29:bob', text }));
      await say('pillar identity');
      await connector.waitFor(1);
      connector.reset();
      connector.failNext({ status: 400 });
      await say('1');
      const [errorReply] = await connector.waitFor(1);
      const id = /[0-9a-f]{8}/.exec(cardText(cardsOf(errorReply!)[0]))![0];
      expect(logged).toContainEqual(expect.objectContaining({ event: 'turn.failed', correlationId: id }));
      connector.reset();
      await say('next');
      const [after] = await connector.waitFor(1);
      expect(cardText(cardsOf(after!)[0])).not.toMatch(/\d of \d/);
    } finally {
      await own.stop();
    }
  });
});

describe('health while loading', () => {
  it('answers 503 until the knowledge base is loaded, then 200', async () => {
    let ready = false;
    const s = createServer({
      config: { maxBodyBytes: 1024, shutdownTimeoutMs: 100 },
      log: silentLog,
      health: () => ({ ready, details: { entries: ready ? 10 : 0 } }),
      messages: async (_req, res) => void res.send(200),
    });
    const { port } = await s.listen(0, '127.0.0.1');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(503);
    const early = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"message"}',
    });
    expect(early.status).toBe(503);
    ready = true;
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    await s.close();
  });
});

describe('with an app id set', () => {
  let secured: TestApp;
  beforeAll(async () => {
    secured = await startTestApp({
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'MultiTenant',
    });
  });
  afterAll(() => secured?.stop());

  it('a request without a token gets 401', async () => {
    const res = await secured.post(teamsMessage({ serviceUrl: connector.url, text: 'hello' }));
    expect(res.status).toBe(401);
    expect(connector.sent).toHaveLength(0);
  });

  it('a request with a token that is not a JWT gets 401', async () => {
    const res = await secured.post(teamsMessage({ serviceUrl: connector.url, text: 'hello' }), { authorization: 'Bearer not.a.token' });
    expect(res.status).toBe(401);
  });
});

describe("the pages the app's manifest points at", () => {
  it.each([
    ['websiteUrl', '/', /Zero Trust guide/],
    ['privacyUrl', '/privacy', /What it keeps/],
    ['termsOfUseUrl', '/terms', /CC BY 4\.0/],
  ])('%s (%s) answers 200 with a page, not a 404', async (field, path, content) => {
    const manifest = JSON.parse(readFileSync(resolve(__dirname, '../../appPackage/manifest.json'), 'utf8'));
    expect(manifest.developer[field]).toBe(`https://\${{BOT_DOMAIN}}${path}`);
    const res = await fetch(`${app.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(content);
  });
});
