// The fuzz suite: several hundred hostile or malformed requests against the real server. Each is answered
// with a 2xx or a 4xx, never a 5xx; the process stays up and healthy; and a normal question still gets its
// answer afterwards. (bench/fuzz.ts prints the same run's counts and its slowest request.)
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzInputs } from '../../src/testkit/fuzz-inputs.js';
import { teamsMessage } from '../../src/testkit/activities.js';
import { appWithConnector, startTestApp } from '../helpers/app.js';
import { cardText, cardsOf } from '../../src/testkit/fake-connector.js';

const KEY = 'test-notify-key-0123456789abcdef';
const served = appWithConnector();

describe('hostile and malformed requests', () => {
  it('get a 2xx or a 4xx each, never a 5xx, and leave the bot healthy', async () => {
    const failures: string[] = [];
    for (const input of fuzzInputs(served.connector.url, 400)) {
      const res = await served.app.post(input.body);
      if (res.status >= 500)
        failures.push(`${res.status} for ${input.name}: ${input.body.slice(0, 60)} ${input.body.slice(-260)} => ${(await res.text()).slice(0, 100)}`);
    }
    expect(failures).toEqual([]);
    expect((await fetch(`${served.app.url}/healthz`)).status).toBe(200);
    served.connector.reset();
    await served.app.post(teamsMessage({ serviceUrl: served.connector.url, scope: 'groupChat', text: 'what is zero trust' }));
    const [reply] = await served.connector.waitFor(1);
    expect(cardText(cardsOf(reply!)[0])).toMatch(/What is Zero Trust/);
  }, 120_000);
});

describe('ids that would become storage keys', () => {
  it.each([
    ['empty', ''],
    ['a path', '../../../../etc/passwd'],
    ['an object', { id: 'x' }],
    ['a lone surrogate', 'a:\ud800'],
    ['2,000 characters', `19:${'x'.repeat(2000)}@thread.v2`],
    ['with a space', '19:two words@thread.v2'],
  ])('%s: 400, and nothing is stored', async (_name, id) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'zt-ids-'));
    const own = await startTestApp({ DATA_DIR: dataDir, NOTIFY_API_KEY: KEY });
    try {
      const before = readdirSync(join(dataDir, 'kv')).sort();
      const message = {
        ...teamsMessage({ serviceUrl: served.connector.url, scope: 'groupChat', text: 'hi' }),
        conversation: { id, conversationType: 'groupChat' },
      };
      expect((await own.post(message)).status).toBe(400);
      const notify = await fetch(`${own.url}/api/notify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify({ conversationId: id, checklist: 'ransomware' }),
      });
      expect(notify.status).toBe(400);
      expect(readdirSync(join(dataDir, 'kv')).sort()).toEqual(before);
    } finally {
      await own.stop();
    }
  });
});
