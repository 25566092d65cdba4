// Teams' time budget, against the real server and a fake Bot Connector: a long Retry-After is not waited
// for, a slow connector never holds the answer to Teams, and a notify call ends within its stated time.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RETRIES, MAX_RETRY_AFTER_MS } from '../../src/bot/outbound.js';
import { NOTIFY_DEADLINE_MS } from '../../src/bot/external-api.js';
import { installationAdd, teamsMessage } from '../../src/testkit/activities.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { type FakeConnector, cardText, cardsOf, startFakeConnector } from '../../src/testkit/fake-connector.js';

const KEY = 'test-notify-key-0123456789abcdef';
const CHANNEL = '19:channel@thread.tacv2;messageid=1';
let connector: FakeConnector;
let app: TestApp;

const notify = (checklist: string) =>
  fetch(`${app.url}/api/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ conversationId: CHANNEL, checklist }),
  });

beforeAll(async () => {
  connector = await startFakeConnector();
  app = await startTestApp({ DATA_DIR: mkdtempSync(join(tmpdir(), 'zt-budget-')), NOTIFY_API_KEY: KEY });
  await app.post(installationAdd(connector.url, 'channel'));
});
afterAll(async () => {
  await app?.stop();
  await connector?.close();
});
beforeEach(() => {
  connector.delay(0);
  connector.reset();
});

describe('Teams answers 429 with "Retry-After: 3600"', () => {
  it('a notify call ends at once with 503, saying how long Teams asked to wait, after one try', async () => {
    connector.failNext({ status: 429, headers: { 'Retry-After': '3600' } });
    const started = Date.now();
    const res = await notify('ransomware');
    expect(Date.now() - started).toBeLessThan(NOTIFY_DEADLINE_MS);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'Throttled', retryAfterSeconds: 3600 } });
    expect(connector.attempts()).toBe(1);
  });

  it('a question turn ends instead of waiting an hour, and the next question is answered', async () => {
    connector.failNext({ status: 429, headers: { 'Retry-After': '3600' } }, { status: 429, headers: { 'Retry-After': '3600' } });
    const started = Date.now();
    await app.post(teamsMessage({ serviceUrl: connector.url, scope: 'channel', mentionBot: true, text: 'what is zero trust' }));
    expect(Date.now() - started).toBeLessThan(MAX_RETRY_AFTER_MS);
    const res = await app.post(teamsMessage({ serviceUrl: connector.url, scope: 'channel', mentionBot: true, text: 'what is zero trust' }));
    expect(res.status).toBe(200);
    const [reply] = await connector.waitFor(1);
    expect(cardText(cardsOf(reply!)[0])).toMatch(/What is Zero Trust/);
  });

  it('a short Retry-After is waited for, and retried by one policy only', async () => {
    connector.failNext({ status: 429, headers: { 'Retry-After': '1' } });
    const res = await notify('ransomware');
    expect(res.status).toBe(200);
    expect(connector.attempts()).toBe(2);
  });

  it(`a Teams that keeps failing is tried ${MAX_RETRIES + 1} times in all`, async () => {
    connector.failNext(...Array.from({ length: 10 }, () => ({ status: 500 })));
    const res = await notify('ransomware');
    expect(res.status).toBe(500);
    expect(connector.attempts()).toBe(MAX_RETRIES + 1);
  });
});

describe('a slow connector', () => {
  it('never holds the answer to Teams: a message is acknowledged before its reply goes out', async () => {
    connector.delay(3_000);
    const started = Date.now();
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(teamsMessage({ serviceUrl: connector.url, scope: 'channel', mentionBot: true, text: 'what is zero trust' })),
    });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(connector.sent).toHaveLength(0);
    await connector.waitFor(1, 10_000);
  });

  it(`a notify call gives up within ${NOTIFY_DEADLINE_MS / 1000} s and says so`, async () => {
    connector.delay(NOTIFY_DEADLINE_MS + 5_000);
    const res = await notify('ransomware');
    expect(res.status).toBe(504);
    expect((await res.json()).error.code).toBe('TeamsTooSlow');
  }, 30_000);
});
