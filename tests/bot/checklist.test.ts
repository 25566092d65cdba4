// RaMP checklists in channels, over HTTP with a fake Bot Connector: post, click, concurrent clicks,
// restart, and posting from outside through the notify API.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/knowledge/content-loader.js';
import { installationAdd, teamsMessage } from '../../src/testkit/activities.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { type FakeConnector, cardText, cardsOf, startFakeConnector } from '../../src/testkit/fake-connector.js';

const catalog = loadCatalog(join(__dirname, '../../content'));
const KEY = 'test-notify-key-0123456789abcdef';
const CHANNEL = '19:channel@thread.tacv2;messageid=1';
const allItems = catalog.checklists.flatMap((l) => l.areas.flatMap((a) => a.items.map((i) => ({ checklist: l.id, area: a.id, item: i.id }))));

let connector: FakeConnector;
let dataDir: string;
let app: TestApp;

const say = (text: string, extra: Record<string, unknown> = {}) =>
  app.post({ ...teamsMessage({ serviceUrl: connector.url, scope: 'channel', mentionBot: true, text }), ...extra });

function click(a: TestApp, user: string, data: Record<string, unknown>) {
  const {
    text: _t,
    entities: _e,
    ...base
  } = teamsMessage({ serviceUrl: connector.url, scope: 'channel', userId: `29:${user}`, userName: user }) as Record<string, unknown>;
  return a.post({
    ...base,
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: 'card-1',
    value: { action: { type: 'Action.Execute', verb: 'checklist.set', data } },
  });
}

const api = (path: string, init: RequestInit = {}, key: string | null = KEY) =>
  fetch(`${app.url}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...(init.headers ?? {}) },
  });

beforeAll(async () => {
  connector = await startFakeConnector();
  dataDir = mkdtempSync(join(tmpdir(), 'zt-checklist-'));
  app = await startTestApp({ DATA_DIR: dataDir, NOTIFY_API_KEY: KEY });
});
afterAll(async () => {
  await app?.stop();
  await connector?.close();
});
beforeEach(() => connector.reset());

describe('posting a checklist in a channel', () => {
  it('"checklist ransomware" posts its items with status, owner and one-click buttons', async () => {
    await say('checklist ransomware');
    const [reply] = await connector.waitFor(1);
    const card = cardsOf(reply!)[0];
    const text = cardText(card);
    expect(text).toMatch(/Ransomware recovery readiness/);
    expect(text).toMatch(/0 of 5 done/);
    expect(text).toMatch(/Role: /);
    expect(JSON.stringify(card)).toMatch(/"verb":"checklist.set"/);
  });

  it('a long checklist comes as one card per area, each under 28 KB', async () => {
    await say('checklist validate trust');
    const replies = await connector.waitFor(4);
    expect(replies.map((r) => cardText(cardsOf(r)[0]).split('\n')[1])).toEqual(catalog.checklists[0]!.areas.map((a) => expect.stringContaining(a.name)));
    for (const r of replies) expect(Buffer.byteLength(JSON.stringify(cardsOf(r)[0]))).toBeLessThanOrEqual(28 * 1024);
  });

  it('an unknown checklist gets the list of the ones there are', async () => {
    await say('checklist pizza');
    const [reply] = await connector.waitFor(1);
    expect(reply!.activity.text).toMatch(/no RaMP checklist for "pizza".*checklist/);
  });
});

describe('ticking items off', () => {
  it('a click is answered with the updated card, naming who changed it', async () => {
    const item = allItems.find((i) => i.checklist === 'ransomware-recovery-readiness')!;
    const res = await click(app, 'ada', { ...item, status: 'done' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(body.value)).toMatch(/1 of 5 done/);
    expect(cardText(body.value)).toMatch(/ada/);
    // Teams refreshes the card for the people named by their MRI (from.id), never by AAD object id ...
    expect(body.value.refresh.userIds).toContain('29:ada');
    expect(body.value.refresh.userIds).not.toContain('aad-29:ada');
    // ... and the message itself is updated for everyone in the conversation.
    const [update] = await connector.waitFor(1);
    expect(update!.method).toBe('PUT');
    expect(update!.path).toMatch(/\/activities\/card-1$/);
    expect(cardText(cardsOf(update!)[0])).toMatch(/1 of 5 done/);
  });

  it("an older client's Action.Submit updates the card in place for everyone", async () => {
    const item = allItems.find((i) => i.checklist === 'ransomware-recovery-readiness')!;
    await say('', { text: undefined, entities: [], value: { action: 'checklist.set', ...item, status: 'in-progress' }, replyToId: 'posted-card-7' });
    const [update] = await connector.waitFor(1);
    expect(update!.method).toBe('PUT');
    expect(update!.path).toMatch(/\/activities\/posted-card-7$/);
    expect(cardText(cardsOf(update!)[0])).toMatch(/ · In progress \(/);
  });

  it('a bad click changes nothing and says why', async () => {
    const res = await click(app, 'ada', { checklist: 'ransomware-recovery-readiness', item: 'no-such-item', status: 'done' });
    const body = await res.json();
    expect(body.statusCode).toBe(400);
    expect(body.value.message).toMatch(/no item "no-such-item"/);
  });

  it('progress shows each checklist as "N of M done" and the latest changes', async () => {
    await say('progress');
    const [reply] = await connector.waitFor(1);
    const text = cardText(cardsOf(reply!)[0]);
    expect(text).toMatch(/Ransomware recovery readiness/);
    expect(text).toMatch(/0 of 5 done/); // the item went done -> in progress
    expect(text).toMatch(/set .* to \*\*In progress\*\*/);
  });

  it('export gives a Markdown and a CSV summary', async () => {
    await say('export');
    const [md, csv] = await connector.waitFor(2);
    expect(md!.activity.text).toMatch(/# RaMP checklist progress/);
    expect(csv!.activity.text).toMatch(/checklist,area,number,item,role,status,changed by,changed at,reason,owner,due,note/);
  });
});

describe('50 people clicking at once', () => {
  it('keeps every change', async () => {
    const fresh = await startTestApp({ DATA_DIR: mkdtempSync(join(tmpdir(), 'zt-50-')), NOTIFY_API_KEY: KEY });
    try {
      // 49 items exist across the three checklists: 49 people take one each, a 50th changes the first again.
      const clicks = allItems.map((item, i) => click(fresh, `user${i}`, { ...item, status: 'done' }));
      clicks.push(click(fresh, 'user49', { ...allItems[0]!, status: 'not-applicable' }));
      const results = await Promise.all(clicks);
      expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
      await fresh.post(installationAdd(connector.url, 'channel'));
      const progress = await (await fetch(`${fresh.url}/api/progress/${encodeURIComponent(CHANNEL)}`, { headers: { authorization: `Bearer ${KEY}` } })).json();
      expect(progress.history).toHaveLength(50);
      expect(Object.keys(progress.items)).toHaveLength(allItems.length);
    } finally {
      await fresh.stop();
    }
  });
});

describe('the notify API', () => {
  const notify = (body: unknown, key: string | null = KEY) => api('/api/notify', { method: 'POST', body: JSON.stringify(body) }, key);

  it('refuses a request without the right key', async () => {
    expect((await notify({ conversationId: CHANNEL, checklist: 'ransomware' }, null)).status).toBe(401);
    expect((await notify({ conversationId: CHANNEL, checklist: 'ransomware' }, 'wrong-key-wrong-key-wrong')).status).toBe(401);
    expect(connector.sent).toHaveLength(0);
  });

  it('404 for a conversation the bot is not installed in', async () => {
    const res = await notify({ conversationId: '19:elsewhere@thread.v2', checklist: 'ransomware' });
    expect(res.status).toBe(404);
  });

  it('400 for an unknown checklist, listing the valid ones', async () => {
    await app.post(installationAdd(connector.url, 'channel'));
    await connector.waitFor(1);
    connector.reset();
    const res = await notify({ conversationId: CHANNEL, checklist: 'pizza' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.valid.map((v: { id: string }) => v.id).sort()).toEqual(catalog.checklists.map((l) => l.id).sort());
  });

  it('400 for a malformed body', async () => {
    expect((await notify({ conversationId: 7 })).status).toBe(400);
    expect((await api('/api/notify', { method: 'POST', body: '{bad json' })).status).toBe(400);
  });

  it('posts the checklist into the conversation', async () => {
    const res = await notify({ conversationId: CHANNEL, checklist: 'data protection' });
    expect(res.status).toBe(200);
    const body = await res.json();
    const sent = await connector.waitFor(body.posted);
    expect(sent[0]!.conversationId).toBe('19:channel@thread.tacv2');
    expect(cardText(cardsOf(sent[0]!)[0])).toMatch(/Data protection/);
  });

  it('waits and retries when Teams answers 429', async () => {
    connector.failNext({ status: 429, headers: { 'Retry-After': '1' } });
    const started = Date.now();
    const res = await notify({ conversationId: CHANNEL, checklist: 'ransomware' });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(connector.sent).toHaveLength(1);
  });

  it('lists where the bot is installed, and forgets a conversation that answers 403', async () => {
    const listed = await (await api('/api/conversations')).json();
    expect(listed.conversations.map((c: { conversationId: string }) => c.conversationId)).toContain('19:channel@thread.tacv2');
    connector.failNext({ status: 403 });
    const res = await notify({ conversationId: CHANNEL, checklist: 'ransomware' });
    expect(res.status).toBe(410);
    const after = await (await api('/api/conversations')).json();
    expect(after.conversations.map((c: { conversationId: string }) => c.conversationId)).not.toContain('19:channel@thread.tacv2');
  });

  it('progress comes as JSON or CSV', async () => {
    await app.post(installationAdd(connector.url, 'channel'));
    const json = await (await api(`/api/progress/${encodeURIComponent(CHANNEL)}`)).json();
    expect(json.checklists.map((c: { id: string }) => c.id)).toContain('ransomware-recovery-readiness');
    const csv = await api(`/api/progress/${encodeURIComponent(CHANNEL)}?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await csv.text()).toMatch(/^checklist,area,number,item/);
  });

  it('takes the key only exactly as configured', async () => {
    for (const header of [`Bearer  ${KEY}`, `Bearer ${KEY} extra`, `Bearer ${KEY.slice(0, -1)}`, `Basic ${KEY}`, KEY]) {
      const res = await fetch(`${app.url}/api/conversations`, { headers: { authorization: header } });
      expect(res.status, header).toBe(401);
    }
    expect((await fetch(`${app.url}/api/conversations`, { headers: { authorization: `Bearer ${KEY}` } })).status).toBe(200);
  });

  it('is off (404) when no key is configured', async () => {
    const off = await startTestApp({ DATA_DIR: mkdtempSync(join(tmpdir(), 'zt-off-')) });
    try {
      const res = await fetch(`${off.url}/api/notify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: '{}',
      });
      expect(res.status).toBe(404);
    } finally {
      await off.stop();
    }
  });
});

describe('a restart on the same data folder', () => {
  it('keeps progress and where the bot is installed', async () => {
    await app.post(installationAdd(connector.url, 'channel'));
    await click(app, 'bo', { ...allItems[5]!, status: 'done' });
    await app.stop();
    app = await startTestApp({ DATA_DIR: dataDir, NOTIFY_API_KEY: KEY });
    const listed = await (await api('/api/conversations')).json();
    expect(listed.conversations.map((c: { conversationId: string }) => c.conversationId)).toContain('19:channel@thread.tacv2');
    const progress = await (await api(`/api/progress/${encodeURIComponent(CHANNEL)}`)).json();
    expect(progress.items[`${allItems[5]!.checklist}/${allItems[5]!.item}`].status).toBe('done');
  });
});

describe('a checklist too large for one card', () => {
  it("a refresh or click without an area is answered with one area's card, within Teams' 28 KB", async () => {
    const list = catalog.checklists.find((l) => l.id === 'validate-trust')!;
    const { text: _t, entities: _e, ...base } = teamsMessage({ serviceUrl: connector.url, scope: 'channel' }) as Record<string, unknown>;
    for (const data of [{ checklist: list.id }, { checklist: list.id, item: list.areas[1]!.items[0]!.id, status: 'done' }]) {
      const verb = 'status' in data ? 'checklist.set' : 'checklist.refresh';
      const res = await app.post({ ...base, type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } });
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(28 * 1024);
      expect(JSON.parse(body).statusCode).toBe(200);
    }
  });
});
