// The bot as `npm start` runs it: a separate process, started, used, and stopped with SIGTERM.
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsMessage } from '../helpers/activities.js';
import { type FakeConnector, startFakeConnector } from '../helpers/fake-connector.js';
import { startBotProcess, waitHealthy } from '../helpers/process.js';

const ROOT = resolve(__dirname, '../..');
const startBot = startBotProcess;

describe('npm start', () => {
  let connector: FakeConnector;
  beforeAll(async () => {
    connector = await startFakeConnector();
  });
  afterAll(() => connector.close());

  it('serves, and on SIGTERM finishes the turn in flight before it exits', async () => {
    const bot = startBot({});
    let child: ChildProcess | undefined = bot.child;
    try {
      const port = await bot.port;
      const health = await waitHealthy(port);
      expect(health.entries).toBeGreaterThan(100);
      connector.delay(600);
      const inFlight = fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(teamsMessage({ serviceUrl: connector.url, scope: 'groupChat', text: 'passwordless sign in' })),
      });
      await new Promise((r) => setTimeout(r, 250));
      child.kill('SIGTERM');
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect(connector.sent).toHaveLength(1);
      expect(await bot.exited).toBe(0);
      child = undefined;
    } finally {
      connector.delay(0);
      child?.kill('SIGKILL');
    }
  });

  it('refuses to start on a broken content file, naming the file, the entry and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zt-content-'));
    cpSync(join(ROOT, 'content'), dir, { recursive: true });
    writeFileSync(join(dir, 'principles.yaml'), 'principles:\n  - id: verify-explicitly\n    name: Verify explicitly\n    url: https://learn.microsoft.com/security/zero-trust/zero-trust-overview\n');
    const bot = startBot({ CONTENT_DIR: dir });
    expect(await bot.exited).toBe(1);
    expect(bot.output().err).toMatch(/principles\.yaml: principles\[0\] \(id "verify-explicitly"\)\.summary/);
  });

  it('refuses to start on a bad setting, saying which', async () => {
    const bot = startBot({ MicrosoftAppId: 'some-app', MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'x' });
    expect(await bot.exited).toBe(1);
    expect(bot.output().err).toMatch(/MicrosoftAppTenantId is required for SingleTenant/);
  });
});
