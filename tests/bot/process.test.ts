// The bot as `npm start` runs it: a separate process, started, used, and stopped with SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsMessage } from '../helpers/activities.js';
import { type FakeConnector, startFakeConnector } from '../helpers/fake-connector.js';

const ROOT = resolve(__dirname, '../..');

function startBot(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', MicrosoftAppId: '', DATA_DIR: mkdtempSync(join(tmpdir(), 'zt-proc-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  const port = new Promise<number>((ok, fail) => {
    const check = () => {
      const m = /"event":"server.listening","port":(\d+)/.exec(out);
      if (m) return ok(Number(m[1]));
      setTimeout(check, 50);
    };
    check();
    exited.then((code) => fail(new Error(`bot exited with ${code}: ${err}`)));
  });
  port.catch(() => {}); // a test that expects the bot to exit never asks for its port
  return { child, port, exited, output: () => ({ out, err }) };
}

async function waitHealthy(port: number) {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    if (res?.status === 200) return res.json();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('bot never became healthy');
}

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
