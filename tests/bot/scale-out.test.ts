// Two bot processes sharing one store, as when the bot is scaled out: 50 people clicking 50 items at once
// lose nothing, on the file store (shared DATA_DIR) and on Azure Blob storage (Azurite). And a bot killed
// with SIGKILL mid-click comes back with progress and references intact.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/knowledge/content-loader.js';
import { installationAdd, teamsMessage } from '../../src/testkit/activities.js';
import { type Azurite, startAzurite } from '../helpers/azurite.js';
import { type FakeConnector, startFakeConnector } from '../../src/testkit/fake-connector.js';
import { type BotProcess, startBotProcess } from '../helpers/process.js';

const catalog = loadCatalog(join(__dirname, '../../content'));
const KEY = 'scale-out-notify-key-0123456789';
const CHANNEL = '19:channel@thread.tacv2';
const items = catalog.checklists.flatMap((l) => l.areas.flatMap((a) => a.items.map((i) => ({ checklist: l.id, area: a.id, item: i.id }))));

let connector: FakeConnector;
beforeAll(async () => {
  connector = await startFakeConnector();
});
afterAll(() => connector?.close());

function click(url: string, user: string, data: Record<string, unknown>) {
  const { text: _t, ...base } = teamsMessage({ serviceUrl: connector.url, scope: 'channel', userId: `29:${user}`, userName: user }) as Record<string, unknown>;
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...base, type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'checklist.set', data } } }),
  });
}

async function progressOf(url: string) {
  return (await fetch(`${url}/api/progress/${encodeURIComponent(CHANNEL)}`, { headers: { authorization: `Bearer ${KEY}` } })).json();
}

/** 50 clicks split across the bots: 49 people take one item each, a 50th changes the first again. */
async function fiftyClicks(urls: string[]) {
  const clicks = items.map((item, i) => click(urls[i % urls.length]!, `user${i}`, { ...item, status: 'done' }));
  clicks.push(click(urls[1 % urls.length]!, 'user49', { ...items[0]!, status: 'not-applicable' }));
  const statuses = (await Promise.all(clicks)).map((r) => r.status);
  expect(statuses.filter((s) => s !== 200)).toEqual([]);
}

async function twoBots(env: Record<string, string>): Promise<[BotProcess, BotProcess, string[]]> {
  const a = startBotProcess(env);
  const b = startBotProcess(env);
  const urls = await Promise.all([a.url(), b.url()]);
  return [a, b, urls];
}

describe.each([
  ['the file store (one DATA_DIR)', () => Promise.resolve({ env: { DATA_DIR: mkdtempSync(join(tmpdir(), 'zt-two-')) }, stop: async () => {} })],
  [
    'Azure Blob storage (Azurite)',
    async () => {
      const azurite: Azurite = await startAzurite();
      return { env: { AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: 'scale-out' }, stop: () => azurite.stop() };
    },
  ],
])('two bot processes on %s', (_name, backend) => {
  it('50 concurrent clicks, none lost', async () => {
    const { env, stop } = await backend();
    const [a, b, urls] = await twoBots({ ...env, NOTIFY_API_KEY: KEY });
    try {
      await fetch(`${urls[0]}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(installationAdd(connector.url, 'channel')),
      });
      await fiftyClicks(urls);
      for (const url of urls) {
        const p = await progressOf(url);
        expect(p.history).toHaveLength(50);
        expect(Object.keys(p.items)).toHaveLength(items.length);
      }
    } finally {
      a.child.kill('SIGKILL');
      b.child.kill('SIGKILL');
      await Promise.all([a.exited, b.exited]);
      await stop();
    }
  }, 120_000);
});

describe('kill -9 in the middle of clicks', () => {
  it('the restarted bot has progress and references intact', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zt-kill-'));
    const env = { DATA_DIR: dataDir, NOTIFY_API_KEY: KEY };
    const first = startBotProcess(env);
    const url = await first.url();
    await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(installationAdd(connector.url, 'channel')),
    });
    const settled = items.slice(0, 10).map((item, i) => click(url, `early${i}`, { ...item, status: 'done' }));
    await Promise.all(settled);
    // More clicks in flight when the process dies.
    const inFlight = items.slice(10).map((item, i) => click(url, `late${i}`, { ...item, status: 'in-progress' }).catch(() => undefined));
    await new Promise((r) => setTimeout(r, 30));
    first.child.kill('SIGKILL');
    await first.exited;
    await Promise.all(inFlight);

    const second = startBotProcess(env);
    try {
      const again = await second.url();
      const conversations = await (await fetch(`${again}/api/conversations`, { headers: { authorization: `Bearer ${KEY}` } })).json();
      expect(conversations.conversations.map((c: { conversationId: string }) => c.conversationId)).toContain(CHANNEL);
      const p = await progressOf(again);
      for (const item of items.slice(0, 10)) expect(p.items[`${item.checklist}/${item.item}`].status).toBe('done');
      // Whatever got in before the kill is whole: every change in the history is reflected in the items.
      for (const change of p.history) expect(p.items[`${change.checklist}/${change.item}`]).toBeDefined();
      // And the bot goes on working.
      expect((await click(again, 'after', { ...items[20]!, status: 'done' })).status).toBe(200);
    } finally {
      second.child.kill('SIGKILL');
      await second.exited;
    }
  }, 120_000);
});
